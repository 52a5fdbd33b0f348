package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.fractalis.core.internal.json.ResultJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** AnalyticsService end to end: submission, argument resolution (§6), results and failures (§5.6–5.8). */
class AnalyticsServiceTest {
    private static final ObjectMapper STRICT = new ObjectMapper();
    private final List<CoreHarness> nodes = new ArrayList<>();
    private CoreHarness n;

    @BeforeEach
    void start() {
        n = node(Settings.defaults());
        // echoes what it got: frames as {rows, features, ids}, lists of frames as lists of those, other args as is
        n.tasks.put("compute-echo", args -> {
            Map<String, Object> out = new LinkedHashMap<>();
            args.asMap().forEach((k, v) -> out.put(k, describe(v)));
            return out;
        });
    }

    private CoreHarness node(Settings s) {
        CoreHarness h = new CoreHarness(s);
        nodes.add(h);
        return h.startWorker();
    }

    @AfterEach
    void close() {
        nodes.forEach(CoreHarness::close);
    }

    private static Object describe(Object v) {
        if (v instanceof Frame f) {
            return Map.of("rows", f.size(), "features", f.features(), "ids", f.ids(), "kind", f.kind().wireName());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(describe(x)));
            return out;
        }
        return v;
    }

    private static JsonNode json(TaskStatus s) throws Exception {
        assertEquals(JobState.SUCCESS, s.state(), "status " + s);
        return STRICT.readTree(s.result());
    }

    private static void assertFailure(String expected, TaskStatus s) {
        assertEquals(JobState.FAILURE, s.state(), "status " + s);
        assertEquals(expected, s.result());
    }

    // --- submission

    @Test
    void anUnknownTaskNameIs400WithTheErrorMsgKey() {
        String s = n.newSession();
        ServiceException e = assertThrows(ServiceException.class,
                () -> n.core.submit(s, "compute-nothing", Map.of("a", 1)));
        assertEquals(400, e.reason().status());
        assertEquals("error_msg", e.errorKey());
        assertEquals("Task with name 'compute-nothing' not found.", e.getMessage());
    }

    @Test
    void aTaskOfferedOnlyByAnotherNodeIsAccepted() {
        String s = n.newSession();
        n.cluster.remote.add("analytics:compute-remote");
        String id = n.core.submit(s, "compute-remote", Map.of("a", 1));
        assertTrue(n.core.get(id).isPresent());
    }

    @Test
    void plainArgsArePassedThroughAndResultIsAJsonString() throws Exception {
        String s = n.newSession();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("method", "pearson");
        args.put("id_filter", List.of());
        args.put("subsets", List.of(List.of("p1", "p2"), List.of("p3")));
        args.put("params", Map.of("nested", ref("6f1c2c1e-0b7e-4a57-9a51-3c1f0e9d8b21")));
        args.put("num_bins", 10);
        JsonNode r = json(n.run(s, "compute-echo", args));
        assertEquals("pearson", r.get("method").asText());
        assertEquals(0, r.get("id_filter").size());
        assertEquals("p3", r.get("subsets").get(1).get(0).asText());
        assertEquals(10, r.get("num_bins").asInt());
        // nested objects are not resolved: the reference stays a string
        assertTrue(r.get("params").get("nested").asText().startsWith("${"));
    }

    // --- argument resolution

    @Test
    void aReferenceResolvesToTheLoadedFrame() throws Exception {
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        JsonNode r = json(n.run(s, "compute-echo", Map.of("x", ref(id))));
        assertEquals(5, r.get("x").get("rows").asInt());
        assertEquals("age", r.get("x").get("features").get(0).asText());
        assertEquals("numerical", r.get("x").get("kind").asText());
    }

    @Test
    void theBareUuidFormAlsoResolves() throws Exception {
        String s = n.newSession();
        String id = n.loaded(s, DataKind.CATEGORICAL, "sex");
        JsonNode r = json(n.run(s, "compute-echo", Map.of("x", "$" + id + "$")));
        assertEquals(5, r.get("x").get("rows").asInt());
    }

    @Test
    void featureFiltersRestrictTheFrame() throws Exception {
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL_ARRAY, "mirna");
        JsonNode r = json(n.run(s, "compute-echo", Map.of("x", CoreHarness.ref(id, "mirna-f0", "mirna-f2"))));
        assertEquals(10, r.get("x").get("rows").asInt());
        assertEquals("[\"mirna-f0\",\"mirna-f2\"]", r.get("x").get("features").toString());
        // an empty feature list means no filter
        JsonNode all = json(n.run(s, "compute-echo", Map.of("x", CoreHarness.ref(id))));
        assertEquals(15, all.get("x").get("rows").asInt());
    }

    @Test
    void aListOfReferencesResolvesToAListOfFrames() throws Exception {
        String s = n.newSession();
        String a = n.loaded(s, DataKind.NUMERICAL, "a");
        String b = n.loaded(s, DataKind.NUMERICAL_ARRAY, "b");
        JsonNode r = json(n.run(s, "compute-echo", Map.of("features", List.of(ref(a), ref(b)), "categories", List.of())));
        assertEquals(2, r.get("features").size());
        assertEquals("numerical", r.get("features").get(0).get("kind").asText());
        assertEquals("numerical_array", r.get("features").get(1).get("kind").asText());
        assertEquals(0, r.get("categories").size());
    }

    @Test
    void aListMixingReferencesAndValuesIsAValueError() throws Exception {
        String s = n.newSession();
        String a = n.loaded(s, DataKind.NUMERICAL, "a");
        assertFailure("ValueError: Argument 'features' mixes data references with other values.",
                n.run(s, "compute-echo", Map.of("features", List.of(ref(a), "plain"))));
    }

    @Test
    void anInvalidReferenceIsAValueError() throws Exception {
        String s = n.newSession();
        TaskStatus st = n.run(s, "compute-echo", Map.of("x", "$not-a-uuid$"));
        assertEquals(JobState.FAILURE, st.state());
        assertTrue(st.result().startsWith("ValueError: Invalid data reference"), st.result());
    }

    @Test
    void aForeignIdIsAPermissionError() throws Exception {
        String owner = n.newSession();
        String id = n.loaded(owner, DataKind.NUMERICAL, "age");
        String thief = n.newSession();
        assertFailure("PermissionError: No permission to use data '" + id + "': it is not part of this session.",
                n.run(thief, "compute-echo", Map.of("x", ref(id))));
    }

    @Test
    void dataDeletedAfterSubmissionIsALookupError() throws Exception {
        // no worker yet: the load and the analysis wait in the queue; the permission is granted at submission
        CoreHarness idle = new CoreHarness();
        nodes.add(idle);
        idle.tasks.put("compute-echo", args -> Map.of("ok", true));
        String s = idle.newSession();
        String id = idle.load(s, desc(DataKind.NUMERICAL, "age")).get(0);
        String task = idle.core.submit(s, "compute-echo", Map.of("x", ref(id)));
        idle.core.delete(s, id);
        idle.startWorker();
        assertFailure("LookupError: No data found for id '" + id + "'. It may have expired.",
                idle.core.awaitTask(s, task, WAIT));
    }

    @Test
    void dataExpiredAfterSubmissionIsALookupError() throws Exception {
        CoreHarness h = node(Settings.from(Map.of("data.lifetime", "100")));
        h.tasks.put("compute-echo", args -> Map.of("ok", true));
        String s = h.newSession();
        String id = h.loaded(s, DataKind.NUMERICAL, "age");
        h.clock.addAndGet(101_000); // the data expired; the session still lists the id
        assertFailure("LookupError: No data found for id '" + id + "'. It may have expired.",
                h.run(s, "compute-echo", Map.of("x", ref(id))));
    }

    @Test
    void dataNotLoadedYetIsAValueError() throws Exception {
        String s = n.newSession();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("slow", r -> {
            started.countDown();
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String id = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        try {
            assertFailure("ValueError: The data 'slow' (" + id + ") is not loaded: its ETL state is SUBMITTED.",
                    n.run(s, "compute-echo", Map.of("x", ref(id))));
        } finally {
            release.countDown();
        }
    }

    @Test
    void dataWhoseEtlFailedIsAValueError() throws Exception {
        String s = n.newSession();
        n.connector.on("bad", r -> null);
        String id = n.load(s, desc(DataKind.NUMERICAL, "bad")).get(0);
        n.core.awaitSession(s, WAIT);
        assertFailure("ValueError: The data 'bad' (" + id + ") is not loaded: its ETL state is FAILURE.",
                n.run(s, "compute-echo", Map.of("x", ref(id))));
    }

    @Test
    void corruptCachedDataIsALookupErrorAskingForAReload() throws Exception {
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        byte[] stored = n.store.get("frame:" + id).orElseThrow().clone();
        stored[stored.length / 2] ^= 0x40;
        n.store.put("frame:" + id, stored, java.time.Duration.ofDays(1));
        // the loading node keeps the frame it stored decoded: read it as another node or a restarted one would
        assertEquals(JobState.SUCCESS, n.run(s, "compute-echo", Map.of("x", ref(id))).state());
        n.core.forgetDecodedFrames();
        TaskStatus st = n.run(s, "compute-echo", Map.of("x", ref(id)));
        assertEquals(JobState.FAILURE, st.state());
        assertTrue(st.result().startsWith("LookupError: The cached data of 'age' cannot be read"), st.result());
        assertTrue(st.result().endsWith("Please reload it."), st.result());
    }

    /** A chunk of the cached frame gone (evicted, removed by hand): a clean LookupError, not a crash. */
    @Test
    void aMissingChunkOfTheCachedDataIsALookupErrorAskingForAReload() throws Exception {
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        List<String> chunks = n.store.keys("frame:" + id + ":");
        assertEquals(1, chunks.size(), chunks.toString());
        n.store.delete(chunks.get(0));
        n.core.forgetDecodedFrames(); // as on another node or after a restart (see above)
        TaskStatus st = n.run(s, "compute-echo", Map.of("x", ref(id)));
        assertEquals(JobState.FAILURE, st.state());
        assertEquals("LookupError: The cached data of 'age' cannot be read (chunk 1 of 1 is missing). Please reload "
                + "it.", st.result());
    }

    // --- results and failures

    @Test
    void nonFiniteNumbersBecomeNullAlsoInsideJsonText() throws Exception {
        n.tasks.put("compute-nan", args -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", "p1");
            row.put("value", Double.NaN);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("coef", Double.NaN);
            r.put("p_value", Double.POSITIVE_INFINITY);
            r.put("kde", new double[] {0.1, Double.NaN});
            r.put("data", new JsonText(List.of(row)));
            return r;
        });
        String s = n.newSession();
        TaskStatus st = n.run(s, "compute-nan", Map.of("a", 1));
        assertFalse(st.result().contains("NaN") || st.result().contains("Infinity"), st.result());
        JsonNode r = json(st);
        assertTrue(r.get("coef").isNull());
        assertTrue(r.get("p_value").isNull());
        assertTrue(r.get("kde").get(1).isNull());
        assertTrue(r.get("data").isTextual());
        JsonNode data = STRICT.readTree(r.get("data").asText());
        assertTrue(data.get(0).get("value").isNull());
        assertEquals("p1", data.get(0).get("id").asText());
    }

    @Test
    void anAnalyticsExceptionIsShownAsTypeAndMessage() throws Exception {
        n.tasks.put("compute-fail", args -> {
            throw AnalyticsException.valueError("X and Y do not share any ids.");
        });
        assertFailure("ValueError: X and Y do not share any ids.", n.run(n.newSession(), "compute-fail", Map.of("a", 1)));
    }

    @Test
    void aTypedGetterFailureNamesTheArgument() throws Exception {
        n.tasks.put("compute-typed", args -> Map.of("n", args.integer("num_bins")));
        assertFailure("ValueError: Argument 'num_bins' must be an integer.",
                n.run(n.newSession(), "compute-typed", Map.of("num_bins", "ten")));
        assertFailure("ValueError: Missing argument 'num_bins'.",
                n.run(n.newSession(), "compute-typed", Map.of("other", 1)));
    }

    @Test
    void aRuntimeExceptionFailsWithItsMessageAndWithoutStackTrace() throws Exception {
        n.tasks.put("compute-npe", args -> {
            throw new IllegalStateException("matrix is singular\n(column 3)");
        });
        TaskStatus st = n.run(n.newSession(), "compute-npe", Map.of("a", 1));
        assertFailure("RuntimeError: The task 'compute-npe' failed unexpectedly: IllegalStateException: matrix is "
                + "singular (column 3)", st);
        assertFalse(st.result().contains("\tat "));
    }

    @Test
    void aStackOverflowFailsTheTaskAndTheWorkerLives() throws Exception {
        n.tasks.put("compute-deep", args -> Map.of("x", recurse(0)));
        assertFailure("RecursionError: The task 'compute-deep' ran out of stack (maximum recursion depth exceeded; see "
                + "the node's log).",
                n.run(n.newSession(), "compute-deep", Map.of("a", 1)));
        assertEquals(JobState.SUCCESS, n.run(n.newSession(), "compute-echo", Map.of("a", 1)).state());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void anUnserialisableResultIsATypeError() throws Exception {
        n.tasks.put("compute-object", args -> Map.of("x", new Object()));
        assertFailure("TypeError: The result of task 'compute-object' cannot be written as JSON.",
                n.run(n.newSession(), "compute-object", Map.of("a", 1)));
    }

    @Test
    void aNullResultIsATypeError() throws Exception {
        n.tasks.put("compute-null", args -> null);
        assertFailure("TypeError: The task returned no result object.",
                n.run(n.newSession(), "compute-null", Map.of("a", 1)));
    }

    @Test
    void aTaskGoneBeforeItsJobRunsFails() throws Exception {
        CoreHarness idle = new CoreHarness();
        nodes.add(idle);
        idle.tasks.put("compute-gone", args -> Map.of());
        String s = idle.newSession();
        String id = idle.core.submit(s, "compute-gone", Map.of("a", 1));
        idle.tasks.map.clear();
        idle.startWorker();
        TaskStatus st = idle.core.awaitTask(s, id, WAIT);
        assertFailure("LookupError: Task with name 'compute-gone' is not installed on this node.", st);
    }

    // --- isolation, cancel

    @Test
    void anotherSessionCannotPollOrCancelTheTask() throws Exception {
        String a = n.newSession();
        String b = n.newSession();
        String id = n.core.submit(a, "compute-echo", Map.of("a", 1));
        ServiceException e = assertThrows(ServiceException.class, () -> n.core.status(b, id));
        assertEquals(403, e.reason().status());
        assertEquals("Task ID '" + id + "' not found in session. Refusing access.", e.getMessage());
        assertEquals(403, assertThrows(ServiceException.class, () -> n.core.cancel(b, id)).reason().status());
        assertEquals(403, assertThrows(ServiceException.class, () -> n.core.awaitTask(b, id, WAIT)).reason().status());
        assertEquals(JobState.SUCCESS, n.core.awaitTask(a, id, WAIT).state());
    }

    @Test
    void cancelRevokesARunningTaskDropsItFromTheSessionAndALateResultIsDiscarded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> wasInterrupted = new CompletableFuture<>();
        // a task that ignores interrupts (and clears the flag) and returns a result after the cancel
        n.tasks.put("compute-stubborn", args -> {
            started.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            wasInterrupted.complete(interrupted);
            return Map.of("late", true);
        });
        String s = n.newSession();
        String id = n.core.submit(s, "compute-stubborn", Map.of("a", 1));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        n.core.cancel(s, id);
        assertEquals(JobState.REVOKED, n.core.get(id).map(JobInfo::state).orElseThrow());
        assertEquals(403, assertThrows(ServiceException.class, () -> n.core.status(s, id)).reason().status(),
                "the id left the session, as in the original");
        release.countDown();
        assertTrue(wasInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the cancel interrupted the task");
        n.awaitHandled(id);
        assertEquals(JobState.REVOKED, n.core.get(id).map(JobInfo::state).orElseThrow());
        assertTrue(n.store.get("result:" + id).isEmpty(), "the late result was discarded");
    }

    @Test
    void aShellCancelKeepsTheIdAndPollingShowsRevoked() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        n.tasks.put("compute-wait", args -> {
            started.countDown();
            new CountDownLatch(1).await();
            return Map.of();
        });
        String s = n.newSession();
        String id = n.core.submit(s, "compute-wait", Map.of("a", 1));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(n.core.cancel(id));
        assertFalse(n.core.cancel(id), "already ended");
        n.awaitHandled(id);
        TaskStatus st = n.core.status(s, id);
        assertEquals(JobState.REVOKED, st.state());
        assertNull(st.result());
    }

    @Test
    void cancelOfAFinishedTaskIsFineAndLeavesItsState() throws Exception {
        String s = n.newSession();
        String id = n.core.submit(s, "compute-echo", Map.of("a", 1));
        assertEquals(JobState.SUCCESS, n.core.awaitTask(s, id, WAIT).state());
        n.core.cancel(s, id); // the client's fire-and-forget DELETE: 200
        assertEquals(JobState.SUCCESS, n.core.get(id).map(JobInfo::state).orElseThrow());
        assertEquals(403, assertThrows(ServiceException.class, () -> n.core.status(s, id)).reason().status());
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() throws Exception {
        CoreHarness idle = new CoreHarness();
        nodes.add(idle);
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        idle.tasks.put("compute-never", args -> {
            ran.complete(true);
            return Map.of();
        });
        idle.tasks.put("compute-marker", args -> Map.of());
        String s = idle.newSession();
        String id = idle.core.submit(s, "compute-never", Map.of("a", 1));
        idle.core.cancel(s, id);
        String marker = idle.core.submit(s, "compute-marker", Map.of("a", 1));
        idle.startWorker();
        assertEquals(JobState.SUCCESS, idle.core.awaitTask(s, marker, WAIT).state());
        assertFalse(ran.isDone());
        assertEquals(JobState.REVOKED, idle.core.get(id).map(JobInfo::state).orElseThrow());
    }

    @Test
    void concurrentSubmissionsInOneSessionLoseNoIds() throws Exception {
        String s = n.newSession();
        int threads = 20;
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int i = t;
                ids.add(pool.submit(() -> {
                    barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    return n.core.submit(s, "compute-echo", Map.of("i", i));
                }));
            }
            for (java.util.concurrent.Future<String> f : ids) {
                String id = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(JobState.SUCCESS, n.core.awaitTask(s, id, WAIT).state(), "owned and done: " + id);
            }
            assertEquals(threads, n.core.sessions().stream().filter(x -> x.id().equals(s)).findFirst().orElseThrow()
                    .analyticTasks().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resultsExpireAfterTheResultLifetime() throws Exception {
        CoreHarness h = node(Settings.from(Map.of("result.lifetime", "30")));
        h.tasks.put("compute-echo", args -> Map.of("ok", true));
        String s = h.newSession();
        String id = h.core.submit(s, "compute-echo", Map.of("a", 1));
        assertEquals(JobState.SUCCESS, h.core.awaitTask(s, id, WAIT).state());
        h.clock.addAndGet(31_000);
        ServiceException e = assertThrows(ServiceException.class, () -> h.core.status(s, id));
        assertEquals(404, e.reason().status());
    }

    @Test
    void resolvedArgsKeepTheirOrder() throws Exception {
        n.tasks.put("compute-keys", args -> Map.of("keys", new ArrayList<>(args.asMap().keySet())));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("z", 1);
        a.put("a", 2);
        a.put("m", 3);
        JsonNode r = json(n.run(n.newSession(), "compute-keys", a));
        assertEquals("[\"z\",\"a\",\"m\"]", r.get("keys").toString());
    }

    /** The payload travels as JSON: a task sees JSON numbers as Java numbers. */
    @Test
    void argsSurviveTheJsonRoundTrip() throws Exception {
        n.tasks.put("compute-types", args -> {
            TaskArgs t = args;
            return Map.of("bins", t.integer("num_bins"), "bw", t.number("bw_factor"), "whiten", t.bool("whiten"));
        });
        JsonNode r = json(n.run(n.newSession(), "compute-types", Map.of("num_bins", 10, "bw_factor", 0.5,
                "whiten", false)));
        assertEquals(10, r.get("bins").asInt());
        assertEquals(0.5, r.get("bw").asDouble());
        assertFalse(r.get("whiten").asBoolean());
        assertTrue(ResultJson.parseObject(n.run(n.newSession(), "compute-echo", Map.of("a", 1)).result())
                .containsKey("a"));
    }
}
