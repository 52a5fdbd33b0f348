package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embedded default is durable: a single node started with {@code ./run} is killed with SIGKILL while clients
 * keep submitting and polling, then started again on the same instance directory. Every saved state, every
 * finished result and every loaded variable (within their lifetimes) is still there, the sessions too, and the jobs
 * the kill interrupted end as FAILURE with a clear message instead of staying SUBMITTED.
 */
public class DurabilityIT {
    private static final String REPO = System.getProperty("fractalis.localRepository",
            System.getProperty("user.home") + "/.m2/repository");
    private static final String RESTARTED = "The node restarted while this job was waiting or running";

    private RunNode node;
    private final AtomicBoolean loadRunning = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    @After
    public void stop() throws Exception {
        loadRunning.set(false);
        for (Thread t : clients) {
            t.join(30_000);
        }
        if (node != null) {
            node.stop();
        }
    }

    private static Map<String, Object> numbers(String label, double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("id", "p" + i);
            r.put("feature", label);
            r.put("value", values[i]);
            rows.add(r);
        }
        return Map.of("data_type", "numerical", "label", label, "rows", rows);
    }

    private static String ref(String id) {
        return "${\"id\":\"" + id + "\",\"filters\":{}}$";
    }

    /** POST /analytics, then polls until the task ended; returns its final reply. */
    private static Browser.Reply analyse(Browser b, String task, Map<String, Object> args) {
        Browser.Reply r = b.post("/analytics", Map.of("task_name", task, "args", args));
        assertEquals(r.toString(), 201, r.status());
        return awaitEnded(b, r.json().get("task_id").asText());
    }

    private static Browser.Reply awaitEnded(Browser b, String taskId) {
        Browser.Reply[] last = {null};
        Await.until("task " + taskId + " ended", Duration.ofMinutes(2), () -> {
            last[0] = b.get("/analytics/" + taskId + "?wait=1");
            return last[0].status() != 200 || !"SUBMITTED".equals(last[0].json().get("state").asText());
        });
        return last[0];
    }

    private static double sumOf(Browser.Reply finished) throws IOException {
        assertEquals(finished.toString(), "SUCCESS", finished.json().get("state").asText());
        return Browser.JSON.readTree(finished.json().get("result").asText()).get("sum").asDouble();
    }

    private static Map<String, JsonNode> dataStates(Browser b) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode n : b.get("/data").json().get("data_states")) {
            out.put(n.get("task_id").asText(), n);
        }
        return out;
    }

    private void deploy(String artifactId) throws IOException {
        File jar = new File(REPO, "org/fractalis/" + artifactId + "/0.1.0-SNAPSHOT/" + artifactId + "-0.1.0-SNAPSHOT.jar");
        File deploy = new File(node.instance, "deploy");
        Files.createDirectories(deploy.toPath());
        Files.copy(jar.toPath(), new File(deploy, artifactId + ".jar").toPath(), StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitTestPlugins(Browser b) {
        Await.until("the test connector and tasks deployed", RunNode.BOOT, () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2))).status() == 201);
    }

    /** Clients that submit and poll without pause, each in its own session; finished sums are recorded. */
    private void startLoad(int threads, Map<String, Integer> accepted, Map<String, Browser> owner,
            Map<String, Integer> succeeded, AtomicInteger answers) {
        loadRunning.set(true);
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread c = new Thread(() -> {
                Browser mine = new Browser(node.base(), null);
                int i = 0;
                while (loadRunning.get()) {
                    try {
                        int a = seed * 10_000 + i++;
                        String task = i % 3 == 0 ? "nothing_test_task" : "add_test_task";
                        Map<String, Object> args = task.equals("add_test_task") ? Map.of("a", a, "b", 1)
                                : Map.of("seconds", 0.5);
                        Browser.Reply r = mine.post("/analytics", Map.of("task_name", task, "args", args));
                        answers.incrementAndGet();
                        if (r.status() == 201) {
                            String id = r.json().get("task_id").asText();
                            owner.put(id, mine);
                            accepted.put(id, task.equals("add_test_task") ? a + 1 : -1);
                            // poll as fractal.js does until the task ended (or the node is gone)
                            for (int polls = 0; polls < 100 && loadRunning.get(); polls++) {
                                Browser.Reply p = mine.get("/analytics/" + id + "?wait=1");
                                answers.incrementAndGet();
                                String st = p.status() == 200 ? p.json().get("state").asText() : "";
                                if (st.equals("SUCCESS")) {
                                    succeeded.put(id, accepted.get(id));
                                }
                                if (!st.equals("SUBMITTED")) {
                                    break;
                                }
                            }
                        }
                    } catch (RuntimeException | AssertionError e) {
                        // the node is being killed: connection refused until the test stops the load
                    }
                }
            }, "durability-client-" + t);
            c.setDaemon(true);
            clients.add(c);
            c.start();
        }
    }

    @Test
    public void savedStatesResultsAndDataSurviveAKillUnderLoad() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FRACTALIS_WAIT_ENABLED", "true"); // ?wait=1 is off in production
        env.put("FRACTALIS_WAIT_MAX_CONCURRENT", "16");
        env.put("FRACTALIS_JAVA_OPTS", "-Xmx512m");
        node = new RunNode("durable", env);
        deploy("fractalis-analytics-test"); // the test connector is in the node's boot features
        node.start().awaitUp();
        Browser b = new Browser(node.base(), null);
        awaitTestPlugins(b);

        // 1. Data, saved states and finished analyses of one session
        int variables = 4;
        List<Map<String, Object>> descriptors = new ArrayList<>();
        Map<String, Double> sums = new HashMap<>();
        for (int v = 0; v < variables; v++) {
            descriptors.add(numbers("v" + v, v, 10 * v, 100.5, -2));
            sums.put("v" + v, v + 10.0 * v + 100.5 - 2);
        }
        Browser.Reply load = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "t"), "descriptors", descriptors));
        assertEquals(load.toString(), 201, load.status());
        Await.until("the loads ended", Duration.ofMinutes(2), () -> dataStates(b).values().stream()
                .noneMatch(s -> s.get("etl_state").asText().equals("SUBMITTED")));
        Map<String, JsonNode> loaded = dataStates(b);
        assertEquals(variables, loaded.size());
        Map<String, String> stateIds = new LinkedHashMap<>(); // state id -> the data id it references
        Map<String, Double> results = new LinkedHashMap<>(); // finished task -> its sum
        for (Map.Entry<String, JsonNode> d : loaded.entrySet()) {
            assertEquals(d.getValue().toString(), "SUCCESS", d.getValue().get("etl_state").asText());
            Map<String, Object> state = Map.of("chartName", "histogram", "chartState",
                    Map.of("x", ref(d.getKey()), "label", d.getValue().get("label").asText()));
            Browser.Reply saved = b.post("/state", Map.of("state", state, "handler", "test", "server", "s"));
            assertEquals(saved.toString(), 201, saved.status());
            stateIds.put(saved.json().get("state_id").asText(), d.getKey());
            Browser.Reply r = b.post("/analytics", Map.of("task_name", "sum_df_test_task", "args",
                    Map.of("a", ref(d.getKey()))));
            assertEquals(r.toString(), 201, r.status());
            String taskId = r.json().get("task_id").asText();
            assertEquals(sums.get(d.getValue().get("label").asText()), sumOf(awaitEnded(b, taskId)), 1e-9);
            results.put(taskId, sums.get(d.getValue().get("label").asText()));
        }
        for (int i = 0; i < 10; i++) {
            Browser.Reply r = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", i, "b",
                    1000)));
            String taskId = r.json().get("task_id").asText();
            assertEquals(i + 1000, sumOf(awaitEnded(b, taskId)), 1e-9);
            results.put(taskId, i + 1000.0);
        }

        // 2. Clients keep submitting and polling; SIGKILL in the middle of it
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        Map<String, Browser> owner = new ConcurrentHashMap<>();
        Map<String, Integer> succeeded = new ConcurrentHashMap<>();
        AtomicInteger answers = new AtomicInteger();
        startLoad(4, accepted, owner, succeeded, answers);
        Await.until("load running", Duration.ofMinutes(1), () -> succeeded.size() >= 20);
        long javaPid = javaPid();
        node.kill();
        assertFalse("the node's JVM is gone", ProcessHandle.of(javaPid).map(ProcessHandle::isAlive).orElse(false));
        loadRunning.set(false);
        for (Thread t : clients) {
            t.join(30_000);
        }
        int acceptedBeforeKill = accepted.size();

        // 3. Restart on the same instance directory
        long t0 = System.nanoTime();
        node.start().awaitUp();
        long restartMs = (System.nanoTime() - t0) / 1_000_000;
        awaitTestPlugins(b);

        // every variable of the session, with its label and state
        Map<String, JsonNode> after = dataStates(b);
        assertEquals(loaded.keySet(), after.keySet());
        for (Map.Entry<String, JsonNode> d : loaded.entrySet()) {
            assertEquals(d.getValue().get("label").asText(), after.get(d.getKey()).get("label").asText());
            assertEquals("SUCCESS", after.get(d.getKey()).get("etl_state").asText());
            assertEquals(200, b.get("/data/meta/" + d.getKey()).status());
        }
        // every finished result, unchanged
        for (Map.Entry<String, Double> r : results.entrySet()) {
            Browser.Reply got = b.get("/analytics/" + r.getKey());
            assertEquals(got.toString(), 200, got.status());
            assertEquals(r.getValue(), sumOf(got), 1e-9);
        }
        // every result the load clients saw finished, unchanged; the rest ended (done before the kill or failed by it)
        for (Map.Entry<String, Integer> s : succeeded.entrySet()) {
            Browser.Reply got = owner.get(s.getKey()).get("/analytics/" + s.getKey());
            assertEquals(got.toString(), "SUCCESS", got.json().get("state").asText());
            if (s.getValue() >= 0) {
                assertEquals(s.getValue(), sumOf(got), 1e-9);
            }
        }
        int failedByRestart = 0;
        int doneBeforeKill = 0;
        for (String id : accepted.keySet()) {
            Browser.Reply got = awaitEnded(owner.get(id), id);
            String st = got.json().get("state").asText();
            if (st.equals("FAILURE")) {
                assertTrue(got.toString(), got.json().get("result").asText().contains(RESTARTED)
                        || got.toString().contains(RESTARTED));
                failedByRestart++;
            } else {
                assertEquals(got.toString(), "SUCCESS", st);
                doneBeforeKill++;
            }
        }
        // the cached data is read again by new analyses, and the saved states restore in another session
        for (Map.Entry<String, JsonNode> d : loaded.entrySet()) {
            assertEquals(sums.get(d.getValue().get("label").asText()), sumOf(analyse(b, "sum_df_test_task",
                    Map.of("a", ref(d.getKey())))), 1e-9);
        }
        Browser other = new Browser(node.base(), null);
        for (Map.Entry<String, String> s : stateIds.entrySet()) {
            Browser.Reply restore = other.post("/state/" + s.getKey() + "?wait=1", Map.of("auth", Map.of("token", "t")));
            assertEquals(restore.toString(), 202, restore.status());
            Browser.Reply[] got = {null};
            Await.until("state " + s.getKey() + " restored", Duration.ofMinutes(1), () -> {
                got[0] = other.get("/state/" + s.getKey() + "?wait=1");
                return got[0].status() != 202;
            });
            assertEquals(got[0].toString(), 200, got[0].status());
            String x = got[0].json().at("/state/chartState/x").asText();
            assertFalse("the old id is replaced", x.contains(s.getValue()));
            assertEquals(loaded.get(s.getValue()).get("label").asText(),
                    got[0].json().at("/state/chartState/label").asText());
        }
        assertEquals(variables, dataStates(other).size());
        for (JsonNode d : dataStates(other).values()) {
            assertEquals(d.toString(), "SUCCESS", d.get("etl_state").asText());
            assertNotEquals(null, d.get("label"));
        }
        // and the node works as before
        assertEquals(3.0, sumOf(analyse(b, "add_test_task", Map.of("a", 1, "b", 2))), 1e-9);

        File store = new File(node.instance, "data/fractalis/store.mv.db");
        System.out.println("DurabilityIT: restart after kill -9 in " + restartMs + " ms (until HTTP answers); "
                + answers.get() + " load requests, " + acceptedBeforeKill + " tasks accepted under load: "
                + doneBeforeKill + " SUCCESS, " + failedByRestart + " FAILURE (interrupted by the kill); kept: "
                + loaded.size() + " variables, " + stateIds.size() + " saved states, " + results.size()
                + " finished results, " + succeeded.size() + " results seen by the clients; store file "
                + (store.length() >> 10) + " KiB");
    }

    /** The JVM ./run started (./run execs karaf, which execs java: the same process, or a descendant). */
    private long javaPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("java") && c.contains(node.instance.getPath()))
                        .orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new AssertionError("no JVM of " + node.instance));
    }
}
