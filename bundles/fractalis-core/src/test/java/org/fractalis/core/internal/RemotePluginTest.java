package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web node without the connector and tasks, and a worker node that has them, sharing store and queue: the web
 * node accepts what the cluster offers and the worker validates when the job runs.
 */
class RemotePluginTest {
    private CoreHarness worker;
    private CoreHarness web;

    @BeforeEach
    void start() {
        worker = new CoreHarness().startWorker();
        worker.tasks.put("compute-count", args -> Map.of("rows", args.frame("x").size()));
        web = new CoreHarness(worker, Settings.defaults());
        web.cluster.remote.add("etl:" + CoreHarness.HANDLER);
        web.cluster.remote.add("analytics:compute-count");
    }

    @AfterEach
    void close() {
        web.core.deactivate();
        worker.close();
    }

    private DataStateView only(String session) {
        List<DataStateView> list = web.core.list(session);
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    @Test
    void aLoadAcceptedByTheWebNodeIsValidatedAndLoadedByTheWorker() throws Exception {
        String s = web.newSession();
        String id = web.load(s, desc(DataKind.NUMERICAL, "age")).get(0);
        web.core.awaitSession(s, WAIT);
        DataStateView v = only(s);
        assertEquals(id, v.taskId());
        assertEquals(JobState.SUCCESS, v.etlState());
        assertEquals("age", v.label());
        assertEquals("numerical", v.dataType(), "the worker filled in the kind");
        assertEquals(List.of("age"), web.core.meta(s, id).features());
        TaskStatus st = web.run(s, "compute-count", Map.of("x", ref(id)));
        assertEquals(JobState.SUCCESS, st.state(), st.toString());
        assertEquals("{\"rows\":5}", st.result());
    }

    @Test
    void anInvalidDescriptorFailsOnTheWorker() throws Exception {
        String s = web.newSession();
        web.core.load(s, CoreHarness.request(List.of(Map.of("data_type", "numerical"))));
        web.core.awaitSession(s, WAIT);
        DataStateView v = only(s);
        assertEquals(JobState.FAILURE, v.etlState());
        assertEquals("RuntimeError: Data extraction failed. The descriptor has no 'field'.", v.etlMessage());
    }

    @Test
    void credentialsAreCheckedOnTheWorker() throws Exception {
        String s = web.newSession();
        web.core.load(s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER, Map.of("user", "u", "passwd", "p"),
                List.of(desc(DataKind.NUMERICAL, "age"))));
        String bad = web.newSession();
        web.core.load(bad, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER,
                Map.of("user", "u", "passwd", "nope"), List.of(desc(DataKind.NUMERICAL, "age"))));
        web.core.awaitSession(s, WAIT);
        web.core.awaitSession(bad, WAIT);
        assertEquals(JobState.SUCCESS, only(s).etlState());
        assertTrue(worker.connector.requests.stream().anyMatch(r -> "token-from-login".equals(r.token())));
        assertEquals(JobState.FAILURE, only(bad).etlState());
        assertEquals("RuntimeError: Data extraction failed. Bad credentials.", only(bad).etlMessage());
    }

    @Test
    void whatNoNodeOffersIsStill400() {
        String s = web.newSession();
        ServiceException e = assertThrows(ServiceException.class, () -> web.core.load(s,
                new LoadRequest("ada", CoreHarness.SERVER, Map.of("token", "t"), List.of(Map.of("a", 1)))));
        assertEquals(400, e.reason().status());
        assertEquals(400, assertThrows(ServiceException.class,
                () -> web.core.submit(s, "compute-other", Map.of("a", 1))).reason().status());
    }

    @Test
    void whatAVanishedWorkerOfferedIs503NotAnUnknown400() {
        web.cluster.remote.clear();
        web.cluster.vanished.add("etl:" + CoreHarness.HANDLER);
        web.cluster.vanished.add("analytics:compute-count");
        String s = web.newSession();
        BackendUnavailableException etl = assertThrows(BackendUnavailableException.class, () -> web.core.load(s,
                CoreHarness.request(List.of(desc(DataKind.NUMERICAL, "age")))));
        assertEquals("No worker for handler 'fake' is available right now. Please try again later.", etl.getMessage());
        BackendUnavailableException task = assertThrows(BackendUnavailableException.class,
                () -> web.core.submit(s, "compute-count", Map.of("a", 1)));
        assertEquals("No worker for task 'compute-count' is available right now. Please try again later.",
                task.getMessage());
        assertTrue(web.core.list(s).isEmpty(), "nothing was recorded");
    }
}
