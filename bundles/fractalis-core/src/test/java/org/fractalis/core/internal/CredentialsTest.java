package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.Test;

/**
 * An ETL's token and auth object never travel in the job message (a broker may keep messages on disk): they are
 * sealed in the store for the worker and removed when the job ends.
 */
class CredentialsTest {

    private static final Settings ENCRYPTED = Settings.from(Map.of("encrypt.cache", "true", "secret", "s3cret"));

    @Test
    void tokenAndAuthStayOutOfTheJobMessageAndAreSealedUntilTheJobEnds() throws Exception {
        try (CoreHarness n = new CoreHarness(ENCRYPTED).startWorker()) {
            CountDownLatch release = new CountDownLatch(1);
            n.connector.on("age", r -> {
                release.await();
                return CoreHarness.defaultFrame(r.descriptor());
            });
            String s = n.newSession();
            String id = n.core.load(s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER,
                    Map.of("token", "secret-token"), List.of(desc(DataKind.NUMERICAL, "age")))).get(0);
            // while the job runs, its credentials are in the store, encrypted
            byte[] sealed = n.store.get("credentials:" + id).orElseThrow();
            assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("secret-token"));
            release.countDown();
            n.core.awaitSession(s, WAIT);
            n.awaitHandled(id);
            assertEquals(JobState.SUCCESS, only(n, s).etlState());
            assertEquals("secret-token", n.connector.requests.get(0).token());
            JobMessage m = n.messages.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
            assertFalse(m.payload().contains("secret-token"), m.payload());
            assertFalse(m.payload().contains("token"), m.payload());
            assertTrue(n.store.get("credentials:" + id).isEmpty(), "removed when the job ended");
        }
    }

    @Test
    void userAndPasswordForAWorkerSideLoginStayOutOfTheMessageToo() throws Exception {
        CoreHarness worker = new CoreHarness(ENCRYPTED);
        CoreHarness web = new CoreHarness(worker, ENCRYPTED);
        try {
            // the web node has no connector: the worker logs in with the auth object
            web.cluster.remote.add("etl:" + CoreHarness.HANDLER);
            worker.startWorker();
            String s = web.newSession();
            String id = web.core.load(s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER,
                    Map.of("user", "u", "passwd", "p"), List.of(desc(DataKind.NUMERICAL, "age")))).get(0);
            web.core.awaitSession(s, WAIT);
            worker.awaitHandled(id);
            assertEquals(JobState.SUCCESS, only(web, s).etlState());
            assertEquals("token-from-login", worker.connector.requests.get(0).token());
            JobMessage m = worker.messages.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
            assertFalse(m.payload().contains("passwd"), m.payload());
            assertFalse(m.payload().contains("\"p\""), m.payload());
            assertTrue(worker.store.get("credentials:" + id).isEmpty());
        } finally {
            web.core.deactivate();
            worker.close();
        }
    }

    @Test
    void aJobWhoseCredentialsAreGoneFailsWithAClearMessage() throws Exception {
        try (CoreHarness n = new CoreHarness(Settings.defaults())) {
            String s = n.newSession();
            String id = n.load(s, desc(DataKind.NUMERICAL, "age")).get(0);
            n.store.delete("credentials:" + id); // e.g. the job waited in the queue longer than their lifetime
            n.startWorker();
            n.core.awaitSession(s, WAIT);
            DataStateView v = only(n, s);
            assertEquals(JobState.FAILURE, v.etlState());
            assertTrue(v.etlMessage().startsWith("RuntimeError: Data extraction failed. The credentials of this "
                    + "request are gone"), v.etlMessage());
            assertTrue(n.connector.requests.isEmpty(), "the connector was not called");
        }
    }

    @Test
    void aJobGivenUpByTheQueueEndsAsFailureAndLosesItsCredentials() throws Exception {
        try (CoreHarness n = new CoreHarness(Settings.defaults())) {
            String s = n.newSession();
            String id = n.load(s, desc(DataKind.NUMERICAL, "age")).get(0);
            JobMessage m = new JobMessage(id, JobMessage.Kind.ETL, CoreHarness.HANDLER, s, List.of(id), "{}", 0);
            assertTrue(n.core.abandon(m, "RuntimeError: given up (test)"));
            assertFalse(n.core.abandon(m, "again"), "a job ends once");
            DataStateView v = only(n, s);
            assertEquals(JobState.FAILURE, v.etlState());
            assertEquals("RuntimeError: given up (test)", v.etlMessage());
            assertTrue(n.store.get("credentials:" + id).isEmpty());
            // a late delivery of the same job does not run it
            n.startWorker();
            n.awaitHandled(id);
            assertTrue(n.connector.requests.isEmpty());
        }
    }

    private static DataStateView only(CoreHarness n, String session) {
        List<DataStateView> views = n.core.list(session);
        assertEquals(1, views.size(), views.toString());
        return views.get(0);
    }
}
