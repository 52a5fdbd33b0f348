package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Distributed mode with real Redis and RabbitMQ: separate Karaf processes started with {@code ./run} (two web nodes
 * and two worker nodes), nothing shared on disk.
 * Checks capability routing, sessions across web nodes, and that a worker killed with SIGKILL loses no job.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterIT {
    private static final String REDIS = System.getProperty("fractalis.redis.url", "redis://127.0.0.1:6379");
    private static final String AMQP = System.getProperty("fractalis.amqp.url", "amqp://guest:guest@127.0.0.1:5672/");
    private static final Duration BOOT = Duration.ofMinutes(5);

    private static final File ROOT = new File(System.getProperty("user.dir")).getParentFile();
    private static final File WORK = new File(System.getProperty("fractalis.buildDirectory", "target"), "cluster");
    private static final String REPO = System.getProperty("fractalis.localRepository",
            System.getProperty("user.home") + "/.m2/repository");

    private static Node web;
    private static Node web2;
    private static Node worker2;
    private static Node worker;

    /** One Karaf process started through ./run. */
    static final class Node {
        final String name;
        final int port;
        final File instance;
        final Process process;

        Node(String name, String role) throws IOException {
            this.name = name;
            this.port = freePort();
            this.instance = new File(WORK, name);
            Files.createDirectories(new File(instance, "deploy").toPath());
            ProcessBuilder pb = new ProcessBuilder(new File(ROOT, "run").getPath()).directory(ROOT)
                    .redirectErrorStream(true).redirectOutput(new File(WORK, name + ".out"));
            Map<String, String> env = pb.environment();
            env.put("FRACTALIS_ROLE", role);
            env.put("FRACTALIS_HTTP_PORT", Integer.toString(port));
            env.put("FRACTALIS_INSTANCE_DIR", instance.getPath());
            env.put("FRACTALIS_REDIS_URL", REDIS);
            env.put("FRACTALIS_AMQP_URL", AMQP);
            env.put("FRACTALIS_JAVA_OPTS", "-Xmx512m");
            env.put("FRACTALIS_SKIP_BUILD", "1"); // the build under test, never a rebuild by three nodes at once
            env.put("FRACTALIS_WAIT_ENABLED", "true"); // ?wait=1 is off in production
            env.put("FRACTALIS_WAIT_MAX_CONCURRENT", "32");
            env.put("FRACTALIS_CACHE_CHUNK_KILOBYTES", "4"); // frames as many Redis values (default 8 MiB each)
            this.process = pb.start();
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        Browser browser() {
            return new Browser(base(), "http://127.0.0.1:1");
        }

        void awaitUp() {
            Browser probe = new Browser(base(), null);
            Await.until(name + " serving HTTP", BOOT, () -> {
                assertTrue(name + " died, see " + name + ".out", process.isAlive());
                try {
                    return probe.get("/misc/version").status() == 201;
                } catch (AssertionError e) {
                    return false;
                }
            });
        }

        /** Hot-deploys a bundle of the build into this node's deploy/ folder. */
        void deploy(String artifactId) throws IOException {
            File jar = new File(REPO, "org/fractalis/" + artifactId + "/0.1.0-SNAPSHOT/" + artifactId + "-0.1.0-SNAPSHOT.jar");
            Files.copy(jar.toPath(), new File(instance, "deploy/" + artifactId + ".jar").toPath(),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeClass
    public static void startCluster() throws Exception {
        // fresh instances: a deploy/ folder left by an earlier run would clash with the boot features
        if (WORK.exists()) {
            try (var paths = Files.walk(WORK.toPath())) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(WORK.toPath());
        web = new Node("web", "web");
        web2 = new Node("web2", "web");
        worker2 = new Node("worker2", "worker");
        worker = new Node("worker", "worker");
        // the test connector and the test tasks run on the pure worker only, for now
        worker.deploy("fractalis-connector-test");
        worker.deploy("fractalis-analytics-test");
        web.awaitUp();
        web2.awaitUp();
    }

    @AfterClass
    public static void stopCluster() throws Exception {
        for (Node n : new Node[] {web, web2, worker, worker2}) {
            if (n != null) {
                n.stop();
            }
        }
    }

    private static Map<String, Object> rowsDescriptor(String label, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("id", "p" + i);
            r.put("feature", label);
            r.put("value", (double) i);
            rows.add(r);
        }
        return Map.of("data_type", "numerical", "label", label, "rows", rows);
    }

    @Test
    public void a_routingSessionsAndAWorkerKilledMidway() throws Exception {
        Browser b = web.browser();
        b.get("/data");

        // 1. The web node has neither the test connector nor the test tasks; only the worker does.
        Await.until("the worker offers the test tasks", BOOT, () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2))).status() == 201);
        Browser.Reply sum = FractalisTestSupport.analyse(b, "add_test_task", Map.of("a", 20, "b", 22));
        assertEquals(sum.toString(), "SUCCESS", sum.json().get("state").asText());
        assertEquals(42, Browser.JSON.readTree(sum.json().get("result").asText()).get("sum").asInt());

        Browser.Reply load = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "t"), "descriptors", List.of(rowsDescriptor("routed", 4))));
        assertEquals(load.toString(), 201, load.status());
        JsonNode state = b.get("/data").json().get("data_states").get(0);
        assertEquals(state.toString(), "SUCCESS", state.get("etl_state").asText());
        assertEquals("routed", state.get("label").asText());
        assertEquals("numerical", state.get("data_type").asText());
        assertEquals(400, b.post("/analytics", Map.of("task_name", "no_such_task_anywhere", "args",
                Map.of("a", 1))).status());

        // 1b. Issue 12, item 2: a variable many times the (lowered) chunk size is stored in Redis as chunks of at
        // most 4 KiB by the worker and read back exactly by an analysis; deleting it removes every chunk.
        int rows = 6000;
        Browser.Reply large = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "t"), "descriptors", List.of(LargeFrames.descriptor("large", rows))));
        assertEquals(large.toString(), 201, large.status());
        String largeId = null;
        for (JsonNode s : b.get("/data").json().get("data_states")) {
            if (s.get("label").asText().equals("large")) {
                assertEquals(s.toString(), "SUCCESS", s.get("etl_state").asText());
                largeId = s.get("task_id").asText();
            }
        }
        String[] chunks = redis("--scan", "--pattern", "fractalis:frame:" + largeId + ":*").trim().split("\n");
        assertTrue(chunks.length + " chunks", chunks.length >= 5);
        for (String k : chunks) {
            assertTrue(k, Integer.parseInt(redis("strlen", k.trim()).trim()) <= 4096);
        }
        LargeFrames.assertReadBack(b, largeId, rows);
        assertEquals(200, b.delete("/data/" + largeId).status());
        assertEquals("", redis("--scan", "--pattern", "fractalis:frame:" + largeId + "*").trim());

        // 2. The same session through the other web node (cookie carried over): its data and tasks are there.
        Browser other = web2.browser();
        String cookie = b.sessionCookie();
        Browser sameSession = Browser.withCookie(web2.base(), "http://127.0.0.1:1", cookie);
        JsonNode seen = sameSession.get("/data").json().get("data_states");
        assertEquals(1, seen.size());
        assertEquals(state.get("task_id").asText(), seen.get(0).get("task_id").asText());
        assertEquals(200, sameSession.get("/data/meta/" + state.get("task_id").asText()).status());
        assertEquals(403, other.get("/data/meta/" + state.get("task_id").asText()).status());

        // 3. Both workers get the plugins (hot deploy on the second worker), then 200 jobs with a kill in the middle.
        worker2.deploy("fractalis-connector-test");
        worker2.deploy("fractalis-analytics-test");
        Await.until("plugins deployed on the second worker", BOOT,
                () -> nodesOffering("analytics:nothing_test_task") == 2 && nodesOffering("etl:test") == 2);
        Map<String, String> analyses = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            Browser.Reply r = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args",
                    Map.of("seconds", 0.25)));
            assertEquals(r.toString(), 201, r.status());
            analyses.put(r.json().get("task_id").asText(), "nothing");
        }
        for (int i = 0; i < 40; i++) {
            Browser.Reply r = b.post("/data", Map.of("handler", "test", "server", "s", "auth", Map.of("token", "t"),
                    "descriptors", List.of(rowsDescriptor("v" + i, 3))));
            assertEquals(r.toString(), 201, r.status());
            loads.add("v" + i);
        }
        Await.until("some jobs done", Duration.ofMinutes(2), () -> countState(b, analyses, "SUCCESS") >= 30);
        worker.process.destroyForcibly(); // SIGKILL: unacknowledged jobs go back to the queue
        assertTrue(worker.process.waitFor(30, TimeUnit.SECONDS));

        Await.until("every analysis ended", Duration.ofMinutes(4),
                () -> countState(b, analyses, "SUCCESS") + countState(b, analyses, "FAILURE") == analyses.size());
        assertEquals("every analysis succeeded", analyses.size(), countState(b, analyses, "SUCCESS"));
        Await.until("every load ended", Duration.ofMinutes(4), () -> {
            for (JsonNode s : b.get("/data").json().get("data_states")) {
                if (s.get("etl_state").asText().equals("SUBMITTED")) {
                    return false;
                }
            }
            return true;
        });
        int loaded = 0;
        for (JsonNode s : b.get("/data").json().get("data_states")) {
            if (loads.contains(s.get("label").asText())) {
                assertEquals(s.toString(), "SUCCESS", s.get("etl_state").asText());
                loaded++;
            }
        }
        assertEquals(loads.size(), loaded);

        // 4. The worker is gone; removing the test tasks from the last node that has them stops their consumption.
        // Once the killed worker's heartbeat has expired too, the web node answers 503 "no worker right now" (a
        // worker offered them minutes ago), not 400 "unknown".
        Files.delete(new File(worker2.instance, "deploy/fractalis-analytics-test.jar").toPath());
        Map<String, Object> addTask = Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2));
        // watched through GET /misc/plugins (the live nodes' heartbeats): probing with POST /analytics would queue a
        // job at every 201, and the session's limit of queued jobs (429) would end the wait instead
        Await.until("the test tasks withdrawn from the cluster", Duration.ofSeconds(90),
                () -> !b.get("/misc/plugins").json().get("tasks").toString().contains("\"add_test_task\""));
        Browser.Reply gone = b.post("/analytics", addTask);
        assertEquals(gone.toString(), 503, gone.status());
        assertEquals("No worker for task 'add_test_task' is available right now. Please try again later.",
                gone.json().get("error").asText());
        // and the ETL capability, still deployed there, keeps working
        Browser.Reply still = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "t"), "descriptors", List.of(rowsDescriptor("after", 2))));
        assertEquals(still.toString(), 201, still.status());
        // deployed again: usable through the web node again, without any restart
        worker2.deploy("fractalis-analytics-test");
        Await.until("the test tasks offered again", Duration.ofMinutes(1), () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2))).status() == 201);
    }

    /** Redis and RabbitMQ go away under a running cluster: fast 503s meanwhile, full recovery after. */
    @Test
    public void b_outagesAre503AndRecover() throws Exception {
        Browser b = web.browser();
        assertEquals(200, b.get("/data").status());
        Load redisLoad = new Load(web, 3);
        try {
            redisLoad.awaitAccepted(5);
            sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave");
            Await.until("Redis gone", Duration.ofSeconds(30), () -> !sh0("redis-cli", "-h", "127.0.0.1", "ping"));
            long t0 = System.nanoTime();
            Browser.Reply down = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(down.toString(), 503, down.status());
            assertTrue("answered in " + ms + " ms (at most 1 s)", ms <= 1000);
            assertTrue(down.json().get("error").asText().contains("Redis"));
            // reads too: the poll fractal.js sends every 2 s, and a data state, answer 503 (never a 500)
            Browser.Reply list = b.get("/data");
            assertEquals(list.toString(), 503, list.status());
            assertTrue(list.toString(), list.json().get("error").asText().contains("Redis"));
            assertEquals(503, b.get("/data/meta/00000000-0000-4000-8000-000000000000").status());
            redisLoad.awaitStatus(503, 5);
            // --- health: the web node is not ready while its store is gone, and says why
            awaitReadiness(web, 503, "store");
            // ... nor is a worker (worker2: the other one was killed above), which serves /health too
            awaitReadiness(worker2, 503, "store");
        } finally {
            startRedis();
        }
        // heartbeats are rewritten within seconds, so the remote-only task is offered again
        Await.until("Redis back and used again", Duration.ofSeconds(60), () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 1))).status() == 201);
        int before = redisLoad.accepted.size();
        redisLoad.awaitAccepted(before + 5); // the load goes on by itself
        redisLoad.stop();
        // Redis kept nothing (no persistence): what was accepted before is gone; only 201 and 503 were answered
        redisLoad.assertOnly201And503();
        System.out.println("Redis outage under load: answers " + redisLoad.statuses + ", " + redisLoad.accepted.size()
                + " tasks accepted");
        Browser.Reply after = FractalisTestSupport.analyse(web.browser(), "add_test_task", Map.of("a", 2, "b", 3));
        assertEquals(after.toString(), "SUCCESS", after.json().get("state").asText());

        // Redis lost every record (no persistence): wait until the worker has written its heartbeat again, so that
        // what follows tests RabbitMQ, not a web node that sees no worker for a moment (which is a 503 too)
        Await.until("heartbeats back", Duration.ofSeconds(30), () -> nodesOffering("analytics:add_test_task") >= 1);
        // --- health: ready again once Redis answers and a worker's heartbeat is back
        awaitReadiness(web, 200, null);
        awaitReadiness(worker2, 200, null);

        Browser c = web.browser();
        assertEquals(200, c.get("/data").status());
        Load rabbitLoad = new Load(web, 3);
        try {
            rabbitLoad.awaitAccepted(5);
            sh("rabbitmqctl", "stop_app");
            long t0 = System.nanoTime();
            Browser.Reply down = c.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(down.toString(), 503, down.status());
            assertTrue("answered in " + ms + " ms (at most 1 s)", ms <= 1000);
            assertTrue(down.toString(), down.json().get("error").asText().contains("RabbitMQ"));
            // nothing half-written: the refused task is not in the session, the session still works
            assertEquals(200, c.get("/data").status());
            rabbitLoad.awaitStatus(503, 5);
            // --- health: the web node is not ready while its queue is gone, and says why
            awaitReadiness(web, 503, "queue");
            awaitReadiness(worker2, 503, "queue");
        } finally {
            sh("rabbitmqctl", "start_app");
        }
        Await.until("RabbitMQ back", Duration.ofSeconds(90), () -> c.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 1))).status() == 201);
        // --- health: ready again, the web node and the worker
        awaitReadiness(web, 200, null);
        awaitReadiness(worker2, 200, null);
        Browser.Reply again = FractalisTestSupport.analyse(c, "add_test_task", Map.of("a", 4, "b", 5));
        assertEquals(again.toString(), "SUCCESS", again.json().get("state").asText());
        int before2 = rabbitLoad.accepted.size();
        rabbitLoad.awaitAccepted(before2 + 5);
        rabbitLoad.stop();
        rabbitLoad.assertOnly201And503();
        // RabbitMQ keeps confirmed jobs (durable quorum queues, persistent messages): every task accepted with a 201,
        // before, around or after the outage, ends with the right sum
        Await.until("every accepted task done", Duration.ofMinutes(2), () -> rabbitLoad.pending() == 0);
        rabbitLoad.assertAllSucceeded();
        System.out.println("RabbitMQ outage under load: answers " + rabbitLoad.statuses + ", "
                + rabbitLoad.accepted.size() + " tasks accepted, all SUCCESS with the right sum");
    }

    /**
     * Clients submitting add_test_task through a node without pause, each with its own session, recording every
     * answer; what a 201 accepted can be checked afterwards.
     */
    static final class Load {
        final Map<Integer, java.util.concurrent.atomic.AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        /** Accepted task id → (client, expected sum). */
        final Map<String, int[]> accepted = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Browser> clients = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopped;

        Load(Node node, int n) {
            for (int i = 0; i < n; i++) {
                Browser client = node.browser();
                int index = i;
                clients.add(client);
                Thread t = new Thread(() -> {
                    for (int k = 0; !stopped; k++) {
                        int status;
                        String id = null;
                        try {
                            Browser.Reply r = client.post("/analytics", Map.of("task_name", "add_test_task",
                                    "args", Map.of("a", k, "b", index)));
                            status = r.status();
                            if (status == 201) {
                                id = r.json().get("task_id").asText();
                            }
                        } catch (AssertionError | RuntimeException e) {
                            status = -1; // no HTTP answer at all
                        }
                        statuses.computeIfAbsent(status, x -> new java.util.concurrent.atomic.AtomicInteger())
                                .incrementAndGet();
                        if (id != null) {
                            accepted.put(id, new int[] {index, k + index});
                            // as fractal.js does, poll the task for a while (bounded: during an outage it may wait)
                            for (int poll = 0; poll < 50 && !stopped; poll++) {
                                try {
                                    Browser.Reply r = client.get("/analytics/" + id);
                                    if (r.status() != 200 || !"SUBMITTED".equals(r.json().get("state").asText())) {
                                        break;
                                    }
                                } catch (AssertionError | RuntimeException e) {
                                    break;
                                }
                            }
                        }
                    }
                }, "cluster-load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void awaitAccepted(int n) {
            Await.until(n + " tasks accepted", Duration.ofSeconds(90), () -> accepted.size() >= n);
        }

        void awaitStatus(int status, int n) {
            Await.until(n + " answers " + status, Duration.ofSeconds(30),
                    () -> statuses.getOrDefault(status, new java.util.concurrent.atomic.AtomicInteger()).get() >= n);
        }

        void stop() throws InterruptedException {
            stopped = true;
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(150));
            }
        }

        void assertOnly201And503() {
            Set<Integer> seen = new java.util.TreeSet<>(statuses.keySet());
            assertEquals("answers under load: " + statuses, Set.of(201, 503), seen);
        }

        private String state(String id) {
            Browser.Reply r = clients.get(accepted.get(id)[0]).get("/analytics/" + id);
            return r.status() == 200 ? r.json().get("state").asText() : "HTTP " + r.status();
        }

        long pending() {
            return accepted.keySet().stream().filter(id -> "SUBMITTED".equals(state(id))).count();
        }

        void assertAllSucceeded() throws Exception {
            for (Map.Entry<String, int[]> e : accepted.entrySet()) {
                Browser.Reply r = clients.get(e.getValue()[0]).get("/analytics/" + e.getKey());
                assertEquals(r.toString(), 200, r.status());
                assertEquals(r.toString(), "SUCCESS", r.json().get("state").asText());
                assertEquals(r.toString(), e.getValue()[1],
                        Browser.JSON.readTree(r.json().get("result").asText()).get("sum").asInt());
            }
        }
    }

    /**
     * Polls GET /health/ready of a node until it answers the status; for 503 also until the named check is the
     * CRITICAL one (the checks' results are cached for 2 s, so a change shows within seconds).
     */
    private static void awaitReadiness(Node node, int status, String failing) {
        Browser probe = new Browser(node.base(), null);
        Browser.Reply[] last = new Browser.Reply[1];
        try {
            Await.until(node.name + " /health/ready " + status, Duration.ofSeconds(60), () -> {
                try {
                    last[0] = probe.get("/health/ready");
                } catch (AssertionError e) {
                    return false;
                }
                if (last[0].status() != status) {
                    return false;
                }
                if (failing == null) {
                    return true;
                }
                for (JsonNode check : last[0].json().get("checks")) {
                    if (failing.equals(check.get("name").asText())) {
                        return "CRITICAL".equals(check.get("status").asText());
                    }
                }
                return false;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        System.out.println(node.name + " /health/ready: " + last[0].body());
    }

    private static void startRedis() throws Exception {
        new File("/var/lib/redis").mkdirs();
        new File("/var/log/redis").mkdirs();
        sh("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
                "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log");
        Await.until("Redis up", Duration.ofSeconds(30), () -> sh0("redis-cli", "-h", "127.0.0.1", "ping"));
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
    }

    /** How many live nodes announce a capability in their heartbeat record (read from Redis as the nodes do). */
    private static int nodesOffering(String capability) {
        int n = 0;
        for (String key : redis("--scan", "--pattern", "fractalis:node:*").split("\n")) {
            if (!key.isBlank()) {
                try {
                    JsonNode node = Browser.JSON.readTree(redis("get", key.strip()));
                    for (JsonNode c : node.path("capabilities")) {
                        if (c.asText().equals(capability)) {
                            n++;
                        }
                    }
                } catch (java.io.IOException e) {
                    // gone between SCAN and GET: not live
                }
            }
        }
        return n;
    }

    private static String redis(String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean sh0(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("PONG");
        } catch (Exception e) {
            return false;
        }
    }

    private static int countState(Browser b, Map<String, String> tasks, String wanted) {
        int n = 0;
        for (String id : tasks.keySet()) {
            Browser.Reply r = b.get("/analytics/" + id);
            if (r.status() == 200 && r.json().get("state").asText().equals(wanted)) {
                n++;
            }
        }
        return n;
    }
}
