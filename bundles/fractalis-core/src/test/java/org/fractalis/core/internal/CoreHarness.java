package org.fractalis.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.NodeInfo;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.fractalis.core.internal.queue.EmbeddedJobQueue;
import org.fractalis.core.internal.store.MemoryStateStore;

/**
 * One node in this JVM: a memory store with a settable clock, the embedded queue (2 threads), fake registries
 * holding a fake connector ({@value #HANDLER}) and fake analytics tasks, and a worker-like handler that runs
 * jobs through {@link CoreServices#execute} and records when each job was handled.
 */
final class CoreHarness implements AutoCloseable {
    static final String HANDLER = "fake";
    static final String SERVER = "http://source.example";
    static final Duration WAIT = Duration.ofSeconds(20);

    final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    final MemoryStateStore store;
    final EmbeddedJobQueue queue;
    final FakeConnectors connectors = new FakeConnectors();
    final FakeTasks tasks = new FakeTasks();
    final FakeCluster cluster = new FakeCluster();
    final FakeConnector connector = new FakeConnector();
    final CoreServices core;
    private final Map<String, CompletableFuture<Void>> handled = new ConcurrentHashMap<>();
    /** Every job message the worker received, as it travelled through the queue. */
    final List<JobMessage> messages = new CopyOnWriteArrayList<>();
    private final JobHandler worker;

    CoreHarness() {
        this(Settings.defaults(), 64L << 20, 100);
    }

    CoreHarness(Settings settings) {
        this(settings, 64L << 20, 100);
    }

    CoreHarness(Settings settings, long storeBytes, int queueCapacity) {
        this(settings, storeBytes, new EmbeddedJobQueue(2, queueCapacity));
    }

    /** A node on a queue the test configured (threads per pool, per-session share). */
    CoreHarness(Settings settings, EmbeddedJobQueue queue) {
        this(settings, 64L << 20, queue);
    }

    private CoreHarness(Settings settings, long storeBytes, EmbeddedJobQueue queue) {
        store = new MemoryStateStore(storeBytes, clock::get);
        this.queue = queue;
        connectors.put(HANDLER, connector);
        core = new CoreServices(store, queue, connectors, tasks, cluster, settings);
        worker = new JobHandler() {
            @Override
            public void handle(JobMessage job) throws InterruptedException {
                messages.add(job);
                try {
                    core.execute(job);
                } finally {
                    done(job.id()).complete(null);
                }
            }

            /** As the real worker: a job the queue gives up on (its outcome could not be stored) ends as FAILURE. */
            @Override
            public void giveUp(JobMessage job, String reason) {
                core.abandon(job, reason);
            }
        };
    }

    /** A second node sharing this node's store and queue, with its own registries (e.g. a web node). */
    CoreHarness(CoreHarness shared, Settings settings) {
        store = shared.store;
        queue = shared.queue;
        core = new CoreServices(store, queue, connectors, tasks, cluster, settings);
        worker = shared.worker;
    }

    /** Starts consuming jobs (jobs submitted before wait in the queue). */
    CoreHarness startWorker() {
        queue.consume(worker, Set.of());
        return this;
    }

    private CompletableFuture<Void> done(String jobId) {
        return handled.computeIfAbsent(jobId, k -> new CompletableFuture<>());
    }

    /** Waits until the worker has returned from handling the job (whatever its outcome). */
    void awaitHandled(String jobId) throws Exception {
        done(jobId).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        core.deactivate();
        queue.close();
    }

    // --- requests

    String newSession() {
        return core.resolve(null);
    }

    static Map<String, Object> desc(DataKind kind, String field) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("data_type", kind.wireName());
        d.put("field", field);
        return d;
    }

    static LoadRequest request(List<Map<String, Object>> descriptors) {
        return new LoadRequest(HANDLER, SERVER, Map.of("token", "secret-token"), descriptors);
    }

    @SafeVarargs
    final List<String> load(String session, Map<String, Object>... descriptors) {
        return core.load(session, request(List.of(descriptors)));
    }

    /** Loads one variable and waits until its ETL has ended. */
    String loaded(String session, DataKind kind, String field) throws Exception {
        String id = load(session, desc(kind, field)).get(0);
        core.awaitSession(session, WAIT);
        JobState st = core.get(id).map(JobInfo::state).orElseThrow();
        assertTrue(st == JobState.SUCCESS, "ETL of " + field + " ended " + st + ": " + core.get(id));
        return id;
    }

    static String ref(String id) {
        return "${\"id\":\"" + id + "\",\"filters\":{}}$";
    }

    static String ref(String id, String... features) {
        StringBuilder b = new StringBuilder("${\"id\":\"").append(id).append("\",\"filters\":{\"feature\":[");
        for (int i = 0; i < features.length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(features[i]).append('"');
        }
        return b.append("]}}$").toString();
    }

    /** Submits an analysis and waits for its end. */
    TaskStatus run(String session, String task, Map<String, Object> args) throws Exception {
        String id = core.submit(session, task, args);
        TaskStatus s = core.awaitTask(session, id, WAIT);
        if (!s.state().isFinal()) {
            fail("task did not end: " + s);
        }
        return s;
    }

    /** The default frame the fake connector builds for a descriptor (5 samples p0..p4). */
    static Frame defaultFrame(Map<String, Object> d) {
        DataKind kind = DataKind.fromWireName((String) d.get("data_type")).orElseThrow();
        String field = (String) d.get("field");
        Frame.Builder b = Frame.builder(kind);
        for (int i = 0; i < 5; i++) {
            switch (kind) {
                case CATEGORICAL -> b.add("p" + i, field, i % 2 == 0 ? "even" : "odd");
                case NUMERICAL -> b.add("p" + i, field, i * 10.0);
                case NUMERICAL_ARRAY -> {
                    for (int f = 0; f < 3; f++) {
                        b.add("p" + i, field + "-f" + f, i + f / 10.0);
                    }
                }
            }
        }
        return b.build();
    }

    // --- fakes

    /** What the fake connector does for one field. */
    @FunctionalInterface
    interface Loader {
        Frame load(EtlRequest r) throws ConnectorException, InterruptedException;
    }

    /**
     * Descriptors {@code {"data_type": kind, "field": name}}; label = field (missing field: refused). Login
     * accepts user "u" with passwd "p". Per-field behaviour can be replaced with {@link #on}.
     */
    static final class FakeConnector implements Connector {
        final Map<String, Loader> loaders = new ConcurrentHashMap<>();
        final List<EtlRequest> requests = new CopyOnWriteArrayList<>();
        /** Values the connector announces before loading, per field (unknown otherwise). */
        final Map<String, Long> estimates = new ConcurrentHashMap<>();

        @Override
        public long estimateValues(Map<String, Object> d) {
            return estimates.getOrDefault(String.valueOf(d.get("field")), -1L);
        }

        void on(String field, Loader loader) {
            loaders.put(field, loader);
        }

        @Override
        public String login(String server, Map<String, Object> auth) throws ConnectorException {
            if ("u".equals(auth.get("user")) && "p".equals(auth.get("passwd"))) {
                return "token-from-login";
            }
            throw new ConnectorException("Bad credentials.");
        }

        @Override
        public DataKind kind(Map<String, Object> d) throws ConnectorException {
            Object t = d.get("data_type");
            return DataKind.fromWireName(t instanceof String s ? s : "")
                    .orElseThrow(() -> new ConnectorException("Unknown data_type " + t + "."));
        }

        @Override
        public String label(Map<String, Object> d) throws ConnectorException {
            if (!(d.get("field") instanceof String f)) {
                throw new ConnectorException("The descriptor has no 'field'.");
            }
            return f;
        }

        @Override
        public Frame load(EtlRequest r) throws ConnectorException {
            requests.add(r);
            Loader l = loaders.get(String.valueOf(r.descriptor().get("field")));
            if (l == null) {
                return defaultFrame(r.descriptor());
            }
            try {
                return l.load(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a well-behaved connector keeps the flag
                throw new ConnectorException("interrupted");
            }
        }
    }

    /** What a fake analytics task does. */
    @FunctionalInterface
    interface TaskBody {
        Map<String, Object> run(TaskArgs args) throws AnalyticsException, InterruptedException;
    }

    static AnalyticsTask task(TaskBody body) {
        return args -> {
            try {
                return body.run(args);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnalyticsException("RuntimeError", "interrupted");
            }
        };
    }

    static final class FakeConnectors implements ConnectorRegistry {
        final Map<String, Connector> map = new ConcurrentHashMap<>();

        void put(String handler, Connector c) {
            map.put(handler, c);
        }

        @Override
        public Optional<Connector> find(String handler) {
            return Optional.ofNullable(map.get(handler));
        }

        @Override
        public SortedSet<String> handlers() {
            return new TreeSet<>(map.keySet());
        }

        @Override
        public void addListener(Runnable onChange) {
        }

        @Override
        public void removeListener(Runnable onChange) {
        }
    }

    static final class FakeTasks implements AnalyticsRegistry {
        final Map<String, AnalyticsTask> map = new ConcurrentHashMap<>();

        void put(String name, TaskBody body) {
            map.put(name, task(body));
        }

        @Override
        public Optional<AnalyticsTask> find(String name) {
            return Optional.ofNullable(map.get(name));
        }

        @Override
        public SortedSet<String> names() {
            return new TreeSet<>(map.keySet());
        }

        @Override
        public void addListener(Runnable onChange) {
        }

        @Override
        public void removeListener(Runnable onChange) {
        }
    }

    /** A directory of one imaginary remote node whose capabilities the test sets. */
    static final class FakeCluster implements ClusterDirectory {
        final Set<String> remote = ConcurrentHashMap.newKeySet();

        @Override
        public void announce(String role, Set<String> capabilities) {
        }

        @Override
        public void withdraw(String role) {
        }

        @Override
        public List<NodeInfo> nodes() {
            return remote.isEmpty() ? List.of()
                    : new ArrayList<>(List.of(new NodeInfo("remote", "remote:0", Set.of("worker"), Set.copyOf(remote),
                            System.currentTimeMillis())));
        }

        @Override
        public boolean offered(String capability) {
            return remote.contains(capability);
        }

        /** Capabilities of a node that vanished a moment ago. */
        final Set<String> vanished = ConcurrentHashMap.newKeySet();

        @Override
        public boolean offeredRecently(String capability) {
            return !offered(capability) && vanished.contains(capability);
        }
    }
}
