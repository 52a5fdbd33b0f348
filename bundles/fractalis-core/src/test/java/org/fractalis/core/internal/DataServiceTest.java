package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.fractalis.core.internal.CoreHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.DataMeta;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.ServiceException;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DataService and SessionService end to end in one JVM (CLIENT_CONTRACT.md §3, §5.2–5.5; SOURCES.md §1). */
class DataServiceTest {
    private final List<CoreHarness> nodes = new ArrayList<>();

    private CoreHarness node() {
        return node(Settings.defaults());
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

    private static DataStateView state(CoreHarness n, String session, String id) {
        return n.core.list(session).stream().filter(v -> v.taskId().equals(id)).findFirst().orElseThrow();
    }

    private static void assertStatus(int status, Runnable call) {
        ServiceException e = assertThrows(ServiceException.class, call::run);
        assertEquals(status, e.reason().status(), e.getMessage());
    }

    // --- sessions

    @Test
    void aSessionIsCreatedOnItsFirstWriteAndResolvedByItsId() throws Exception {
        CoreHarness n = node();
        String fresh = n.core.resolve(null);
        assertTrue(fresh.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), fresh);
        assertFalse(fresh.equals(n.core.resolve(fresh)), "not stored yet: a new id");
        n.loaded(fresh, DataKind.NUMERICAL, "age");
        assertEquals(fresh, n.core.resolve(fresh));
        assertEquals(Set.of(fresh), n.core.sessions().stream().map(s -> s.id()).collect(Collectors.toSet()));
    }

    @Test
    void unknownOrMalformedCookiesGetAFreshSession() {
        CoreHarness n = node();
        for (String cookie : new String[] {"", "garbage", "6F1C2C1E-0B7E-4A57-9A51-3C1F0E9D8B21",
                "6f1c2c1e-0b7e-4a57-9a51-3c1f0e9d8b21"}) {
            String s = n.core.resolve(cookie);
            assertFalse(s.equals(cookie));
            assertTrue(s.matches("[0-9a-f-]{36}"));
        }
    }

    @Test
    void anExpiredSessionIsNotResolved() throws Exception {
        CoreHarness n = node(Settings.from(Map.of("session.lifetime", "60")));
        String s = n.newSession();
        n.loaded(s, DataKind.NUMERICAL, "age");
        assertEquals(s, n.core.resolve(s));
        n.clock.addAndGet(61_000);
        assertFalse(s.equals(n.core.resolve(s)));
    }

    // --- load

    @Test
    void loadSucceedsAndMetaHasTheFeaturesAndTheDescriptor() throws Exception {
        CoreHarness n = node();
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("mirna", r -> {
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        Map<String, Object> d = desc(DataKind.NUMERICAL_ARRAY, "mirna");
        d.put("extra", Map.of("nested", List.of(1, "two")));
        List<String> ids = n.load(s, d);
        assertEquals(1, ids.size());
        String id = ids.get(0);
        DataMeta before = n.core.meta(s, id);
        assertEquals(List.of(), before.features(), "no features before the load ended");
        assertEquals(d, before.descriptor());
        release.countDown();
        n.core.awaitSession(s, WAIT);
        DataStateView v = state(n, s, id);
        assertEquals(JobState.SUCCESS, v.etlState());
        assertNull(v.etlMessage());
        assertEquals("mirna", v.label());
        assertEquals("numerical_array", v.dataType());
        DataMeta meta = n.core.meta(s, id);
        assertEquals(List.of("mirna-f0", "mirna-f1", "mirna-f2"), meta.features());
        assertEquals(d, meta.descriptor());
        // the connector got the token, the server without a trailing slash, and the descriptor
        assertEquals("secret-token", n.connector.requests.get(0).token());
        assertEquals(CoreHarness.SERVER, n.connector.requests.get(0).server());
        assertEquals(id, n.connector.requests.get(0).taskId());
    }

    @Test
    void idsComeBackInRequestOrderAndListKeepsThatOrder() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        List<String> ids = n.load(s, desc(DataKind.NUMERICAL, "a"), desc(DataKind.CATEGORICAL, "b"),
                desc(DataKind.NUMERICAL_ARRAY, "c"));
        n.core.awaitSession(s, WAIT);
        List<DataStateView> list = n.core.list(s);
        assertEquals(ids, list.stream().map(DataStateView::taskId).toList());
        assertEquals(List.of("a", "b", "c"), list.stream().map(DataStateView::label).toList());
        assertEquals(List.of("numerical", "categorical", "numerical_array"),
                list.stream().map(DataStateView::dataType).toList());
    }

    @Test
    void whileTheEtlRunsTheStateIsSubmitted() throws Exception {
        CoreHarness n = node();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("slow", r -> {
            started.countDown();
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(JobState.SUBMITTED, state(n, s, id).etlState());
        release.countDown();
        n.core.awaitSession(s, WAIT);
        assertEquals(JobState.SUCCESS, state(n, s, id).etlState());
    }

    @Test
    void awaitSessionReturnsAtItsTimeoutWhileAnEtlStillRuns() throws Exception {
        CoreHarness n = node();
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("slow", r -> {
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        try {
            long t0 = System.nanoTime();
            n.core.awaitSession(s, Duration.ofMillis(300));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(250).toNanos(), "waited about the timeout");
            assertEquals(JobState.SUBMITTED, state(n, s, id).etlState());
        } finally {
            release.countDown();
        }
        n.core.awaitSession(s, WAIT);
        assertEquals(JobState.SUCCESS, state(n, s, id).etlState());
        n.core.awaitSession(n.newSession(), WAIT); // an empty session: returns at once
    }

    /**
     * Issue 12, item 3: GET /data (which fractal.js polls every 2 s) and the duplicate check of POST /data read only
     * the small fixed-size state of each variable, never its descriptor (which may carry inline rows), its features
     * or its frame, so their cost does not grow with the data.
     */
    @Test
    void listingAndTheDuplicateCheckReadNeitherDescriptorsNorFeaturesNorFrames() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        String big = n.loaded(s, DataKind.NUMERICAL_ARRAY, "mirna");
        String other = n.loaded(s, DataKind.NUMERICAL, "age");
        n.store.reads.clear();
        List<DataStateView> listed = n.core.list(s);
        assertEquals(List.of(big, other), listed.stream().map(DataStateView::taskId).toList());
        assertEquals(JobState.SUCCESS, listed.get(0).etlState());
        assertEquals("numerical_array", listed.get(0).dataType());
        assertTrue(n.store.reads.stream().noneMatch(k -> k.startsWith("descriptor:") || k.startsWith("frame:")),
                "GET /data read " + n.store.reads);
        for (String k : n.store.reads) {
            if (k.startsWith("data:")) {
                assertTrue(n.store.get(k).orElseThrow().length < 512, "a data state stays small: " + k);
            }
        }
        n.store.reads.clear();
        String again = n.load(s, desc(DataKind.NUMERICAL, "age")).get(0); // replaces 'other'
        n.core.awaitSession(s, WAIT);
        assertFalse(again.equals(other));
        assertTrue(n.store.reads.stream().noneMatch(k -> k.endsWith(big) && (k.startsWith("descriptor:") || k.startsWith("frame:"))),
                "the duplicate check read " + n.store.reads);
        assertEquals(List.of("mirna-f0", "mirna-f1", "mirna-f2"), n.core.meta(s, big).features());
    }

    /**
     * Issue 12, item 2: with a chunk size far below the frame's size, a loaded variable is stored as many bounded
     * values, an analysis reads it back exactly, and deleting it, deleting all, a purge and a quota refusal leave
     * no chunk behind.
     */
    @Test
    void aFrameLargerThanAChunkIsStoredInChunksReadBackAndRemovedWithAllItsChunks() throws Exception {
        CoreHarness n = node(Settings.from(Map.of("cache.chunk.kilobytes", 4, "session.max.megabytes", 1)));
        Frame big = org.fractalis.core.internal.data.Frames.matrix(40, 250, 11);
        n.connector.on("big", r -> big);
        n.tasks.put("compute-sum", args -> {
            Frame f = args.frame("x");
            double sum = 0;
            for (int i = 0; i < f.size(); i++) {
                sum += Double.isNaN(f.number(i)) ? 0 : f.number(i);
            }
            return Map.of("n", f.size(), "sum", sum);
        });
        double expected = 0;
        for (int i = 0; i < big.size(); i++) {
            expected += Double.isNaN(big.number(i)) ? 0 : big.number(i);
        }
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL_ARRAY, "big");
        List<String> keys = n.store.keys("frame:" + id);
        assertTrue(keys.size() > 10, keys.toString());
        for (String k : keys) {
            assertTrue(n.store.get(k).orElseThrow().length <= 4096, k);
        }
        var result = n.run(s, "compute-sum", Map.of("x", CoreHarness.ref(id)));
        assertEquals(JobState.SUCCESS, result.state(), result.toString());
        assertEquals(Map.of("n", 10000, "sum", expected), org.fractalis.core.internal.json.ResultJson.parseObject(
                result.result()));
        n.core.delete(s, id);
        assertEquals(List.of(), n.store.keys("frame:"));

        String again = n.loaded(s, DataKind.NUMERICAL_ARRAY, "big");
        n.core.deleteAll(s);
        assertEquals(List.of(), n.store.keys("frame:"));
        assertTrue(n.core.get(again).isEmpty());

        String purged = n.loaded(s, DataKind.NUMERICAL_ARRAY, "big");
        assertTrue(n.store.keys("frame:" + purged).size() > 10);
        n.core.purge(s);
        assertEquals(List.of(), n.store.keys("frame:"));

        // more than the session's 1 MiB: refused, and nothing of it stays in the store
        Frame huge = org.fractalis.core.internal.data.Frames.matrix(300, 600, 12); // about 1.5 MiB stored
        n.connector.on("huge", r -> huge);
        String s2 = n.newSession();
        String refused = n.load(s2, desc(DataKind.NUMERICAL_ARRAY, "huge")).get(0);
        n.core.awaitSession(s2, WAIT);
        assertEquals(JobState.FAILURE, state(n, s2, refused).etlState());
        assertTrue(state(n, s2, refused).etlMessage().startsWith("QuotaExceeded"), state(n, s2, refused).etlMessage());
        assertEquals(List.of(), n.store.keys("frame:"));
    }

    /** A data state that cannot be read (written by an incompatible version) behaves as expired: no 500. */
    @Test
    void anUnreadableDataStateIsDroppedLikeAnExpiredOne() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        n.store.put("data:" + id, "{\"taskId\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofHours(1));
        assertEquals(List.of(), n.core.list(s));
        assertStatus(403, () -> n.core.meta(s, id));
        String again = n.loaded(s, DataKind.NUMERICAL, "age");
        assertEquals(List.of(again), n.core.list(s).stream().map(DataStateView::taskId).toList());
    }

    @Test
    void theSameDescriptorReplacesTheOldTask() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        String first = n.loaded(s, DataKind.NUMERICAL, "age");
        // same descriptor with another key order, and the server with a trailing slash: still the same variable
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("field", "age");
        reordered.put("data_type", "numerical");
        String second = n.core.load(s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER + "/",
                Map.of("token", "t"), List.of(reordered))).get(0);
        n.core.awaitSession(s, WAIT);
        assertEquals(List.of(second), n.core.list(s).stream().map(DataStateView::taskId).toList());
        assertStatus(403, () -> n.core.meta(s, first));
        assertTrue(n.core.get(first).isEmpty(), "the old job state is gone");
        assertTrue(n.store.get("frame:" + first).isEmpty(), "the old data are gone");
        assertTrue(n.store.get("data:" + first).isEmpty());
    }

    @Test
    void aDifferentServerOrDescriptorIsAnotherVariable() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        n.loaded(s, DataKind.NUMERICAL, "age");
        n.core.load(s, new LoadRequest(CoreHarness.HANDLER, "http://other", Map.of("token", "t"),
                List.of(desc(DataKind.NUMERICAL, "age"))));
        n.load(s, desc(DataKind.CATEGORICAL, "age"));
        n.core.awaitSession(s, WAIT);
        assertEquals(3, n.core.list(s).size());
    }

    @Test
    void replacingARunningTaskInterruptsItsEtl() throws Exception {
        CoreHarness n = node();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        n.connector.on("slow", r -> {
            if (started.getCount() == 0) {
                return CoreHarness.defaultFrame(r.descriptor()); // the replacement loads at once
            }
            started.countDown();
            try {
                new CountDownLatch(1).await();
                outcome.complete("finished");
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
                throw e;
            }
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        String old = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        String replacement = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertEquals("interrupted", outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        n.awaitHandled(old);
        n.core.awaitSession(s, WAIT);
        assertEquals(List.of(replacement), n.core.list(s).stream().map(DataStateView::taskId).toList());
        assertEquals(JobState.SUCCESS, state(n, s, replacement).etlState());
        assertTrue(n.store.get("frame:" + old).isEmpty());
    }

    @Test
    void aDescriptorRepeatedInOneRequestEndsAsOneVariable() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        n.load(s, desc(DataKind.NUMERICAL, "age"), desc(DataKind.NUMERICAL, "age"));
        n.core.awaitSession(s, WAIT);
        List<DataStateView> list = n.core.list(s);
        assertEquals(1, list.size());
        assertEquals(JobState.SUCCESS, list.get(0).etlState());
    }

    @Test
    void concurrentLoadsInOneSessionLoseNoIds() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        int threads = 20;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String field = "v" + t;
                results.add(pool.submit(() -> {
                    barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    return n.load(s, desc(DataKind.NUMERICAL, field));
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> f : results) {
                ids.addAll(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(threads, ids.size());
            n.core.awaitSession(s, WAIT);
            List<DataStateView> list = n.core.list(s);
            assertEquals(ids, list.stream().map(DataStateView::taskId).collect(Collectors.toSet()));
            assertTrue(list.stream().allMatch(v -> v.etlState() == JobState.SUCCESS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loginRunsWhenThereIsNoToken() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        n.core.load(s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER,
                Map.of("token", "", "user", "u", "passwd", "p"), List.of(desc(DataKind.NUMERICAL, "age"))));
        n.core.awaitSession(s, WAIT);
        assertEquals("token-from-login", n.connector.requests.get(0).token());
    }

    // --- 400s: validated before anything is queued

    private static void assertBadRequest(CoreHarness n, String session, LoadRequest r, String message) {
        ServiceException e = assertThrows(ServiceException.class, () -> n.core.load(session, r));
        assertEquals(ServiceException.Reason.BAD_REQUEST, e.reason());
        assertEquals("error", e.errorKey());
        assertEquals(message, e.getMessage());
    }

    @Test
    void requestErrorsAre400WithTheOriginalsMessages() {
        CoreHarness n = node();
        String s = n.newSession();
        List<Map<String, Object>> ok = List.of(desc(DataKind.NUMERICAL, "age"));
        assertBadRequest(n, s, new LoadRequest("nope", CoreHarness.SERVER, Map.of("token", "t"), ok),
                "No ETLHandler implementation found for: 'nope'");
        assertBadRequest(n, s, new LoadRequest(CoreHarness.HANDLER, "", Map.of("token", "t"), ok),
                " is not a valid server url.");
        assertBadRequest(n, s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER, null, ok),
                "'auth' must be a valid dictionary.");
        assertBadRequest(n, s, new LoadRequest(CoreHarness.HANDLER, CoreHarness.SERVER,
                Map.of("user", "u", "passwd", "wrong"), ok), "Could not authenticate with API. Bad credentials.");
        assertTrue(n.core.list(s).isEmpty());
        assertTrue(n.core.jobs().isEmpty());
    }

    @Test
    void anInvalidDescriptorRefusesTheWholeRequestAndQueuesNothing() {
        CoreHarness n = node();
        String s = n.newSession();
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("data_type", "numerical");
        ServiceException e = assertThrows(ServiceException.class,
                () -> n.core.load(s, request(List.of(desc(DataKind.NUMERICAL, "ok"), bad))));
        assertEquals(400, e.reason().status());
        assertEquals("No ETL implementation found for handler 'fake' and descriptor {\"data_type\":\"numerical\"}: "
                + "The descriptor has no 'field'.", e.getMessage());
        Map<String, Object> unknownKind = desc(DataKind.NUMERICAL, "x");
        unknownKind.put("data_type", "matrix");
        e = assertThrows(ServiceException.class, () -> n.core.load(s, request(List.of(unknownKind))));
        assertTrue(e.getMessage().endsWith("Unknown data_type matrix."), e.getMessage());
        assertTrue(n.core.list(s).isEmpty());
        assertTrue(n.core.jobs().isEmpty(), "nothing queued: " + n.core.jobs());
        assertTrue(n.connector.requests.isEmpty());
    }

    @Test
    void tooManyDescriptorsAre400() {
        CoreHarness n = node(Settings.from(Map.of("max.descriptors", "2")));
        String s = n.newSession();
        ServiceException e = assertThrows(ServiceException.class, () -> n.load(s, desc(DataKind.NUMERICAL, "a"),
                desc(DataKind.NUMERICAL, "b"), desc(DataKind.NUMERICAL, "c")));
        assertEquals(400, e.reason().status());
        assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    }

    // --- ETL failures (SOURCES.md §1 phases)

    private static String failure(CoreHarness n, String field) throws Exception {
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, field)).get(0);
        n.core.awaitSession(s, WAIT);
        DataStateView v = state(n, s, id);
        assertEquals(JobState.FAILURE, v.etlState(), "state of " + field);
        return v.etlMessage();
    }

    @Test
    void etlFailuresCarryThePhasePrefix() throws Exception {
        CoreHarness n = node();
        n.connector.on("extract", r -> {
            throw new ConnectorException("Target server responded with status code 500.");
        });
        n.connector.on("transform", r -> {
            throw new ConnectorException(ConnectorException.Phase.TRANSFORM, "'7'");
        });
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                failure(n, "extract"));
        assertEquals("RuntimeError: Data transformation failed. '7'", failure(n, "transform"));
    }

    @Test
    void anUnexpectedConnectorErrorIsReportedWithItsMessage() throws Exception {
        CoreHarness n = node();
        n.connector.on("npe", r -> {
            throw new NullPointerException("Cannot invoke \"String.length()\" because \"label\" is null");
        });
        assertEquals("RuntimeError: Data extraction failed. Unexpected error in connector 'fake': "
                + "NullPointerException: Cannot invoke \"String.length()\" because \"label\" is null",
                failure(n, "npe"));
    }

    @Test
    void theTokenNeverAppearsInAnUnexpectedErrorsMessage() throws Exception {
        CoreHarness n = node();
        n.connector.on("leak", r -> {
            throw new IllegalStateException("GET " + r.server() + "/api?token=" + r.token() + " failed:\n  timeout");
        });
        String m = failure(n, "leak");
        assertEquals("RuntimeError: Data extraction failed. Unexpected error in connector 'fake': "
                + "IllegalStateException: GET " + CoreHarness.SERVER + "/api?token=*** failed: timeout", m);
        assertFalse(m.contains("secret-token"), m);
    }

    @Test
    void integrityFailuresAreTransformationFailures() throws Exception {
        CoreHarness n = node();
        n.connector.on("dup", r -> Frame.builder(DataKind.NUMERICAL).add("a", "dup", 1).add("a", "dup", 2).build());
        n.connector.on("two", r -> Frame.builder(DataKind.NUMERICAL).add("a", "x", 1).add("b", "y", 2).build());
        n.connector.on("strings", r -> Frame.builder(DataKind.CATEGORICAL).add("a", "strings", "1").build());
        n.connector.on("null", r -> null);
        n.connector.on("empty", r -> Frame.builder(DataKind.NUMERICAL).build());
        assertEquals("RuntimeError: Data transformation failed. A numerical frame must hold each id once; 1 of its 2 "
                + "rows repeat an id, e.g. 'a'.", failure(n, "dup"));
        assertEquals("RuntimeError: Data transformation failed. A numerical frame must have exactly one feature (the "
                + "variable); this one has 2: 'x', 'y'.", failure(n, "two"));
        assertEquals("RuntimeError: Data transformation failed. The connector announced a numerical variable but "
                + "returned a categorical frame (Frame.kind() must be the DataKind that Connector.kind returned).",
                failure(n, "strings"));
        assertEquals("RuntimeError: Data transformation failed. The connector returned no frame (Connector.load must "
                + "return a Frame, never null).", failure(n, "null"));
        assertEquals("RuntimeError: Data transformation failed. A numerical frame must have exactly one feature (the "
                + "variable); this one has 0.", failure(n, "empty"));
    }

    @Test
    void aConnectorGoneBeforeTheJobRunsFailsTheEtl() throws Exception {
        CoreHarness n = new CoreHarness();
        nodes.add(n);
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "age")).get(0);
        n.connectors.map.clear(); // the connector bundle went away while the job waited
        n.startWorker();
        n.core.awaitSession(s, WAIT);
        DataStateView v = state(n, s, id);
        assertEquals(JobState.FAILURE, v.etlState());
        assertTrue(v.etlMessage().startsWith("RuntimeError: Data extraction failed. No connector for handler 'fake'"),
                v.etlMessage());
    }

    @Test
    void aFullStoreFailsTheLoadingPhase() throws Exception {
        // records fit, the (incompressible) frame does not
        CoreHarness n = new CoreHarness(Settings.defaults(), 200_000, 100);
        nodes.add(n.startWorker());
        Random r = new Random(1);
        n.connector.on("big", req -> {
            Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
            for (int i = 0; i < 40_000; i++) {
                b.add("p" + i % 400, "f" + i / 400, r.nextDouble());
            }
            return b.build();
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL_ARRAY, "big")).get(0);
        n.core.awaitSession(s, WAIT);
        DataStateView v = state(n, s, id);
        assertEquals(JobState.FAILURE, v.etlState());
        assertTrue(v.etlMessage().startsWith("RuntimeError: Data loading failed. The node's data store is full"),
                v.etlMessage());
        assertTrue(n.store.get("frame:" + id).isEmpty());
    }

    @Test
    void anEntryRemovedWhileTheEtlRunsFailsIt() throws Exception {
        CoreHarness n = node();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("slow", r -> {
            started.countDown();
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        n.store.delete("data:" + id); // e.g. expired, or removed by another node
        release.countDown();
        n.awaitHandled(id);
        JobInfo j = n.core.get(id).orElseThrow();
        assertEquals(JobState.FAILURE, j.state());
        assertEquals("RuntimeError: ETL failed! The associated entry in the store has been removed while the ETL "
                + "was running.", j.message());
        assertTrue(n.store.get("frame:" + id).isEmpty(), "no orphan frame");
    }

    // --- isolation, delete

    @Test
    void anotherSessionCannotSeeOrTouchTheData() throws Exception {
        CoreHarness n = node();
        String a = n.newSession();
        String b = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        n.loaded(b, DataKind.NUMERICAL, "other");
        assertEquals(1, n.core.list(b).size());
        ServiceException e = assertThrows(ServiceException.class, () -> n.core.meta(b, id));
        assertEquals(403, e.reason().status());
        assertEquals("Data task '" + id + "' not found in session. Refusing access.", e.getMessage());
        assertStatus(403, () -> n.core.delete(b, id));
        n.core.deleteAll(b);
        assertEquals(JobState.SUCCESS, state(n, a, id).etlState(), "untouched by the other session");
        assertTrue(n.core.list(b).isEmpty());
    }

    @Test
    void deleteRemovesDataStateAndSessionEntry() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        String keep = n.loaded(s, DataKind.NUMERICAL, "keep");
        n.core.delete(s, id);
        assertEquals(List.of(keep), n.core.list(s).stream().map(DataStateView::taskId).toList());
        assertStatus(403, () -> n.core.meta(s, id));
        assertStatus(403, () -> n.core.delete(s, id));
        assertTrue(n.store.get("frame:" + id).isEmpty());
        assertTrue(n.store.get("data:" + id).isEmpty());
        assertTrue(n.core.get(id).isEmpty());
    }

    @Test
    void deleteAllEmptiesTheSession() throws Exception {
        CoreHarness n = node();
        String s = n.newSession();
        n.load(s, desc(DataKind.NUMERICAL, "a"), desc(DataKind.NUMERICAL, "b"), desc(DataKind.CATEGORICAL, "c"));
        n.core.awaitSession(s, WAIT);
        n.core.deleteAll(s);
        assertTrue(n.core.list(s).isEmpty());
        assertTrue(n.store.keys("frame:").isEmpty());
        assertTrue(n.store.keys("data:").isEmpty());
    }

    @Test
    void deletingARunningEtlCancelsIt() throws Exception {
        CoreHarness n = node();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        n.connector.on("slow", r -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
                throw e;
            }
            return null;
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "slow")).get(0);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        n.core.delete(s, id);
        assertEquals("interrupted", outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        n.awaitHandled(id);
        assertTrue(n.core.list(s).isEmpty());
        assertTrue(n.store.keys("frame:").isEmpty());
    }

    @Test
    void expiredDataAreDroppedFromTheListAndMetaIs404WhileStillOwned() throws Exception {
        CoreHarness n = node(Settings.from(Map.of("data.lifetime", "100")));
        String s = n.newSession();
        String id = n.loaded(s, DataKind.NUMERICAL, "age");
        n.clock.addAndGet(101_000);
        assertStatus(404, () -> n.core.meta(s, id));
        assertTrue(n.core.list(s).isEmpty());
        // list() pruned the id from the session: now it is simply not ours any more
        assertStatus(403, () -> n.core.meta(s, id));
    }

    @Test
    void aFullQueueRefusesTheLoadAndLeavesNothingBehind() throws Exception {
        CoreHarness n = new CoreHarness(Settings.defaults(), 64L << 20, 1);
        nodes.add(n); // no worker: jobs stay queued
        String s = n.newSession();
        String first = n.load(s, desc(DataKind.NUMERICAL, "a")).get(0);
        assertThrows(BackendUnavailableException.class, () -> n.load(s, desc(DataKind.NUMERICAL, "b")));
        assertEquals(List.of(first), n.core.list(s).stream().map(DataStateView::taskId).toList());
        assertEquals(1, n.core.jobs().size());
        assertEquals(1, n.store.keys("data:").size());
        n.startWorker();
        n.core.awaitSession(s, Duration.ofSeconds(20));
        assertEquals(JobState.SUCCESS, state(n, s, first).etlState());
    }
}
