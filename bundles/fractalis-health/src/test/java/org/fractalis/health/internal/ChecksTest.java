package org.fractalis.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.apache.felix.hc.api.Result;
import org.fractalis.api.config.ConfigurationIssue;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.backend.WorkerPoolHealth;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;
import org.fractalis.api.service.NodeInfo;
import org.junit.jupiter.api.Test;

/** Every check against fakes: what makes it OK, what makes it CRITICAL and what it says. */
class ChecksTest {

    // ----- store

    @Test
    void storeAnswersOrNot() {
        StoreCheck check = new StoreCheck();
        check.activate(Map.of("store.target", "(fractalis.backend=redis)"));
        Result none = check.execute();
        assertEquals(Result.Status.CRITICAL, none.getStatus());
        assertTrue(HealthReport.message(none).contains("store.target (fractalis.backend=redis)"));

        FakeStore store = new FakeStore();
        check.bindStore(store, Map.of(StateStore.BACKEND, "redis"));
        assertEquals(Result.Status.OK, check.execute().getStatus());
        assertEquals(List.of(StoreCheck.PROBE_KEY), store.reads, "one cheap read");

        store.down = true;
        Result down = check.execute();
        assertEquals(Result.Status.CRITICAL, down.getStatus());
        assertTrue(HealthReport.message(down).contains("redis") && HealthReport.message(down).contains("refused"),
                HealthReport.message(down));

        check.unbindStore(new FakeStore()); // another one leaving changes nothing
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus());
        check.unbindStore(store);
        assertTrue(HealthReport.message(check.execute()).startsWith("No state store"));
    }

    // ----- queue

    @Test
    void queueProbed() {
        QueueCheck check = new QueueCheck();
        check.activate(Map.of());
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus());
        FakeQueue q = new FakeQueue();
        check.bindQueue(q, Map.of(StateStore.BACKEND, "rabbitmq"));
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus());
        assertEquals(1, q.probes);
        q.down = "The job queue (RabbitMQ) is unreachable: Connection refused";
        Result down = check.execute();
        assertEquals(Result.Status.CRITICAL, down.getStatus());
        assertTrue(HealthReport.message(down).contains("Connection refused"), HealthReport.message(down));
    }

    @Test
    void aQueueWithoutProbeIsReachable() {
        QueueCheck check = new QueueCheck();
        check.activate(Map.of());
        check.bindQueue(new JobQueue() { // a queue that does not override probe(): the default says reachable
            @Override
            public void submit(JobMessage job) {
            }

            @Override
            public void cancel(String jobId) {
            }

            @Override
            public void consume(JobHandler handler, Set<String> plugins) {
            }

            @Override
            public void stopConsuming(JobHandler handler) {
            }
        }, Map.of());
        assertEquals(Result.Status.OK, check.execute().getStatus());
    }

    // ----- worker pool

    @Test
    void workerPool() {
        WorkerPoolCheck check = new WorkerPoolCheck();
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus(), "no core");
        FakeJobs jobs = new FakeJobs();
        check.jobs = jobs;
        Result none = check.execute();
        assertEquals(Result.Status.OK, none.getStatus());
        assertTrue(HealthReport.message(none).startsWith("Not applicable"));

        jobs.pool = Optional.of(new WorkerPoolHealth(8, 8, 1));
        Result intact = check.execute();
        assertEquals(Result.Status.OK, intact.getStatus());
        assertTrue(HealthReport.message(intact).contains("8 of 8") && HealthReport.message(intact).contains("1 replaced"));

        jobs.pool = Optional.of(new WorkerPoolHealth(8, 5, 0));
        Result broken = check.execute();
        assertEquals(Result.Status.CRITICAL, broken.getStatus());
        assertTrue(HealthReport.message(broken).contains("5 of 8"));
    }

    // ----- role

    @Test
    void aWebNodeNeedsALiveWorker() {
        FakeNode node = new FakeNode().bundle("fractalis-web", true)
                .component("fractalis-web", "org.fractalis.web.internal.FractalisServlet", "ACTIVE");
        RoleCheck check = new RoleCheck(node);
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus(), "no directory");
        FakeCluster cluster = new FakeCluster();
        check.cluster = cluster;
        cluster.nodes.add(node("w1", "web"));
        Result alone = check.execute();
        assertEquals(Result.Status.CRITICAL, alone.getStatus());
        assertTrue(HealthReport.message(alone).contains("no live worker"), HealthReport.message(alone));

        cluster.nodes.add(node("w2", "worker"));
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus(), HealthReport.message(ok));
        assertTrue(HealthReport.message(ok).contains("1 live worker"));

        cluster.down = true;
        Result down = check.execute();
        assertEquals(Result.Status.CRITICAL, down.getStatus());
        assertTrue(HealthReport.message(down).contains("Redis is down"), HealthReport.message(down));
    }

    @Test
    void aRoleWhoseComponentsDoNotRunIsNamed() {
        FakeNode node = new FakeNode().bundle("fractalis-worker", true)
                .component("fractalis-worker", "org.fractalis.worker.internal.Worker", "ACTIVE");
        RoleCheck check = new RoleCheck(node);
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus(), HealthReport.message(ok));
        assertTrue(HealthReport.message(ok).contains("worker: consumes jobs"));

        node.components.clear();
        node.components.add(new ComponentState("fractalis-worker", "org.fractalis.worker.internal.Worker",
                "UNSATISFIED_REFERENCE", List.of("queue", "jobs"), null));
        Result down = check.execute();
        assertEquals(Result.Status.CRITICAL, down.getStatus());
        assertTrue(HealthReport.message(down).contains("Worker: UNSATISFIED_REFERENCE (missing queue, jobs)"),
                HealthReport.message(down));
    }

    @Test
    void aNodeWithoutRoleIsNotReady() {
        assertEquals(Result.Status.CRITICAL, new RoleCheck(new FakeNode()).execute().getStatus());
    }

    // ----- plugins

    @Test
    void pluginsActive() {
        FakeNode node = new FakeNode().bundle("fractalis-core", true).bundle("fractalis-connector-test", true);
        PluginsCheck check = new PluginsCheck(node);
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus(), "no worker here: registries need not hold anything");
        assertTrue(HealthReport.message(ok).contains("2 Fractalis bundles active"));

        node.bundle("fractalis-connector-broken", false);
        Result broken = check.execute();
        assertEquals(Result.Status.CRITICAL, broken.getStatus());
        assertTrue(HealthReport.message(broken).contains("fractalis-connector-broken (RESOLVED)"),
                HealthReport.message(broken));
    }

    @Test
    void aWorkerWithoutPluginsRunsNothing() {
        FakeNode node = new FakeNode().bundle("fractalis-worker", true);
        PluginsCheck check = new PluginsCheck(node);
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus(), "no registries");
        FakeConnectors connectors = new FakeConnectors();
        FakeTasks tasks = new FakeTasks();
        check.connectors = connectors;
        check.analytics = tasks;
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus(), "empty registries");
        connectors.names.add("test");
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus(), "no analytics task");
        tasks.names.add("compute-correlation");
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus(), HealthReport.message(ok));
        assertTrue(HealthReport.message(ok).contains("1 connector(s), 1 analytics task(s)"));
    }

    // ----- configuration

    @Test
    void aComponentThatRefusedItsConfigurationShows() {
        FakeNode node = new FakeNode().bundle("fractalis-core", true)
                .component("fractalis-core", "org.fractalis.core.internal.CoreServices", "ACTIVE");
        ConfigurationCheck check = new ConfigurationCheck(node);
        assertEquals(Result.Status.OK, check.execute().getStatus());
        node.components.add(new ComponentState("fractalis-queue-rabbitmq",
                "org.fractalis.queue.rabbitmq.internal.RabbitJobQueue", ComponentState.FAILED_ACTIVATION, List.of(),
                OsgiNodeView.firstLine("java.lang.IllegalArgumentException: Invalid AMQP URI amqp://x:***@h/\n"
                        + "\tat org.fractalis.queue.rabbitmq.internal.RabbitJobQueue.<init>(RabbitJobQueue.java:1)")));
        Result failed = check.execute();
        assertEquals(Result.Status.CRITICAL, failed.getStatus());
        String m = HealthReport.message(failed);
        assertTrue(m.contains("RabbitJobQueue") && m.contains("Invalid AMQP URI") && !m.contains("\tat "), m);
    }

    @Test
    void aRefusedValueWarnsAndNamesPidKeyValueAndWhatIsAllowed() {
        FakeNode node = new FakeNode().bundle("fractalis-web", true)
                .component("fractalis-web", "org.fractalis.web.internal.FractalisServlet", "ACTIVE");
        List<ConfigurationIssue> issues = new java.util.ArrayList<>();
        ConfigurationCheck check = new ConfigurationCheck(node, new org.fractalis.api.config.ConfigurationIssues() {
            @Override
            public List<ConfigurationIssue> issues() {
                return issues;
            }

            @Override
            public void report(String reporter, String pid, List<ConfigurationIssue> refused) {
                throw new UnsupportedOperationException("the check only reads");
            }
        });
        assertEquals(Result.Status.OK, check.execute().getStatus());
        issues.add(new ConfigurationIssue("org.fractalis.web", "cookie.samesite", "Bogus",
                "etc/org.fractalis.web.cfg / ConfigAdmin", "not one of the options: allowed is a text, one of Lax, "
                + "Strict, None", "the default 'Lax'"));
        Result warn = check.execute();
        assertEquals(Result.Status.WARN, warn.getStatus(), "the node still serves: ready, with a warning");
        String m = HealthReport.message(warn);
        assertTrue(m.contains("org.fractalis.web") && m.contains("cookie.samesite") && m.contains("Bogus")
                && m.contains("Lax, Strict, None"), m);
    }

    @Test
    void failureTextIsBounded() {
        assertEquals(null, OsgiNodeView.firstLine(null));
        assertEquals(null, OsgiNodeView.firstLine("  "));
        assertEquals(301, OsgiNodeView.firstLine("x".repeat(1000)).length());
        assertEquals("java.lang.IllegalStateException: encrypt.cache is on but no secret", OsgiNodeView.firstLine(
                "java.lang.reflect.InvocationTargetException\n\tat x.y(Z.java:1)\n"
                + "Caused by: java.lang.IllegalStateException: encrypt.cache is on but no secret\n\tat a.b(C.java:2)"));
    }

    // ----- fakes

    private static NodeInfo node(String id, String role) {
        return new NodeInfo(id, "h", Set.of(role), Set.of(), System.currentTimeMillis());
    }

    static final class FakeNode implements NodeView {
        final List<BundleState> bundles = new ArrayList<>();
        final List<ComponentState> components = new ArrayList<>();

        FakeNode bundle(String name, boolean active) {
            bundles.add(new BundleState(name, active ? "ACTIVE" : "RESOLVED", active));
            return this;
        }

        FakeNode component(String bundle, String name, String state) {
            components.add(new ComponentState(bundle, name, state, List.of(), null));
            return this;
        }

        @Override
        public List<BundleState> bundles(String prefix) {
            return bundles.stream().filter(b -> b.name().startsWith(prefix)).toList();
        }

        @Override
        public List<ComponentState> components(String prefix) {
            return components.stream().filter(c -> c.bundle().startsWith(prefix)).toList();
        }
    }

    static final class FakeStore implements StateStore {
        final List<String> reads = new ArrayList<>();
        boolean down;

        @Override
        public Optional<byte[]> get(String key) {
            if (down) {
                throw new BackendUnavailableException("The data store (Redis) is unreachable: Connection refused");
            }
            reads.add(key);
            return Optional.empty();
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            throw new AssertionError("a health check never writes");
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            throw new AssertionError("a health check never writes");
        }

        @Override
        public byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl) {
            throw new AssertionError("a health check never writes");
        }

        @Override
        public boolean delete(String key) {
            throw new AssertionError("a health check never writes");
        }

        @Override
        public List<String> keys(String prefix) {
            return List.of();
        }
    }

    static class FakeQueue implements JobQueue {
        int probes;
        String down;

        @Override
        public void probe() {
            probes++;
            if (down != null) {
                throw new BackendUnavailableException(down);
            }
        }

        @Override
        public void submit(JobMessage job) {
            throw new AssertionError("a health check never submits");
        }

        @Override
        public void cancel(String jobId) {
        }

        @Override
        public void consume(JobHandler handler, Set<String> plugins) {
        }

        @Override
        public void stopConsuming(JobHandler handler) {
        }
    }

    static final class FakeJobs implements JobService {
        Optional<WorkerPoolHealth> pool = Optional.empty();

        @Override
        public Optional<WorkerPoolHealth> workerPool() {
            return pool;
        }

        @Override
        public List<JobInfo> jobs() {
            return List.of();
        }

        @Override
        public Optional<JobInfo> get(String jobId) {
            return Optional.empty();
        }

        @Override
        public boolean cancel(String jobId) {
            return false;
        }

        @Override
        public void execute(JobMessage job) {
        }

        @Override
        public boolean abandon(JobMessage job, String reason) {
            return false;
        }
    }

    static final class FakeCluster implements ClusterDirectory {
        final List<NodeInfo> nodes = new ArrayList<>();
        boolean down;

        @Override
        public List<NodeInfo> nodes() {
            if (down) {
                throw new BackendUnavailableException("Redis is down");
            }
            return nodes;
        }

        @Override
        public void announce(String role, Set<String> capabilities) {
        }

        @Override
        public void withdraw(String role) {
        }

        @Override
        public boolean offered(String capability) {
            return false;
        }
    }

    static final class FakeConnectors implements ConnectorRegistry {
        final SortedSet<String> names = new TreeSet<>();

        @Override
        public SortedSet<String> handlers() {
            return names;
        }

        @Override
        public Optional<Connector> find(String handler) {
            return Optional.empty();
        }

        @Override
        public void addListener(Runnable onChange) {
        }

        @Override
        public void removeListener(Runnable onChange) {
        }
    }

    static final class FakeTasks implements AnalyticsRegistry {
        final SortedSet<String> names = new TreeSet<>();

        @Override
        public SortedSet<String> names() {
            return names;
        }

        @Override
        public Optional<AnalyticsTask> find(String name) {
            return Optional.empty();
        }

        @Override
        public void addListener(Runnable onChange) {
        }

        @Override
        public void removeListener(Runnable onChange) {
        }
    }
}
