package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the shell sees of jobs and sessions, and an operator's purge of a session. */
class OperatorViewTest {
    private final CoreHarness n = new CoreHarness(Settings.defaults()).startWorker();

    @AfterEach
    void close() {
        n.close();
    }

    @Test
    void jobsCarryTheirStartAndASecretFreeSummaryOfTheirArguments() throws Exception {
        n.tasks.put("compute-echo", args -> Map.of("ok", true));
        String s = n.newSession();
        long before = System.currentTimeMillis();
        String data = n.loaded(s, DataKind.NUMERICAL, "age");
        JobInfo etl = n.core.get(data).orElseThrow();
        assertTrue(etl.startedAt() >= before && etl.startedAt() <= etl.finishedAt(), etl.toString());
        assertTrue(etl.args().contains("server=" + CoreHarness.SERVER), etl.args());
        assertTrue(etl.args().contains("field=age"), etl.args());
        assertFalse(etl.args().contains("secret-token"), etl.args());

        String task = n.core.submit(s, "compute-echo", Map.of("x", ref(data), "password", "hunter2", "bins", 10));
        n.core.awaitTask(s, task, CoreHarness.WAIT);
        JobInfo a = n.core.get(task).orElseThrow();
        assertEquals(JobMessage.Kind.ANALYTICS, a.kind());
        assertTrue(a.startedAt() > 0);
        assertTrue(a.args().contains("x=data:" + data.substring(0, 8)), a.args());
        assertTrue(a.args().contains("bins=10"), a.args());
        assertTrue(a.args().contains("password=***"), a.args());
        assertFalse(a.args().contains("hunter2"), a.args());
    }

    @Test
    void sessionsShowTheirLabelsAgeAndExpiry() throws Exception {
        String s = n.newSession();
        long before = System.currentTimeMillis();
        n.loaded(s, DataKind.NUMERICAL, "age");
        n.loaded(s, DataKind.CATEGORICAL, "gender");
        SessionInfo info = n.core.session(s).orElseThrow();
        assertEquals(List.of("age", "gender"), info.labels());
        assertTrue(info.createdAt() >= before, info.toString());
        long lifetime = Settings.defaults().sessionLifetime().toMillis();
        assertTrue(info.expiresAt() >= info.createdAt() + lifetime, info.toString());
        assertEquals(List.of(info), n.core.sessions().stream().filter(x -> x.id().equals(s)).toList());
    }

    @Test
    void purgeRemovesTheSessionsDataAnalysesAndResultsAndNothingElse() throws Exception {
        n.tasks.put("compute-echo", args -> Map.of("ok", true));
        String victim = n.newSession();
        String other = n.newSession();
        String gone = n.loaded(victim, DataKind.NUMERICAL, "age");
        String kept = n.loaded(other, DataKind.NUMERICAL, "age");
        String goneTask = n.core.submit(victim, "compute-echo", Map.of("x", ref(gone)));
        String keptTask = n.core.submit(other, "compute-echo", Map.of("x", ref(kept)));
        n.core.awaitTask(victim, goneTask, CoreHarness.WAIT);
        n.core.awaitTask(other, keptTask, CoreHarness.WAIT);

        Optional<SessionInfo> purged = n.core.purge(victim);
        assertEquals(List.of(gone), purged.orElseThrow().dataTasks());
        assertEquals(List.of(goneTask), purged.orElseThrow().analyticTasks());
        assertTrue(n.core.session(victim).isEmpty());
        assertTrue(n.core.get(gone).isEmpty());
        assertTrue(n.core.get(goneTask).isEmpty());
        assertFalse(n.store.keys("").stream().anyMatch(k -> k.contains(gone) || k.contains(goneTask)),
                n.store.keys("").toString());
        // the browser's cookie now names no session: it gets a fresh, empty one
        assertFalse(victim.equals(n.core.resolve(victim)));
        assertThrows(ServiceException.class, () -> n.core.meta(victim, gone));

        assertEquals(List.of(kept), n.core.session(other).orElseThrow().dataTasks());
        assertEquals(JobState.SUCCESS, n.core.status(other, keptTask).state());
        assertEquals(1, n.core.list(other).size());
        assertTrue(n.core.purge(victim).isEmpty(), "a second purge finds nothing");
    }

    @Test
    void purgeCancelsARunningLoad() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        n.connector.on("slow", r -> {
            started.countDown();
            new java.util.concurrent.CountDownLatch(1).await(); // until the cancel interrupts it
            return null;
        });
        String s = n.newSession();
        String id = n.load(s, CoreHarness.desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("RUNNING", n.core.get(id).orElseThrow().startedAt() > 0 ? "RUNNING" : "QUEUED");
        n.core.purge(s);
        n.awaitHandled(id);
        assertTrue(n.core.get(id).isEmpty());
    }
}
