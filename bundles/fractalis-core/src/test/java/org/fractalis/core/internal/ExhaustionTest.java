package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.SERVER;
import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.backend.WorkerPoolHealth;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.fractalis.core.internal.queue.EmbeddedJobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, findings 1–3 on one node: a job that throws an Error ends as FAILURE and the workers live on; memory is
 * admitted against a budget (refused when it can never fit, waiting when others hold it); results and sessions are
 * bounded; loads and analyses have separate pools; logins are bounded in time and concurrency.
 */
class ExhaustionTest {
    private final List<CoreHarness> nodes = new ArrayList<>();
    private final List<CountDownLatch> latches = new ArrayList<>();

    @AfterEach
    void close() {
        latches.forEach(CountDownLatch::countDown);
        nodes.forEach(CoreHarness::close);
    }

    private CoreHarness node(String... keyValues) {
        return node(new EmbeddedJobQueue(2, 100), keyValues);
    }

    private CoreHarness node(EmbeddedJobQueue queue, String... keyValues) {
        Map<String, Object> cfg = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            cfg.put(keyValues[i], keyValues[i + 1]);
        }
        CoreHarness n = new CoreHarness(Settings.from(cfg), queue).startWorker();
        n.tasks.put("compute-quick", args -> Map.of("ok", true));
        n.tasks.put("compute-size", args -> Map.of("rows", args.frame("x").size()));
        nodes.add(n);
        return n;
    }

    private CountDownLatch latch() {
        CountDownLatch l = new CountDownLatch(1);
        latches.add(l);
        return l;
    }

    private static DataStateView loadAndWait(CoreHarness n, String session, String field) throws Exception {
        String id = n.load(session, desc(DataKind.NUMERICAL, field)).get(0);
        n.awaitHandled(id);
        return n.core.list(session).stream().filter(v -> v.taskId().equals(id)).findFirst().orElseThrow();
    }

    private static void assertStarts(String prefix, String actual) {
        assertTrue(actual != null && actual.startsWith(prefix), "expected «" + prefix + "…» but was «" + actual + "»");
    }

    /** A frame with distinct ids and random values (incompressible: its stored size is about 12 bytes a row). */
    private static Frame wide(int rows) {
        Random r = new Random(7);
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < rows; i++) {
            b.add("sample-" + i, "v", r.nextDouble());
        }
        return b.build();
    }

    // --- finding 1: workers that cannot die

    @Test
    void anOutOfMemoryErrorOfAConnectorFailsTheLoadAndTheWorkersLiveOn() throws Exception {
        CoreHarness n = node();
        n.connector.on("oom", r -> {
            throw new OutOfMemoryError("Java heap space");
        });
        n.connector.on("oom2", r -> {
            throw new OutOfMemoryError("Java heap space");
        });
        String s = n.newSession();
        List<String> ids = n.load(s, desc(DataKind.NUMERICAL, "oom"), desc(DataKind.NUMERICAL, "oom2"));
        for (String id : ids) {
            n.awaitHandled(id);
        }
        for (DataStateView v : n.core.list(s)) {
            assertEquals(JobState.FAILURE, v.etlState());
            assertStarts("MemoryError: The job needed more memory than this node can give it (loading this variable "
                    + "ran out of memory: Java heap space).", v.etlMessage());
        }
        // every thread still works: another session loads and analyses
        String other = n.newSession();
        assertEquals(JobState.SUCCESS, loadAndWait(n, other, "x").etlState());
        assertEquals(JobState.SUCCESS, n.run(other, "compute-quick", Map.of("a", 1)).state());
        assertEquals(new WorkerPoolHealth(4, 4, 0), n.core.workerPool().orElseThrow());
    }

    @Test
    void aBrokenPluginOrADeepRecursionFailsTheJobWithAClearMessage() throws Exception {
        CoreHarness n = node();
        n.tasks.put("compute-broken", args -> {
            throw new NoClassDefFoundError("org/example/Gone");
        });
        n.connector.on("deep", r -> {
            throw new StackOverflowError();
        });
        String s = n.newSession();
        TaskStatus st = n.run(s, "compute-broken", Map.of("a", 1));
        assertEquals(JobState.FAILURE, st.state());
        assertEquals("RuntimeError: The plugin 'compute-broken' is broken or incompatible with this node "
                + "(NoClassDefFoundError). Please tell the operator.", st.result());
        DataStateView v = loadAndWait(n, s, "deep");
        assertEquals(JobState.FAILURE, v.etlState());
        assertEquals("RecursionError: Loading this variable ran out of stack (maximum recursion depth exceeded; see "
                + "the node's log).", v.etlMessage());
        assertEquals(JobState.SUCCESS, n.run(s, "compute-quick", Map.of("a", 2)).state());
        assertTrue(n.core.workerPool().orElseThrow().intact());
    }

    @Test
    void anOutOfMemoryErrorOfATaskIsAMemoryError() throws Exception {
        CoreHarness n = node();
        n.tasks.put("compute-greedy", args -> {
            throw new OutOfMemoryError("Java heap space");
        });
        TaskStatus st = n.run(n.newSession(), "compute-greedy", Map.of("a", 1));
        assertEquals(JobState.FAILURE, st.state());
        assertStarts("MemoryError: The job needed more memory than this node can give it (the task 'compute-greedy' "
                + "ran out of memory", st.result());
    }

    // --- finding 2: memory governance

    @Test
    void aLoadThatCanNeverFitIsRefusedBeforeItRuns() throws Exception {
        CoreHarness n = node("job.memory.megabytes", "64");
        n.connector.estimates.put("huge", 50_000_000L);
        String s = n.newSession();
        DataStateView v = loadAndWait(n, s, "huge");
        assertEquals(JobState.FAILURE, v.etlState());
        assertEquals("MemoryError: This variable (50000000 values) would need about 4578 MiB of memory, more than "
                + "this node gives its jobs (64 MiB). Please select less data.", v.etlMessage());
        assertTrue(n.connector.requests.stream().noneMatch(r -> "huge".equals(r.descriptor().get("field"))),
                "the connector never loaded it");
        assertEquals(JobState.SUCCESS, loadAndWait(n, s, "x").etlState());
    }

    @Test
    void aLoadedFrameThatCannotBeCachedWithinTheBudgetFails() throws Exception {
        CoreHarness n = node("job.memory.megabytes", "1");
        n.connector.on("wide", r -> wide(30_000)); // no estimate: refused once its real size is known
        DataStateView v = loadAndWait(n, n.newSession(), "wide");
        assertEquals(JobState.FAILURE, v.etlState());
        assertStarts("MemoryError: Caching this variable (30000 values) would need about ", v.etlMessage());
        assertTrue(v.etlMessage().endsWith("more than this node gives its jobs (1 MiB). Please select less data."),
                v.etlMessage());
    }

    @Test
    void loadsWaitForMemoryThatOtherJobsHold() throws Exception {
        CoreHarness n = node("job.memory.megabytes", "10"); // 70,000 values ≈ 6.4 MiB: one at a time
        n.connector.estimates.put("big1", 70_000L);
        n.connector.estimates.put("big2", 70_000L);
        CountDownLatch release = latch();
        CompletableFuture<Void> big1Started = new CompletableFuture<>();
        n.connector.on("big1", r -> {
            big1Started.complete(null);
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String a = n.newSession();
        String b = n.newSession();
        String id1 = n.load(a, desc(DataKind.NUMERICAL, "big1")).get(0);
        big1Started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String id2 = n.load(b, desc(DataKind.NUMERICAL, "big2")).get(0);
        awaitThreadWaitingIn("org.fractalis.core.internal.job.MemoryBudget", "reserve");
        assertTrue(n.connector.requests.stream().noneMatch(r -> "big2".equals(r.descriptor().get("field"))),
                "big2 waits for memory instead of loading beside big1");
        release.countDown();
        n.awaitHandled(id1);
        n.awaitHandled(id2);
        assertEquals(JobState.SUCCESS, n.core.get(id1).map(JobInfo::state).orElseThrow());
        assertEquals(JobState.SUCCESS, n.core.get(id2).map(JobInfo::state).orElseThrow());
    }

    @Test
    void anAnalysisTooLargeForTheBudgetFailsAndSmallOnesRun() throws Exception {
        CoreHarness n = node("job.memory.megabytes", "1", "analytics.memory.factor", "100000");
        String s = n.newSession();
        String x = n.loaded(s, DataKind.NUMERICAL, "x");
        TaskStatus st = n.run(s, "compute-size", Map.of("x", ref(x)));
        assertEquals(JobState.FAILURE, st.state());
        assertStarts("MemoryError: This analysis of ", st.result());
        assertTrue(st.result().endsWith("more than this node gives its jobs (1 MiB). Please select less data."),
                st.result());
        assertEquals(JobState.SUCCESS, n.run(s, "compute-quick", Map.of("a", 1)).state(), "no data, no memory");
    }

    @Test
    void aResultAboveTheCapFailsInsteadOfBeingStored() throws Exception {
        CoreHarness n = node("result.max.megabytes", "1");
        n.tasks.put("compute-huge", args -> Map.of("s", "x".repeat((3 << 20) - 100)));
        TaskStatus st = n.run(n.newSession(), "compute-huge", Map.of("a", 1));
        assertEquals(JobState.FAILURE, st.state());
        assertEquals("ValueError: The result of task 'compute-huge' would take 3 MiB; this node keeps results of at "
                + "most 1 MiB. Please ask for a smaller result (fewer bins, variables or samples).", st.result());
        assertTrue(n.store.keys("result:").isEmpty(), "nothing stored");
    }

    // --- finding 3: fair sharing

    @Test
    void aSessionBeyondItsJobQuotaGets429AndNothingIsCreated() throws Exception {
        CoreHarness n = node("session.max.jobs", "2");
        CountDownLatch release = latch();
        n.connector.on("slow", r -> {
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        List<String> ids = n.load(s, desc(DataKind.NUMERICAL, "slow"), desc(DataKind.CATEGORICAL, "slow"));
        ServiceException e = assertThrows(ServiceException.class, () -> n.load(s, desc(DataKind.NUMERICAL, "x")));
        assertEquals(ServiceException.Reason.TOO_MANY_REQUESTS, e.reason());
        assertEquals(429, e.reason().status());
        assertEquals("This session has 2 loads and analyses queued or running; at most 2 are allowed at a time. "
                + "Please wait until some have finished.", e.getMessage());
        e = assertThrows(ServiceException.class, () -> n.core.submit(s, "compute-quick", Map.of("a", 1)));
        assertEquals(ServiceException.Reason.TOO_MANY_REQUESTS, e.reason());
        assertEquals(2, n.core.list(s).size(), "nothing created");
        assertEquals(2, n.core.jobs().size());
        e = assertThrows(ServiceException.class, () -> n.load(n.newSession(), desc(DataKind.NUMERICAL, "a"),
                desc(DataKind.NUMERICAL, "b"), desc(DataKind.NUMERICAL, "c")));
        assertEquals("This request would start 3 jobs; a session may have at most 2 loads and analyses queued or "
                + "running. Please send fewer at a time.", e.getMessage());
        // another session is not affected
        String other = n.newSession();
        assertEquals(JobState.SUCCESS, loadAndWait(n, other, "x").etlState());
        release.countDown();
        for (String id : ids) {
            n.awaitHandled(id);
        }
        assertEquals(JobState.SUCCESS, n.run(s, "compute-quick", Map.of("a", 1)).state(), "room again");
    }

    @Test
    void aSessionBeyondItsCacheQuotaFailsTheLoad() throws Exception {
        CoreHarness n = node("session.max.megabytes", "1");
        n.connector.on("wide", r -> wide(150_000)); // ≈ 2 MiB stored
        String s = n.newSession();
        DataStateView v = loadAndWait(n, s, "wide");
        assertEquals(JobState.FAILURE, v.etlState());
        assertStarts("QuotaExceeded: This variable takes ", v.etlMessage());
        assertTrue(v.etlMessage().endsWith("more than a session may keep (1 MiB). Delete some data and load it "
                + "again."), v.etlMessage());
        assertTrue(n.store.keys("frame:").isEmpty(), "nothing cached");
        assertEquals(JobState.SUCCESS, loadAndWait(n, s, "x").etlState(), "small data still fit");
    }

    @Test
    void slowLoadsOfOneSessionDoNotDelayAnotherSessionsLoadAndAnalysis() throws Exception {
        CoreHarness n = node(new EmbeddedJobQueue(4, 4, 0, 100));
        CountDownLatch release = latch();
        n.connector.on("slow", r -> {
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        n.connector.on("slow2", r -> {
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String attacker = n.newSession();
        List<String> slow = n.load(attacker, desc(DataKind.NUMERICAL, "slow"), desc(DataKind.CATEGORICAL, "slow"),
                desc(DataKind.NUMERICAL_ARRAY, "slow"), desc(DataKind.NUMERICAL, "slow2"));
        String user = n.newSession();
        long t0 = System.nanoTime();
        String x = n.loaded(user, DataKind.NUMERICAL, "x");
        TaskStatus st = n.run(user, "compute-size", Map.of("x", ref(x)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(JobState.SUCCESS, st.state());
        for (String id : slow) {
            assertEquals(JobState.SUBMITTED, n.core.get(id).map(JobInfo::state).orElseThrow(),
                    "the attacker's loads are still running or waiting");
        }
        assertTrue(ms < WAIT.toMillis(), "the other session was served while the slow loads ran (" + ms + " ms)");
        release.countDown();
    }

    @Test
    void analysesRunWhileEveryEtlThreadIsHeldBySlowSources() throws Exception {
        CoreHarness n = node(new EmbeddedJobQueue(2, 2, 0, 100));
        String user = n.newSession();
        String x = n.loaded(user, DataKind.NUMERICAL, "x");
        CountDownLatch release = latch();
        CountDownLatch bothRunning = new CountDownLatch(2);
        n.connector.on("slow", r -> {
            bothRunning.countDown();
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        n.load(n.newSession(), desc(DataKind.NUMERICAL, "slow"));
        n.load(n.newSession(), desc(DataKind.NUMERICAL, "slow"));
        assertTrue(bothRunning.await(WAIT.toSeconds(), TimeUnit.SECONDS), "both ETL threads are held");
        assertEquals(JobState.SUCCESS, n.run(user, "compute-size", Map.of("x", ref(x))).state());
        release.countDown();
    }

    /** A connector whose login hangs until released. */
    private static final class SlowLogin implements Connector {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        SlowLogin(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public String login(String server, Map<String, Object> auth) {
            entered.countDown();
            boolean interrupted = false;
            while (true) { // like a blocking HTTP client: an interrupt does not end the wait
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return "token";
        }

        @Override
        public DataKind kind(Map<String, Object> d) {
            return DataKind.NUMERICAL;
        }

        @Override
        public String label(Map<String, Object> d) {
            return "v";
        }

        @Override
        public Frame load(EtlRequest r) throws ConnectorException {
            return CoreHarness.defaultFrame(Map.of("data_type", "numerical", "field", "v"));
        }
    }

    @Test
    void aHangingLoginIsCutAfterTheTimeoutAndLoginsAreBounded() throws Exception {
        CoreHarness n = node("login.timeout", "1", "login.concurrency", "1");
        CountDownLatch release = latch();
        SlowLogin c = new SlowLogin(release);
        n.connectors.put("slow", c);
        LoadRequest r = new LoadRequest("slow", SERVER, Map.of("user", "u", "passwd", "p"),
                List.<Map<String, Object>>of(Map.of("field", "v")));
        String s = n.newSession();
        long t0 = System.nanoTime();
        ServiceException e = assertThrows(ServiceException.class, () -> n.core.load(s, r));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(ServiceException.Reason.UNAVAILABLE, e.reason());
        assertEquals("Could not authenticate with API. The data source did not answer the login within 1 s. Please "
                + "try again later.", e.getMessage());
        assertTrue(ms < 5000, "answered after the timeout, not when the source did (" + ms + " ms)");
        // the hanging login still holds the only permit
        e = assertThrows(ServiceException.class, () -> n.core.load(s, r));
        assertEquals("Too many logins to data sources are in progress on this node (at most 1). Please try again in "
                + "a moment.", e.getMessage());
        assertTrue(n.core.list(s).isEmpty(), "nothing created");
        release.countDown();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                assertEquals(1, n.core.load(s, r).size());
                break;
            } catch (ServiceException busy) {
                assertTrue(System.nanoTime() < deadline, "the permit never came back: " + busy.getMessage());
                Thread.onSpinWait();
            }
        }
        assertFalse(n.core.list(s).isEmpty());
    }

    @Test
    void aBurstOfQuickLoginsWaitsForThePermitInsteadOfFailing() throws Exception {
        CoreHarness n = node("login.concurrency", "1");
        ExecutorService requests = Executors.newFixedThreadPool(6); // six request threads at once
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> loads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String s = n.newSession();
                LoadRequest r = new LoadRequest(CoreHarness.HANDLER, SERVER, Map.of("user", "u", "passwd", "p"),
                        List.of(desc(DataKind.NUMERICAL, "x" + i)));
                loads.add(requests.submit(() -> {
                    go.await();
                    return n.core.load(s, r);
                }));
            }
            go.countDown();
            for (Future<List<String>> l : loads) {
                assertEquals(1, l.get(WAIT.toSeconds(), TimeUnit.SECONDS).size());
            }
        } finally {
            requests.shutdownNow();
        }
    }

    /** Waits (deadline, no sleep) until some thread waits inside the given method. */
    private static void awaitThreadWaitingIn(String className, String method) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                if (t.getKey().getState() == Thread.State.WAITING) {
                    for (StackTraceElement e : t.getValue()) {
                        if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                            return;
                        }
                    }
                }
            }
            assertTrue(System.nanoTime() < deadline, "no thread waits in " + className + "." + method);
            Thread.onSpinWait();
        }
    }
}
