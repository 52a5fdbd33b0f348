package org.fractalis.itests;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fuzz gate of issue 10: more than 10,000 malformed or hostile requests against every endpoint of one booted
 * node, generated from a fixed seed (printed), in categories: HTTP protocol abuse over raw sockets, content-type
 * abuse, JSON abuse of every endpoint, and a stateful part (mutated analyses that reference data loaded with the
 * {@code test} connector, and their results). The gate: no 5xx, no answer slower than 10 s, every JSON body
 * parses (without NaN), sessions stay isolated, and afterwards a fresh session loads data and completes an
 * analysis. Counts per category and per status are printed for the closing note.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FuzzIT extends FractalisTestSupport {
    static final long SEED = 0x10F0_22L;
    /** A client-side read timeout: an answer that takes longer is a hang. */
    static final int HANG_MILLIS = 10_000;
    static final int THREADS = 8;
    static final String ORIGIN = "http://127.0.0.1:1";
    static final String UUID_ZERO = "00000000-0000-4000-8000-000000000000";
    static final ObjectMapper STRICT = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Analytics tasks of bundles/fractalis-analytics-* and the test tasks (nothing_test_task is left out:
     * a mutated {@code seconds} would only measure the task limit, which the starvation tests cover). */
    static final List<String> TASKS = List.of("compute-correlation", "compute-boxplot", "compute-histogram",
            "compute-pca", "survival-analysis", "compute-heatmap", "compute-volcanoplot", "compute-cluster",
            "add_test_task", "div_test_task", "sum_df_test_task", "merge_df_task", "no_dict_task",
            "invalid_json_task");

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    /** One request to send: raw bytes (possibly in slow pieces) and a compact description for reports. */
    record Req(String category, String label, List<byte[]> pieces, long pauseMillis, boolean halfClose,
            boolean head, String session) {
    }

    /** Ids of the data a stateful session loaded (by kind) and of its sessions cookie. */
    record Loaded(String cookie, String num1, String num2, String cat, String arr, List<String> ids) {
    }

    // ---------------------------------------------------------------- statistics

    private final Map<String, Map<String, AtomicLong>> byCategory = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final List<String> fivexx = Collections.synchronizedList(new ArrayList<>());
    private final List<String> hangs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> badJson = Collections.synchronizedList(new ArrayList<>());
    private final List<String> isolation = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> firstFailureByCategory = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> fivexxKinds = new ConcurrentHashMap<>();
    private final List<String> classNameLeaks = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> nonJsonErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> analysisStates = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong total = new AtomicLong();
    private RawHttp raw;
    private String hostHeader;

    @Test
    public void tenThousandMalformedRequestsLeaveTheNodeHealthy() throws Exception {
        awaitHttp();
        int port = Integer.parseInt(System.getProperty(PORT_PROPERTY));
        raw = new RawHttp("127.0.0.1", port, HANG_MILLIS);
        hostHeader = "127.0.0.1:" + port;
        System.out.println("FuzzIT seed " + SEED + " (0x" + Long.toHexString(SEED) + ")");

        // ---- setup: a victim session with data, a finished analysis and a saved state; four stateful sessions
        Browser victim = browser();
        List<String> victimIds = loadPolled(victim, List.of(numbers("vic_num", 1, 2, 3, 4, 5, 6),
                categories("vic_cat", "a", "b", "a", "b", "a", "b")));
        String victimTask = analysePolled(victim, "sum_df_test_task", Map.of("a", ref(victimIds.get(0))));
        Browser.Reply saved = victim.post("/state", Map.of("state", Map.of("chartName", "scatterplot", "chartState",
                Map.of("x", ref(victimIds.get(0)))), "handler", "test", "server", "http://test"));
        assertTrue("victim state saved: " + saved, saved.status() == 201);
        String victimState = saved.json().get("state_id").asText();
        Victim v = new Victim("session=" + victim.sessionCookie(), victimIds, victimTask, victimState);

        List<Loaded> stateful = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Browser b = browser();
            List<String> ids = loadPolled(b, List.of(numbers("num_x", 3, 1, 4, 1, 5, 9, 2, 6, 5, 3),
                    numbers("num_y", 2, 7, 1, 8, 2, 8, 1, 8, 2, 8), categories("cat_c", "a", "b", "a", "b", "a",
                            "b", "a", "b", "a", "b"),
                    Map.of("data_type", "numerical_array", "num_samples", 12, "num_features", 20, "label", "arr",
                            "seed", 7)));
            stateful.add(new Loaded("session=" + b.sessionCookie(), ids.get(0), ids.get(1), ids.get(2), ids.get(3),
                    ids));
        }
        List<String> attackers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attackers.add(rawSession());
        }

        // ---- phase 1: the generated requests, in a seeded order, on a fixed pool
        Gen gen = new Gen(new Random(SEED), v, stateful, attackers);
        List<Req> requests = gen.all();
        long t0 = System.nanoTime();
        List<RawHttp.Reply> replies = run(requests);
        long phase1 = (System.nanoTime() - t0) / 1_000_000L;

        // ---- phase 2: poll and cancel every analysis the stateful part started (their results are served too)
        List<Req> follow = new ArrayList<>();
        Map<String, List<String>> started = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Req q = requests.get(i);
            RawHttp.Reply r = replies.get(i);
            if (q.category().equals("stateful-analytics") && r.status() == 201) {
                try {
                    String id = STRICT.readTree(r.body()).get("task_id").asText();
                    started.computeIfAbsent(q.session(), k -> new ArrayList<>()).add(id);
                } catch (Exception e) {
                    // a body that is not JSON was already recorded as such
                }
            }
        }
        awaitQueueDrained(started);
        int n = 0;
        for (Map.Entry<String, List<String>> e : started.entrySet()) {
            for (String id : e.getValue()) {
                follow.add(gen.api("stateful-poll", "GET", "/analytics/" + id, e.getKey(), null, null, "poll"));
                if (n++ % 10 == 0) {
                    follow.add(gen.api("stateful-poll", "DELETE", "/analytics/" + id, e.getKey(), null, null,
                            "cancel"));
                }
            }
        }
        long t1 = System.nanoTime();
        List<RawHttp.Reply> polled = run(follow);
        for (int i = 0; i < follow.size(); i++) {
            if (follow.get(i).label().startsWith("GET ")) {
                String state;
                try {
                    state = STRICT.readTree(polled.get(i).body()).path("state").asText("?");
                } catch (Exception e) {
                    state = "not JSON";
                }
                analysisStates.computeIfAbsent(state, k -> new AtomicLong()).incrementAndGet();
            }
        }
        long phase2 = (System.nanoTime() - t1) / 1_000_000L;

        // ---- isolation: the victim's data, analysis and state survived the attackers' deletes and reads
        List<String> still = ids(victim);
        if (!still.containsAll(victimIds)) {
            isolation.add("victim data deleted by another session: had " + victimIds + ", now " + still);
        }
        Browser.Reply vt = victim.get("/analytics/" + victimTask);
        if (vt.status() != 200 || !"SUCCESS".equals(vt.json().path("state").asText())) {
            isolation.add("victim analysis changed by another session: " + vt);
        }
        // an attacker's analysis that names the victim's data must not compute on it
        Browser thief = browser();
        Browser.Reply steal = thief.post("/analytics", Map.of("task_name", "sum_df_test_task", "args",
                Map.of("a", ref(victimIds.get(0)))));
        if (steal.status() == 201) {
            String state = pollTask(thief, steal.json().get("task_id").asText(), Duration.ofSeconds(60));
            if ("SUCCESS".equals(state)) {
                isolation.add("an analysis of another session's data succeeded: " + steal);
            }
        }

        // ---- health: a fresh session loads data and completes an analysis in its usual time
        long h0 = System.nanoTime();
        String health = null;
        try {
            Browser fresh = browser();
            List<String> ids = loadPolled(fresh, List.of(numbers("h_x", 1, 2, 3, 4, 5), numbers("h_y", 2, 4, 5,
                    4, 5)));
            String task = analysePolled(fresh, "compute-correlation", Map.of("x", ref(ids.get(0)), "y",
                    ref(ids.get(1)), "id_filter", List.of(), "method", "pearson", "subsets", List.of(),
                    "categories", List.of()));
            JsonNode result = fresh.get("/analytics/" + task).json();
            if (!"SUCCESS".equals(result.path("state").asText())) {
                health = "health analysis ended " + result;
            }
            // the node's own readiness (fractalis-health), where installed
            Browser.Reply ready = fresh.get("/health/ready");
            if (ready.status() != 404 && (ready.status() != 200 || !ready.json().path("ready").asBoolean())) {
                health = "GET /health/ready after the fuzz: " + ready;
            }
        } catch (AssertionError e) {
            health = e.getMessage();
        }
        long healthMillis = (System.nanoTime() - h0) / 1_000_000L;

        // ---- report
        StringBuilder out = new StringBuilder();
        out.append("\n==== FuzzIT seed ").append(SEED).append(": ").append(total.get()).append(" requests, phase 1 ")
                .append(requests.size()).append(" in ").append(phase1).append(" ms, phase 2 ").append(follow.size())
                .append(" in ").append(phase2).append(" ms\n");
        for (Map.Entry<String, Map<String, AtomicLong>> c : new TreeMap<>(byCategory).entrySet()) {
            long sum = c.getValue().values().stream().mapToLong(AtomicLong::get).sum();
            out.append(String.format("  %-22s %6d  %s%n", c.getKey(), sum, new TreeMap<>(c.getValue())));
        }
        out.append("  by status: ").append(new TreeMap<>(byStatus)).append('\n');
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (!sorted.isEmpty()) {
            out.append("  latency ms: median ").append(sorted.get(sorted.size() / 2)).append(", p99 ")
                    .append(sorted.get((int) (sorted.size() * 0.99))).append(", max ")
                    .append(sorted.get(sorted.size() - 1)).append('\n');
        }
        out.append("  stateful analyses ended: ").append(new TreeMap<>(analysisStates)).append('\n');
        out.append("  5xx by kind:\n");
        fivexxKinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .limit(40).forEach(e -> out.append(String.format("    %5d  %s%n", e.getValue().get(), e.getKey())));
        out.append("  (info) 4xx/5xx bodies that are not JSON: ").append(new TreeMap<>(nonJsonErrors)).append('\n');
        out.append("  (info) bodies naming Java classes: ").append(classNameLeaks.size()).append('\n');
        synchronized (classNameLeaks) {
            classNameLeaks.stream().limit(5).forEach(x -> out.append("    ").append(x).append('\n'));
        }
        out.append("  health after fuzz: ").append(health == null ? "OK" : "FAILED " + health).append(" (")
                .append(healthMillis).append(" ms)\n");
        appendList(out, "5xx", fivexx);
        appendList(out, "hangs over 10 s", hangs);
        appendList(out, "JSON bodies that do not parse", badJson);
        appendList(out, "isolation", isolation);
        if (!firstFailureByCategory.isEmpty()) {
            out.append("  first failure per category:\n");
            new TreeMap<>(firstFailureByCategory).forEach((k, x) -> out.append("    ").append(k).append(": ")
                    .append(x).append('\n'));
        }
        System.out.println(out);

        assertTrue("at least 10,000 requests: " + total.get(), total.get() >= 10_000);
        assertTrue("the fuzz gate failed:" + out, fivexx.isEmpty() && hangs.isEmpty() && badJson.isEmpty()
                && isolation.isEmpty() && health == null);
    }

    private static void appendList(StringBuilder out, String what, List<String> list) {
        out.append("  ").append(what).append(": ").append(list.size()).append('\n');
        synchronized (list) {
            list.stream().limit(20).forEach(s -> out.append("    ").append(s).append('\n'));
        }
    }

    // ---------------------------------------------------------------- running and judging

    private List<RawHttp.Reply> run(List<Req> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<RawHttp.Reply>> futures = new ArrayList<>();
            for (Req q : requests) {
                futures.add(pool.submit(() -> {
                    RawHttp.Reply r = raw.exchange(q.pieces(), q.pauseMillis(), q.halfClose(), q.head());
                    judge(q, r);
                    return r;
                }));
            }
            List<RawHttp.Reply> out = new ArrayList<>();
            for (Future<RawHttp.Reply> f : futures) {
                out.add(f.get(10, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void judge(Req q, RawHttp.Reply r) {
        total.incrementAndGet();
        String key = r.statusKey();
        byCategory.computeIfAbsent(q.category(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        byStatus.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        long own = r.millis() - q.pauseMillis() * Math.max(0, q.pieces().size() - 1);
        latencies.add(own);
        String line = q.category() + " | " + q.label() + " -> " + key;
        if (r.outcome() == RawHttp.Outcome.HANG || own > HANG_MILLIS) {
            fail(hangs, q, line + " after " + own + " ms");
        }
        if (r.outcome() == RawHttp.Outcome.CONNECT_FAILED) {
            fail(hangs, q, line + " (could not connect)");
        }
        if (r.outcome() == RawHttp.Outcome.RESPONSE && r.status() >= 500 && !justified503(r)) {
            fail(fivexx, q, line + " " + shorten(r.bodyText(), 120));
            fivexxKinds.computeIfAbsent(q.category() + " " + kind(q.label()) + " -> " + key,
                    k -> new AtomicLong()).incrementAndGet();
        }
        // informative (not part of the gate): error pages that name Java classes, errors that are not JSON
        if (r.outcome() == RawHttp.Outcome.RESPONSE && JAVA_CLASS.matcher(r.bodyText()).find()) {
            if (classNameLeaks.size() < 1_000) {
                classNameLeaks.add(line + " " + shorten(r.bodyText(), 160));
            }
        }
        if (r.outcome() == RawHttp.Outcome.RESPONSE && r.status() >= 400
                && (r.header("content-type") == null || !r.header("content-type").contains("json"))) {
            nonJsonErrors.computeIfAbsent(q.category() + " " + key, k -> new AtomicLong()).incrementAndGet();
        }
        String type = r.header("content-type");
        if (r.outcome() == RawHttp.Outcome.RESPONSE && r.body().length > 0 && type != null
                && type.toLowerCase().contains("json")) {
            try {
                STRICT.readTree(r.body());
            } catch (Exception e) {
                fail(badJson, q, line + " " + shorten(r.bodyText(), 120));
            }
        }
        if (q.label().startsWith("GET /data/meta/") && q.label().contains("[victim]") && r.status() == 200) {
            fail(isolation, q, line + ": another session's meta data was readable");
        }
    }

    static final java.util.regex.Pattern JAVA_CLASS = java.util.regex.Pattern.compile(
            "\\b(java|javax|jakarta|org\\.eclipse|org\\.glassfish|org\\.fractalis|com\\.fasterxml)\\.[a-z]+\\.");

    /** A label without its paths, numbers and long tokens: requests of one kind. */
    static String kind(String label) {
        return label.replaceAll("/[^ ]*", "/…").replaceAll("\\d+", "N").replaceAll("\\S{40,}", "…");
    }

    /** A deliberate back-pressure answer: 503 with a JSON error and Retry-After. */
    private static boolean justified503(RawHttp.Reply r) {
        return r.status() == 503 && r.header("retry-after") != null && r.body().length > 0;
    }

    private void fail(List<String> list, Req q, String line) {
        list.add(line);
        firstFailureByCategory.putIfAbsent(q.category(), line);
    }

    static String shorten(String s, int max) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() <= max ? t : t.substring(0, max) + "…(" + s.length() + " chars)";
    }

    /** Waits (bounded) until the last analysis of each stateful session has left the queue. */
    private void awaitQueueDrained(Map<String, List<String>> started) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Map.Entry<String, List<String>> e : started.entrySet()) {
            List<String> ids = e.getValue();
            String last = ids.get(ids.size() - 1);
            while (System.nanoTime() < deadline) {
                RawHttp.Reply r = raw.exchange(request("GET", "/analytics/" + last, e.getKey(), null, null));
                String state = "";
                try {
                    state = STRICT.readTree(r.body()).path("state").asText();
                } catch (Exception ignored) {
                    // judged in phase 2
                }
                if (!state.equals("SUBMITTED") && !state.equals("RUNNING")) {
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    // ---------------------------------------------------------------- sessions and data (setup, health)

    private String rawSession() {
        RawHttp.Reply r = raw.exchange(request("GET", "/misc/version", null, null, null));
        String c = r.header("set-cookie");
        assertTrue("a session cookie: " + r.statusKey(), c != null && c.startsWith("session="));
        return c.substring(0, c.indexOf(';'));
    }

    private static Map<String, Object> numbers(String label, double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(row("p" + i, label, values[i]));
        }
        return rows("numerical", label, rows);
    }

    private static Map<String, Object> categories(String label, String... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(row("p" + i, label, values[i]));
        }
        return rows("categorical", label, rows);
    }

    /** POST /data, then polls until every new variable is loaded; the new ids in request order. */
    private static List<String> loadPolled(Browser b, List<Map<String, Object>> descriptors) {
        List<String> before = ids(b);
        Browser.Reply r = b.post("/data", Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", "t"), "descriptors", descriptors));
        if (r.status() != 201) {
            throw new AssertionError("POST /data: " + r);
        }
        List<String> fresh = new ArrayList<>();
        await("ETLs of " + descriptors.size() + " descriptors", Duration.ofSeconds(60), () -> {
            fresh.clear();
            boolean done = true;
            for (JsonNode s : b.get("/data").json().get("data_states")) {
                if (!before.contains(s.get("task_id").asText())) {
                    fresh.add(s.get("task_id").asText());
                    String state = s.get("etl_state").asText();
                    if (state.equals("FAILURE")) {
                        throw new AssertionError("ETL failed: " + s);
                    }
                    done &= state.equals("SUCCESS");
                }
            }
            return done && fresh.size() == descriptors.size();
        });
        return new ArrayList<>(fresh);
    }

    private static String analysePolled(Browser b, String task, Map<String, Object> args) {
        Browser.Reply r = b.post("/analytics", Map.of("task_name", task, "args", args));
        if (r.status() != 201) {
            throw new AssertionError("POST /analytics: " + r);
        }
        String id = r.json().get("task_id").asText();
        String state = pollTask(b, id, Duration.ofSeconds(60));
        if (!"SUCCESS".equals(state)) {
            throw new AssertionError(task + " ended " + state + ": " + b.get("/analytics/" + id));
        }
        return id;
    }

    private static String pollTask(Browser b, String id, Duration limit) {
        String[] state = {""};
        await("analysis " + id, limit, () -> {
            state[0] = b.get("/analytics/" + id).json().path("state").asText();
            return !state[0].equals("SUBMITTED") && !state[0].equals("RUNNING");
        });
        return state[0];
    }

    // ---------------------------------------------------------------- request assembly

    /** A well-framed request: Host, Connection: close, the test origin, optional cookie/content type/body. */
    private byte[] request(String method, String target, String cookie, String contentType, byte[] body) {
        List<String> h = new ArrayList<>();
        h.add("Host: " + hostHeader);
        h.add("Connection: close");
        h.add("Origin: " + ORIGIN);
        h.add("Accept: application/json, text/plain, */*");
        if (cookie != null) {
            h.add("Cookie: " + cookie);
        }
        if (contentType != null) {
            h.add("Content-Type: " + contentType);
        }
        if (body != null) {
            h.add("Content-Length: " + body.length);
        }
        return bytes(method + " " + target + " HTTP/1.1", h, body);
    }

    /** Request line and headers in ISO-8859-1 (so any byte can be written), then the body. */
    static byte[] bytes(String line, List<String> headers, byte[] body) {
        StringBuilder s = new StringBuilder(line).append("\r\n");
        for (String h : headers) {
            s.append(h).append("\r\n");
        }
        s.append("\r\n");
        byte[] head = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 bytes as ISO-8859-1 characters, to put non-ASCII bytes into a request line or header. */
    static String latin(String s) {
        return new String(utf8(s), StandardCharsets.ISO_8859_1);
    }

    /** The victim's session and what it owns. */
    record Victim(String cookie, List<String> dataIds, String taskId, String stateId) {
    }

    /** The seeded generator of every request of phase 1. */
    final class Gen {
        private final Random r;
        private final Victim victim;
        private final List<Loaded> stateful;
        private final List<String> attackers;
        private final String[] endpoints;

        Gen(Random r, Victim victim, List<Loaded> stateful, List<String> attackers) {
            this.r = r;
            this.victim = victim;
            this.stateful = stateful;
            this.attackers = attackers;
            this.endpoints = new String[] {"/data", "/data/meta/" + UUID_ZERO, "/data/" + UUID_ZERO, "/analytics",
                "/analytics/" + UUID_ZERO, "/state", "/state/" + UUID_ZERO, "/misc/version", "/demo/",
                "/demo/index.html", "/", "/no/such/path", "/health/live", "/health/ready"};
        }

        List<Req> all() {
            List<Req> out = new ArrayList<>();
            requestLines(out);
            methods(out);
            versions(out);
            chunked(out);
            framing(out);
            headerSizes(out);
            controlBytes(out);
            truncated(out);
            slowHeaders(out);
            contentTypes(out);
            jsonData(out, 1500);
            jsonAnalytics(out, 1500);
            jsonState(out, 700);
            jsonRestore(out, 500);
            jsonIdsAndQueries(out, 1300);
            statefulAnalytics(out, 1800);
            // a seeded interleaving, so categories meet each other on the server
            Collections.shuffle(out, r);
            return out;
        }

        private <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        private String pick(String... values) {
            return values[r.nextInt(values.length)];
        }

        private String attacker() {
            return pick(attackers);
        }

        Req api(String category, String method, String path, String cookie, String contentType, byte[] body,
                String what) {
            return new Req(category, method + " " + shorten(path, 90) + (what == null ? "" : " " + what),
                    List.of(request(method, path, cookie, contentType, body)), 0, false, method.equals("HEAD"),
                    cookie);
        }

        private Req rawReq(String category, String label, byte[] bytes, boolean halfClose) {
            return new Req(category, label, List.of(bytes), 0, halfClose, false, null);
        }

        private List<String> baseHeaders() {
            List<String> h = new ArrayList<>();
            h.add("Host: " + hostHeader);
            h.add("Connection: close");
            h.add("Origin: " + ORIGIN);
            return h;
        }

        private byte[] validDataBody() {
            return utf8("{\"handler\":\"test\",\"server\":\"http://test\",\"auth\":{\"token\":\"t\"},\"descriptors\":"
                    + "[{\"data_type\":\"numerical\",\"num_samples\":5,\"label\":\"fz\",\"seed\":1}]}");
        }

        // ------------------------------------------------ protocol abuse

        private void requestLines(List<Req> out) {
            String host = "\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n";
            List<String> lines = new ArrayList<>(List.of("GET\r\n\r\n", "GET /misc/version\r\n\r\n",
                    "GET /misc/version HTTP/1.1\r\n\r\n", "GET  /misc/version  HTTP/1.1" + host,
                    " GET /misc/version HTTP/1.1" + host, "/misc/version HTTP/1.1" + host,
                    "GET /misc/version HTTP/1.1 extra" + host, "GET /misc/version\tHTTP/1.1" + host,
                    "\r\n\r\n\r\n", "GET /misc/version HTTP/1.1\nHost: x\n\n", "GET /misc/version HTTP/1.1\rHost: x\r\r",
                    "GET http://evil.example/misc/version HTTP/1.1" + host, "GET * HTTP/1.1" + host,
                    "OPTIONS * HTTP/1.1" + host, "GET ../../../etc/passwd HTTP/1.1" + host,
                    "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1" + host, "GET /data/%00 HTTP/1.1" + host,
                    "GET /data/%ZZ HTTP/1.1" + host, "GET /data?wait=% HTTP/1.1" + host,
                    "GET /data?%=%&&&==& HTTP/1.1" + host, "GET /data#frag HTTP/1.1" + host,
                    "GET /data/../misc/version HTTP/1.1" + host, "GET /;jsessionid=x/data HTTP/1.1" + host,
                    "GET /data;x=y HTTP/1.1" + host, "GET //data HTTP/1.1" + host, "GET /DATA HTTP/1.1" + host,
                    "GET /data/meta/..%2f..%2f HTTP/1.1" + host, "GET /data/meta/%u0041 HTTP/1.1" + host,
                    "GET /data/%2F%2F HTTP/1.1" + host, "GET /analytics/%0d%0aSet-Cookie:x=y HTTP/1.1" + host,
                    "GET /data?wait=%c0%ae HTTP/1.1" + host, "GET /misc/version?" + "a=b&".repeat(5000)
                            + " HTTP/1.1" + host,
                    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET /misc/version HTTP/1.1\r\n" + "X: y\r\n".repeat(3)
                            + "\r\n", "get /misc/version HTTP/1.1" + host, "GET /demo/../../../../etc/passwd HTTP/1.1"
                            + host, "GET /demo/%2e%2e/%2e%2e/ HTTP/1.1" + host, "GET /demo/..;/..;/ HTTP/1.1" + host));
            for (int len : new int[] {4_000, 8_200, 16_000, 65_000, 300_000}) {
                lines.add("GET /" + "a".repeat(len) + " HTTP/1.1" + host);
                lines.add("GET /data/meta/" + "9".repeat(len) + " HTTP/1.1" + host);
                lines.add("GET /misc/version?x=" + "%41".repeat(len / 3) + " HTTP/1.1" + host);
            }
            for (String l : lines) {
                for (int i = 0; i < 3; i++) {
                    // only empty lines are not yet a request (RFC 9112 2.2): the server may wait for one until its
                    // idle timeout, so those are always followed by the end of the stream
                    out.add(rawReq("proto-request-line", shorten(l, 80), l.getBytes(StandardCharsets.ISO_8859_1),
                            i == 2 || l.isBlank()));
                }
            }
            // TLS ClientHello on the plain port, random bytes, random printable junk
            byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
            out.add(rawReq("proto-request-line", "TLS ClientHello", hello, true));
            out.add(rawReq("proto-request-line", "TLS ClientHello (open)", hello, false));
            for (int i = 0; i < 250; i++) {
                byte[] junk = new byte[1 + r.nextInt(400)];
                if (i % 2 == 0) {
                    r.nextBytes(junk);
                } else {
                    for (int j = 0; j < junk.length; j++) {
                        junk[j] = (byte) (32 + r.nextInt(95));
                    }
                }
                byte[] framed = new byte[junk.length + 4];
                System.arraycopy(junk, 0, framed, 0, junk.length);
                System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, framed, junk.length, 4);
                out.add(rawReq("proto-request-line", "random " + junk.length + " bytes #" + i, framed, true));
            }
        }

        private void methods(List<Req> out) {
            List<String> methods = List.of("PROPFIND", "MKCOL", "PROPPATCH", "COPY", "MOVE", "LOCK", "UNLOCK",
                    "get", "Get", "post", "delete", "PATCH", "PUT", "TRACE", "CONNECT", "HEAD", "OPTIONS", "FOO",
                    "G@T", "SEARCH", "PURGE", "DEBUG", "BREW", "M".repeat(300), "GET/", "POST\u0001");
            for (String m : methods) {
                for (String path : endpoints) {
                    for (int variant = 0; variant < 2; variant++) {
                        List<String> h = baseHeaders();
                        h.add("Cookie: " + attacker());
                        byte[] body = null;
                        if (variant == 1) {
                            body = utf8("{\"a\":1}");
                            h.add("Content-Type: application/json");
                            h.add("Content-Length: " + body.length);
                            if (m.equals("OPTIONS")) {
                                h.add("Access-Control-Request-Method: " + pick("POST", "PROPFIND", "TRACE", "get"));
                                h.add("Access-Control-Request-Headers: " + pick("content-type", "x-evil",
                                        "content-type,x-" + "a".repeat(500)));
                            }
                        }
                        String target = m.equals("CONNECT") && variant == 1 ? "127.0.0.1:22" : path;
                        out.add(new Req("proto-method", shorten(m, 20) + " " + target + (variant == 1 ? " +body" : ""),
                                List.of(bytes(m + " " + target + " HTTP/1.1", h, body)), 0, false, m.equals("HEAD"),
                                null));
                    }
                }
            }
        }

        private void versions(List<Req> out) {
            List<String> versions = List.of("HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1",
                    "http/1.1", "HTTP/1.1.1", "HTTPS/1.1", "HTTP/11", "HTTP/-1.1", "HTTP/3.0", "HTTP/1.01", "HTTP/",
                    "FTP/1.0", "HTTP/1.1 ", "HTTP\\1.1");
            for (String ver : versions) {
                for (String path : endpoints) {
                    List<String> h = baseHeaders();
                    out.add(rawReq("proto-version", "GET " + path + " " + ver,
                            bytes("GET " + path + " " + ver, h, null), false));
                }
            }
        }

        private void chunked(List<Req> out) {
            String json = "{\"task_name\":\"add_test_task\",\"args\":{\"a\":1,\"b\":2}}";
            List<String[]> bodies = new ArrayList<>();
            bodies.add(new String[] {"invalid size", "zz\r\n" + json + "\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"negative size", "-1\r\n" + json + "\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"huge size", "FFFFFFFFFFFFFFFFFFFF\r\n" + json + "\r\n0\r\n\r\n", "true"});
            bodies.add(new String[] {"0x prefix", "0x10\r\n" + json + "\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"size > data", "400\r\n" + json + "\r\n", "true"});
            bodies.add(new String[] {"size < data", "5\r\n" + json + "\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"no last chunk", Integer.toHexString(json.length()) + "\r\n" + json + "\r\n",
                "true"});
            bodies.add(new String[] {"garbage extension", Integer.toHexString(json.length()) + ";;;=\"\r\n" + json
                    + "\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"no CRLF after data", Integer.toHexString(json.length()) + "\r\n" + json
                    + "0\r\n\r\n", "false"});
            bodies.add(new String[] {"bare LF", Integer.toHexString(json.length()) + "\n" + json + "\n0\n\n",
                "false"});
            bodies.add(new String[] {"trailer garbage", Integer.toHexString(json.length()) + "\r\n" + json
                    + "\r\n0\r\n\u0001\u0002: \u00ff\r\nX\r\n\r\n", "false"});
            bodies.add(new String[] {"empty", "", "true"});
            bodies.add(new String[] {"only CRLF", "\r\n\r\n", "true"});
            bodies.add(new String[] {"size with spaces", " 3 \r\nabc\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"1-byte chunks", chunkBytes(json), "false"});
            bodies.add(new String[] {"valid", Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n",
                "false"});
            bodies.add(new String[] {"valid, invalid JSON", "3\r\n{{{\r\n0\r\n\r\n", "false"});
            bodies.add(new String[] {"data after last chunk", "0\r\n\r\nGET / HTTP/1.1\r\n\r\n", "false"});
            bodies.add(new String[] {"many empty extensions", "3" + ";a".repeat(5000) + "\r\nabc\r\n0\r\n\r\n",
                "false"});
            for (String path : List.of("/data", "/analytics", "/state", "/state/" + UUID_ZERO,
                    "/data/" + UUID_ZERO, "/misc/version")) {
                for (String[] b : bodies) {
                    for (String te : List.of("chunked", "Chunked", "chunked ")) {
                        List<String> h = baseHeaders();
                        h.add("Cookie: " + attacker());
                        h.add("Content-Type: application/json");
                        h.add("Transfer-Encoding: " + te);
                        String method = path.startsWith("/data/") ? "DELETE" : path.equals("/misc/version") ? "GET"
                                : "POST";
                        out.add(rawReq("proto-chunked", method + " " + path + " TE:" + te.trim() + " " + b[0],
                                bytes(method + " " + path + " HTTP/1.1", h, b[1].getBytes(StandardCharsets.ISO_8859_1)),
                                Boolean.parseBoolean(b[2])));
                    }
                }
            }
        }

        private String chunkBytes(String json) {
            StringBuilder s = new StringBuilder();
            for (char c : json.toCharArray()) {
                s.append("1\r\n").append(c).append("\r\n");
            }
            return s.append("0\r\n\r\n").toString();
        }

        private void framing(List<Req> out) {
            byte[] body = validDataBody();
            int n = body.length;
            List<List<String>> variants = List.of(
                    List.of("Content-Length: " + n, "Transfer-Encoding: chunked"),
                    List.of("Transfer-Encoding: chunked", "Content-Length: " + n),
                    List.of("Content-Length: " + n, "Content-Length: " + (n - 3)),
                    List.of("Content-Length: " + n, "Content-Length: " + n),
                    List.of("Content-Length: " + n + ", " + n),
                    List.of("Content-Length: -1"), List.of("Content-Length: abc"), List.of("Content-Length: +" + n),
                    List.of("Content-Length: 99999999999999999999"), List.of("Content-Length: 9223372036854775807"),
                    List.of("Content-Length: 0x10"), List.of("Content-Length:  " + n + " "),
                    List.of("Content-Length: " + n + "\u0000"), List.of("Content-Length: 0"),
                    List.of("Content-Length: 1"), List.of("Transfer-Encoding: gzip"),
                    List.of("Transfer-Encoding: gzip, chunked"), List.of("Transfer-Encoding: chunked, gzip"),
                    List.of("Transfer-Encoding: identity"), List.of("Transfer-Encoding: xchunked"),
                    List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
                    List.of("Transfer-Encoding : chunked"), List.of("Transfer-Encoding:\tchunked"),
                    List.of("Transfer-Encoding: \u00ffchunked"), List.of("Content-Encoding: gzip",
                            "Content-Length: " + n), List.of("Content-Encoding: br, deflate", "Content-Length: " + n),
                    List.of("Expect: 100-continue", "Content-Length: " + n),
                    List.of("Expect: 999-bogus", "Content-Length: " + n),
                    List.of("Content-Length: 2147483648"), List.of("Content-Length: 104857601"));
            for (String path : List.of("/data", "/analytics", "/state", "/state/" + UUID_ZERO, "/data")) {
                for (List<String> v : variants) {
                    for (int half = 0; half < 3; half++) {
                        List<String> h = baseHeaders();
                        h.add("Cookie: " + attacker());
                        h.add("Content-Type: application/json");
                        h.addAll(v);
                        boolean chunkedBody = v.stream().anyMatch(x -> x.startsWith("Transfer-Encoding: chunked"));
                        byte[] b = chunkedBody && half == 1 ? (Integer.toHexString(n) + "\r\n" + new String(body,
                                StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)
                                : body;
                        out.add(rawReq("proto-framing", "POST " + path + " " + shorten(String.join(" | ", v), 80)
                                + (half == 2 ? " (half-closed)" : ""), bytes("POST " + path + " HTTP/1.1", h, b),
                                half == 2 || v.toString().contains("99999") || v.toString().contains("2147483648")
                                        || v.toString().contains("9223372036854775807")
                                        || v.toString().contains("104857601")));
                    }
                }
            }
        }

        private void headerSizes(List<Req> out) {
            for (String path : List.of("/misc/version", "/data", "/analytics/" + UUID_ZERO, "/demo/")) {
                for (int len : new int[] {1_000, 4_000, 6_000, 7_000, 7_500, 7_800, 7_900, 7_950, 8_000, 8_100,
                    8_192, 9_000, 16_000, 64_000, 300_000}) {
                    String big = randomToken(len);
                    for (String header : List.of("Origin: http://" + big + ".example", "X-Big: " + big,
                            "Cookie: session=" + big, "User-Agent: " + big, "Referer: http://x/" + big,
                            "Accept: " + big, "Host: " + big)) {
                        List<String> h = baseHeaders();
                        if (header.startsWith("Origin") || header.startsWith("Host")) {
                            h.removeIf(x -> x.startsWith(header.substring(0, header.indexOf(':'))));
                        }
                        h.add(header);
                        out.add(rawReq("proto-header-size", "GET " + path + " " + header.substring(0,
                                header.indexOf(':')) + " of " + len, bytes("GET " + path + " HTTP/1.1", h, null),
                                false));
                    }
                    // a preflight that asks for a long header list (reflected today)
                    List<String> h = baseHeaders();
                    h.add("Access-Control-Request-Method: POST");
                    h.add("Access-Control-Request-Headers: content-type," + big);
                    out.add(rawReq("proto-header-size", "OPTIONS " + path + " Access-Control-Request-Headers of " + len,
                            bytes("OPTIONS " + path + " HTTP/1.1", h, null), false));
                }
                for (int count : new int[] {50, 100, 200, 500, 1_000, 5_000}) {
                    List<String> h = baseHeaders();
                    for (int i = 0; i < count; i++) {
                        h.add("X-H" + i + ": " + i);
                    }
                    out.add(rawReq("proto-header-size", "GET " + path + " " + count + " headers",
                            bytes("GET " + path + " HTTP/1.1", h, null), false));
                    List<String> cookies = baseHeaders();
                    for (int i = 0; i < count; i++) {
                        cookies.add("Cookie: c" + i + "=" + i);
                    }
                    out.add(rawReq("proto-header-size", "GET " + path + " " + count + " Cookie headers",
                            bytes("GET " + path + " HTTP/1.1", cookies, null), false));
                    List<String> origins = baseHeaders();
                    for (int i = 0; i < Math.min(count, 200); i++) {
                        origins.add("Origin: http://o" + i + ".example");
                    }
                    out.add(rawReq("proto-header-size", "GET " + path + " " + Math.min(count, 200) + " Origin headers",
                            bytes("GET " + path + " HTTP/1.1", origins, null), false));
                }
            }
            // an ~8,000-character Origin on every endpoint (finding 7)
            for (String path : endpoints) {
                for (String method : List.of("GET", "POST", "DELETE", "OPTIONS")) {
                    List<String> h = new ArrayList<>(List.of("Host: " + hostHeader, "Connection: close",
                            "Origin: http://" + randomToken(7_900) + ".example"));
                    if (method.equals("OPTIONS")) {
                        h.add("Access-Control-Request-Method: POST");
                    }
                    out.add(rawReq("proto-long-origin", method + " " + path + " Origin of 7,900",
                            bytes(method + " " + path + " HTTP/1.1", h, null), false));
                }
            }
        }

        private String randomToken(int len) {
            StringBuilder s = new StringBuilder(len);
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            for (int i = 0; i < len; i++) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return s.toString();
        }

        private void controlBytes(List<Req> out) {
            List<String> nasty = new ArrayList<>();
            for (int b : new int[] {0x00, 0x01, 0x07, 0x08, 0x09, 0x0b, 0x0c, 0x1b, 0x7f, 0x80, 0x9f, 0xa0, 0xff}) {
                nasty.add(String.valueOf((char) b));
            }
            nasty.addAll(List.of(latin("é"), latin("日本"), latin("\uD83D\uDE00"), "\u00c0\u00ae", "\r", "\n",
                    latin("\u202e"), "\u00ed\u00a0\u0080" /* UTF-8 of a lone surrogate */));
            for (String bad : nasty) {
                for (String path : List.of("/data", "/misc/version", "/analytics/" + UUID_ZERO, "/demo/")) {
                    String label = "0x" + hex(bad);
                    List<String> h = baseHeaders();
                    out.add(rawReq("proto-control-bytes", "GET path+" + label + " " + path,
                            bytes("GET " + path + bad + "x HTTP/1.1", h, null), false));
                    out.add(rawReq("proto-control-bytes", "GET query " + label + " " + path,
                            bytes("GET " + path + "?wait=" + bad + " HTTP/1.1", h, null), false));
                    List<String> h2 = baseHeaders();
                    h2.add("X-Test: a" + bad + "b");
                    out.add(rawReq("proto-control-bytes", "header value " + label + " " + path,
                            bytes("GET " + path + " HTTP/1.1", h2, null), false));
                    List<String> h3 = baseHeaders();
                    h3.add("X-T" + bad + "st: v");
                    out.add(rawReq("proto-control-bytes", "header name " + label + " " + path,
                            bytes("GET " + path + " HTTP/1.1", h3, null), false));
                    List<String> h4 = new ArrayList<>(List.of("Host: " + hostHeader, "Connection: close",
                            "Origin: http://a" + bad + ".example"));
                    out.add(rawReq("proto-control-bytes", "Origin " + label + " " + path,
                            bytes("GET " + path + " HTTP/1.1", h4, null), false));
                    List<String> h5 = baseHeaders();
                    h5.add("Cookie: session=" + bad + UUID_ZERO);
                    out.add(rawReq("proto-control-bytes", "Cookie " + label + " " + path,
                            bytes("GET " + path + " HTTP/1.1", h5, null), false));
                    List<String> h6 = baseHeaders();
                    h6.add("Content-Type: application/json; charset=" + bad);
                    byte[] body = utf8("{\"a\":1}");
                    h6.add("Content-Length: " + body.length);
                    out.add(rawReq("proto-control-bytes", "POST Content-Type " + label + " /analytics",
                            bytes("POST /analytics HTTP/1.1", h6, body), false));
                }
            }
            // header syntax
            List<String> weird = List.of("NoColonHeader", ": empty-name", "X Space: v", "X-Fold: a\r\n  folded",
                    " Leading-Space: v", "X-Tab\t: v", "\u0000: v", "Host:", "Host: a\r\nHost: b", "Cookie: session",
                    "Cookie: =x", "Cookie: session=;session=" + UUID_ZERO, "Cookie: session=\"" + UUID_ZERO + "\"",
                    "Cookie: $Version=1; session=" + UUID_ZERO + "; $Path=/", "Origin: null", "Origin: ",
                    "Origin: http://127.0.0.1:1, http://evil", "Origin: file://", "Origin: http://[::1",
                    "Accept: application/json;q=abc", "Accept-Charset: ebcdic", "Accept-Encoding: " + "gzip,".repeat(500),
                    "Range: bytes=0-1,2-3,4-5", "If-Modified-Since: yesterday", "Authorization: Basic %%%",
                    "X-Forwarded-For: 127.0.0.1, " + "1.".repeat(1000), "Forwarded: for=\"[::1", "Upgrade: h2c",
                    "Upgrade: websocket\r\nConnection: Upgrade", "Connection: keep-alive, Upgrade, close, x");
            for (String w : weird) {
                for (String path : List.of("/data", "/misc/version", "/analytics/" + UUID_ZERO, "/state/" + UUID_ZERO,
                        "/demo/")) {
                    List<String> h = new ArrayList<>(List.of("Connection: close"));
                    if (!w.startsWith("Host")) {
                        h.add(0, "Host: " + hostHeader);
                    }
                    h.add(w);
                    out.add(rawReq("proto-header-syntax", "GET " + path + " " + shorten(w, 60),
                            bytes("GET " + path + " HTTP/1.1", h, null), false));
                }
            }
        }

        private String hex(String s) {
            StringBuilder b = new StringBuilder();
            for (byte x : s.getBytes(StandardCharsets.ISO_8859_1)) {
                b.append(String.format("%02x", x));
            }
            return b.toString();
        }

        private void truncated(List<Req> out) {
            byte[] body = validDataBody();
            for (String path : List.of("/data", "/analytics", "/state", "/state/" + UUID_ZERO, "/data/" + UUID_ZERO)) {
                String method = path.startsWith("/data/") ? "DELETE" : "POST";
                for (int sent : new int[] {0, 1, 10, body.length / 2, body.length - 1}) {
                    for (int extra : new int[] {1, 100, 1_000_000}) {
                        List<String> h = baseHeaders();
                        h.add("Cookie: " + attacker());
                        h.add("Content-Type: application/json");
                        h.add("Content-Length: " + (body.length + extra));
                        byte[] part = java.util.Arrays.copyOf(body, sent);
                        out.add(rawReq("proto-truncated-body", method + " " + path + " Content-Length "
                                + (body.length + extra) + ", sent " + sent + ", half-closed",
                                bytes(method + " " + path + " HTTP/1.1", h, part), true));
                    }
                }
                // headers cut off in the middle, then the end of the stream
                byte[] full = request(method, path, attacker(), "application/json", body);
                for (int cut : new int[] {3, 20, 40, 80, 120}) {
                    out.add(rawReq("proto-truncated-head", method + " " + path + " cut at " + cut + " bytes",
                            java.util.Arrays.copyOf(full, Math.min(cut, full.length)), true));
                }
            }
            // stalled clients that keep the connection open: the server must answer or close within 10 s (a
            // blocked read that waits longer holds a server thread per connection: slowloris)
            for (String path : List.of("/data", "/analytics", "/state")) {
                List<String> h = baseHeaders();
                h.add("Cookie: " + attacker());
                h.add("Content-Type: application/json");
                h.add("Content-Length: " + (body.length + 100));
                out.add(rawReq("proto-stalled", "POST " + path + " Content-Length " + (body.length + 100) + ", sent "
                        + body.length + ", connection kept open", bytes("POST " + path + " HTTP/1.1", h, body), false));
                byte[] full = request("POST", path, attacker(), "application/json", body);
                out.add(rawReq("proto-stalled", "POST " + path + " headers stop after 60 bytes, connection kept open",
                        java.util.Arrays.copyOf(full, 60), false));
            }
        }

        private void slowHeaders(List<Req> out) {
            for (int i = 0; i < 24; i++) {
                String path = endpoints[i % endpoints.length];
                byte[] full = request("GET", path, attacker(), null, null);
                int pieces = 3 + r.nextInt(4);
                List<byte[]> parts = new ArrayList<>();
                int step = Math.max(1, full.length / pieces);
                for (int p = 0; p < full.length; p += step) {
                    parts.add(java.util.Arrays.copyOfRange(full, p, Math.min(full.length, p + step)));
                }
                long pause = 200 + r.nextInt(300);
                out.add(new Req("proto-slow-headers", "GET " + path + " in " + parts.size() + " pieces, " + pause
                        + " ms apart", parts, pause, false, false, null));
            }
        }

        // ------------------------------------------------ content types

        private void contentTypes(List<Req> out) {
            List<String> types = new ArrayList<>(List.of("text/plain", "text/plain;charset=UTF-8",
                    "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=XyZ",
                    "application/json; charset=utf-16", "application/json; charset=iso-8859-1",
                    "application/json; charset=bogus", "application/json; charset=", "application/json;;;",
                    "application/xml", "*/*", "application/*", "application/json+x", "application/jsonp",
                    "APPLICATION/JSON", "application/json; charset=\"utf-8\"", "application/vnd.api+json",
                    "application/json, text/plain", "text/html", "image/png", "application/octet-stream",
                    "application/json;" + "p=1;".repeat(1000), "/", "json", "application/", "a/b/c"));
            types.add(null);
            String bodies = "valid|invalid|form|multipart|empty|utf16|bom|latin1";
            for (String path : List.of("/data", "/analytics", "/state", "/state/" + victim.stateId(),
                    "/data/" + UUID_ZERO, "/data", "/analytics/" + UUID_ZERO)) {
                String method = path.startsWith("/data/") || path.startsWith("/analytics/") ? "DELETE" : "POST";
                for (String type : types) {
                    for (String kind : bodies.split("\\|")) {
                        byte[] body = switch (kind) {
                            case "valid" -> validFor(path);
                            case "invalid" -> utf8("{\"handler\": test, ");
                            case "form" -> utf8("handler=test&server=http%3A%2F%2Ftest&auth=%7B%7D");
                            case "multipart" -> utf8("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                                    + new String(validFor(path), StandardCharsets.UTF_8) + "\r\n--XyZ--\r\n");
                            case "empty" -> new byte[0];
                            case "utf16" -> new String(validFor(path), StandardCharsets.UTF_8)
                                    .getBytes(StandardCharsets.UTF_16);
                            case "bom" -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, validFor(path));
                            default -> new String(validFor(path), StandardCharsets.UTF_8).replace("test", "t\u00e9st")
                                    .getBytes(StandardCharsets.ISO_8859_1);
                        };
                        out.add(api("content-type", method, path, attacker(), type, body,
                                "ct=" + (type == null ? "none" : shorten(type, 40)) + " body=" + kind));
                    }
                }
            }
        }

        private byte[] validFor(String path) {
            if (path.equals("/data")) {
                return validDataBody();
            }
            if (path.equals("/analytics")) {
                return utf8("{\"task_name\":\"add_test_task\",\"args\":{\"a\":1,\"b\":2}}");
            }
            if (path.equals("/state")) {
                return utf8("{\"state\":{\"x\":\"" + ref(victim.dataIds().get(0)).replace("\"", "\\\"")
                        + "\"},\"handler\":\"test\",\"server\":\"http://test\"}");
            }
            return utf8("{\"auth\":{\"token\":\"t\"}}");
        }

        private byte[] concat(byte[] a, byte[] b) {
            byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }

        // ------------------------------------------------ JSON abuse

        /** A hostile value; raw tokens (NaN, 1e400, …) are written literally into the JSON text. */
        private JsonNode hostile(List<String> rawTokens) {
            int k = r.nextInt(48);
            return switch (k) {
                case 0 -> F.nullNode();
                case 1 -> F.booleanNode(r.nextBoolean());
                case 2 -> F.numberNode(0);
                case 3 -> F.numberNode(-1);
                case 4 -> F.numberNode(Integer.MAX_VALUE);
                case 5 -> F.numberNode(2147483648L);
                case 6 -> F.numberNode(Long.MAX_VALUE);
                case 7 -> F.numberNode(1e308);
                case 8 -> F.numberNode(-1e308);
                case 9 -> rawToken(rawTokens, "1e400");
                case 10 -> rawToken(rawTokens, "-1e400");
                case 11 -> rawToken(rawTokens, "1e-400");
                case 12 -> rawToken(rawTokens, "123456789012345678901234567890.5");
                case 13 -> rawToken(rawTokens, "NaN");
                case 14 -> rawToken(rawTokens, "Infinity");
                case 15 -> rawToken(rawTokens, "-Infinity");
                case 16 -> rawToken(rawTokens, "-0");
                case 17 -> F.numberNode(0.5);
                case 18 -> F.textNode("");
                case 19 -> F.textNode(" ");
                case 20 -> F.textNode("\u0000");
                case 21 -> rawToken(rawTokens, "\"\\ud800\"");
                case 22 -> F.textNode("\u202e\u65e5\u672c\uD83D\uDE00");
                case 23 -> F.textNode(pick("NaN", "Infinity", "null", "true", "1e400"));
                case 24 -> F.textNode("x".repeat(100_000));
                case 25 -> F.textNode(r.nextInt(20) == 0 ? "y".repeat(2_000_000) : "z".repeat(10_000));
                case 26 -> F.textNode(pick("$", "$$", "${}$", "$null$", "${\"id\":123}$", "${\"id\":\"x\"}$",
                        "${\"id\":\"" + UUID_ZERO + "\",\"filters\":{}}$", "${\"id\":\"" + UUID_ZERO + "\"",
                        "${\"id\":\"" + UUID_ZERO + "\",\"filters\":{\"f\":[1,\"a\",null]}}$trailing",
                        "$" + "[".repeat(5_000) + "$", "${\"filters\":{}}$", "${\"id\":null,\"filters\":null}$"));
                case 27 -> F.textNode(ref(pick(victim.dataIds())));
                case 28 -> F.textNode("${\"id\":\"" + pick(victim.dataIds()) + "\",\"filters\":{\"vic_cat\":[\"a\"]}}$");
                case 29 -> F.arrayNode();
                case 30 -> F.objectNode();
                case 31 -> F.arrayNode().add(F.nullNode());
                case 32 -> F.arrayNode().add(1).add("a").add(F.objectNode());
                case 33 -> {
                    ArrayNode a = F.arrayNode();
                    for (int i = 0; i < 10_000; i++) {
                        a.add(i);
                    }
                    yield a;
                }
                case 34 -> F.objectNode().put("a", 1).put("$ref", "#");
                case 35 -> {
                    JsonNode n = F.numberNode(1);
                    for (int i = 0; i < 100; i++) {
                        n = F.arrayNode().add(n);
                    }
                    yield n;
                }
                case 36 -> rawToken(rawTokens, "[".repeat(10_000) + "]".repeat(10_000));
                case 37 -> rawToken(rawTokens, "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
                case 38 -> F.textNode("not-a-uuid");
                case 39 -> F.textNode("../../etc/passwd");
                case 40 -> F.textNode("<script>alert(1)</script>");
                case 41 -> F.textNode("' OR 1=1 --");
                case 42 -> F.textNode("%s%n%x${jndi:ldap://127.0.0.1/a}");
                case 43 -> F.textNode(pick(victim.dataIds()));
                case 44 -> F.textNode(victim.taskId());
                case 45 -> F.numberNode(-2147483649L);
                case 46 -> rawToken(rawTokens, "9223372036854775808");
                default -> F.textNode(UUID_ZERO.toUpperCase());
            };
        }

        private JsonNode rawToken(List<String> rawTokens, String token) {
            rawTokens.add(token);
            return F.textNode("@@RAW" + (rawTokens.size() - 1) + "@@");
        }

        /** Applies 1–3 seeded mutations to a copy of the template and writes it (raw tokens substituted). */
        private byte[] mutate(JsonNode template, String[] what) {
            List<String> rawTokens = new ArrayList<>();
            JsonNode doc = template.deepCopy();
            StringBuilder desc = new StringBuilder();
            int ops = 1 + r.nextInt(3);
            for (int i = 0; i < ops; i++) {
                int op = r.nextInt(10);
                List<JsonNode> containers = new ArrayList<>();
                collect(doc, containers);
                JsonNode c = pick(containers);
                if (op <= 4 && c.size() > 0) {
                    // replace a value with a hostile one (wrong type, huge, NaN, reference, …)
                    JsonNode v = hostile(rawTokens);
                    if (c.isObject()) {
                        List<String> names = new ArrayList<>();
                        c.fieldNames().forEachRemaining(names::add);
                        String name = pick(names);
                        ((ObjectNode) c).set(name, v);
                        desc.append(" set ").append(name).append('=').append(shortDesc(v, rawTokens));
                    } else {
                        int idx = r.nextInt(c.size());
                        ((ArrayNode) c).set(idx, v);
                        desc.append(" set [").append(idx).append("]=").append(shortDesc(v, rawTokens));
                    }
                } else if (op <= 6 && c.size() > 0) {
                    if (c.isObject()) {
                        List<String> names = new ArrayList<>();
                        c.fieldNames().forEachRemaining(names::add);
                        String name = pick(names);
                        ((ObjectNode) c).remove(name);
                        desc.append(" drop ").append(name);
                    } else {
                        ((ArrayNode) c).remove(r.nextInt(c.size()));
                        desc.append(" drop item");
                    }
                } else if (op <= 8) {
                    JsonNode v = hostile(rawTokens);
                    String name = pick("extra", "__proto__", "", "constructor", "x".repeat(1_000), "\u0000",
                            "handler ", "task_name", "$ref");
                    if (c.isObject()) {
                        if (!c.has(name)) {
                            ((ObjectNode) c).set(name, v);
                            desc.append(" add ").append(shorten(name, 12)).append('=').append(shortDesc(v, rawTokens));
                        }
                    } else {
                        ((ArrayNode) c).add(v);
                        desc.append(" append ").append(shortDesc(v, rawTokens));
                    }
                } else {
                    desc.append(" (structure kept)");
                }
            }
            String text;
            try {
                text = STRICT.writeValueAsString(doc);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < rawTokens.size(); i++) {
                text = text.replace("\"@@RAW" + i + "@@\"", rawTokens.get(i));
            }
            what[0] = desc.toString().trim();
            return utf8(text);
        }

        private String shortDesc(JsonNode v, List<String> rawTokens) {
            String s = v.isTextual() && v.asText().startsWith("@@RAW") ? rawTokens.get(
                    Integer.parseInt(v.asText().replaceAll("\\D", ""))) : v.toString();
            return shorten(s, 30);
        }

        private void collect(JsonNode n, List<JsonNode> out) {
            if (n.isContainerNode()) {
                out.add(n);
                n.elements().forEachRemaining(c -> collect(c, out));
            }
        }

        /** Text-level damage: invalid JSON of many kinds. */
        private byte[] damage(byte[] valid, String[] what) {
            String t = new String(valid, StandardCharsets.UTF_8);
            int k = r.nextInt(16);
            String out;
            switch (k) {
                case 0 -> {
                    int at = r.nextInt(Math.max(1, t.length()));
                    out = t.substring(0, at);
                    what[0] = "truncated at " + at;
                }
                case 1 -> {
                    int at = r.nextInt(Math.max(1, t.length()));
                    out = t.substring(0, at) + (char) r.nextInt(128) + t.substring(at);
                    what[0] = "byte inserted at " + at;
                }
                case 2 -> {
                    out = t.replaceFirst("\\{", "{\"" + firstKey(t) + "\":1,");
                    what[0] = "duplicate key";
                }
                case 3 -> {
                    out = t + pick("}", ",", "garbage", "{}", "\u0000", " []");
                    what[0] = "trailing tokens";
                }
                case 4 -> {
                    out = "[" + t + "]";
                    what[0] = "wrapped in an array";
                }
                case 5 -> {
                    out = pick("\"str\"", "1", "null", "true", "[]", "{}", "-0", "1e400", "NaN", "\"\"");
                    what[0] = "top-level " + out;
                }
                case 6 -> {
                    out = "/* c */" + t.replaceFirst(",", ", // c\n");
                    what[0] = "comments";
                }
                case 7 -> {
                    out = t.replace('"', '\'');
                    what[0] = "single quotes";
                }
                case 8 -> {
                    out = t.replaceAll("\"([a-z_]+)\":", "$1:");
                    what[0] = "unquoted keys";
                }
                case 9 -> {
                    out = "[".repeat(10_000) + "]".repeat(10_000);
                    what[0] = "array nested 10,000 deep";
                }
                case 10 -> {
                    out = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
                    what[0] = "object nested 10,000 deep";
                }
                case 11 -> {
                    out = t.replaceFirst("\\}$", ",\"deep\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
                    what[0] = "field nested 10,000 deep";
                }
                case 12 -> {
                    out = t.replaceFirst(":\"", ":\"\\u00zz");
                    what[0] = "bad unicode escape";
                }
                case 13 -> {
                    byte[] b = java.util.Arrays.copyOf(valid, valid.length);
                    if (b.length > 10) {
                        b[b.length / 2] = (byte) 0xc3;
                        b[b.length / 2 + 1] = (byte) 0x28;
                    }
                    what[0] = "invalid UTF-8";
                    return b;
                }
                case 14 -> {
                    out = " \t\r\n ";
                    what[0] = "whitespace only";
                }
                default -> {
                    out = t.replaceFirst(":", ":" + "\"" + "\\\"".repeat(50_000) + "\",\"q\":");
                    what[0] = "many escapes";
                }
            }
            return utf8(out);
        }

        private String firstKey(String t) {
            int a = t.indexOf('"');
            int b = a < 0 ? -1 : t.indexOf('"', a + 1);
            return a < 0 || b < 0 ? "k" : t.substring(a + 1, b);
        }

        private void jsonBodies(List<Req> out, String category, String method, String path, JsonNode template,
                int count, boolean ownSessions) {
            for (int i = 0; i < count; i++) {
                String[] what = {""};
                byte[] body = r.nextInt(4) == 0 ? damage(utf8(template.toString()), what) : mutate(template, what);
                String cookie = ownSessions ? attacker() : pick(attacker(), null, "session=" + UUID_ZERO,
                        "session=not-a-uuid");
                out.add(api(category, method, path, cookie, "application/json", body, shorten(what[0], 100)));
            }
        }

        private void jsonData(List<Req> out, int count) {
            ObjectNode t = (ObjectNode) parse("{\"handler\":\"test\",\"server\":\"http://test\",\"auth\":{\"token\":"
                    + "\"t\"},\"descriptors\":[{\"data_type\":\"numerical\",\"num_samples\":5,\"label\":\"fz\","
                    + "\"seed\":1},{\"data_type\":\"numerical_array\",\"num_samples\":4,\"num_features\":3,"
                    + "\"label\":\"fa\"},{\"data_type\":\"categorical\",\"num_samples\":4,\"values\":[\"a\",\"b\"]},"
                    + "{\"data_type\":\"numerical\",\"label\":\"rows\",\"rows\":[{\"id\":\"p1\",\"feature\":\"f\","
                    + "\"value\":1.5},{\"id\":\"p2\",\"feature\":\"f\",\"value\":null}]}]}");
            jsonBodies(out, "json-post-data", "POST", "/data", t, count, false);
            // other handlers: the descriptor shapes of ada/transmart/pic-sure/tabular against a closed local port
            for (String handler : List.of("ada", "transmart", "pic-sure", "tabular", "demo_tcga_coad", "nope", "")) {
                ObjectNode h = t.deepCopy();
                h.put("handler", handler);
                h.put("server", pick("http://127.0.0.1:1", "http://[::1]:1", "file:///etc/passwd", "gopher://x",
                        "http://169.254.169.254/latest/meta-data/", "not a url", "http://" + "a".repeat(300)));
                jsonBodies(out, "json-post-data", "POST", "/data", h, 15, false);
            }
        }

        private void jsonAnalytics(List<Req> out, int count) {
            int per = count / TASKS.size();
            for (String task : TASKS) {
                ObjectNode body = F.objectNode();
                body.put("task_name", task);
                body.set("args", argsTemplate(task, victim.dataIds().get(0), victim.dataIds().get(0),
                        victim.dataIds().get(1), victim.dataIds().get(0)));
                jsonBodies(out, "json-post-analytics", "POST", "/analytics", body, per, false);
            }
            ObjectNode unknown = (ObjectNode) parse("{\"task_name\":\"no-such-task\",\"args\":{\"a\":1}}");
            jsonBodies(out, "json-post-analytics", "POST", "/analytics", unknown, count - per * TASKS.size(), false);
        }

        private void jsonState(List<Req> out, int count) {
            ObjectNode t = F.objectNode();
            ObjectNode state = F.objectNode();
            state.put("chartName", "scatterplot");
            state.set("chartState", F.objectNode().put("x", ref(UUID_ZERO)).put("y", ref(pick(victim.dataIds())))
                    .put("label", "l"));
            t.set("state", state);
            t.put("handler", "test");
            t.put("server", "http://test");
            jsonBodies(out, "json-post-state", "POST", "/state", t, count, false);
        }

        private void jsonRestore(List<Req> out, int count) {
            JsonNode t = parse("{\"auth\":{\"token\":\"t\"}}");
            for (int i = 0; i < count; i++) {
                String id = pick(victim.stateId(), UUID_ZERO, victim.dataIds().get(0), victim.taskId());
                String[] what = {""};
                byte[] body = r.nextInt(4) == 0 ? damage(utf8(t.toString()), what) : mutate(t, what);
                out.add(api("json-post-state-id", "POST", "/state/" + id, attacker(), "application/json", body,
                        (id.equals(victim.stateId()) ? "[victim state] " : "") + shorten(what[0], 100)));
            }
        }

        private void jsonIdsAndQueries(List<Req> out, int count) {
            List<String> ids = new ArrayList<>(List.of(UUID_ZERO, UUID_ZERO.toUpperCase(), "not-a-uuid", "..",
                    "%2e%2e", "%00", "123", "-1", "null", "undefined", "%7B%7D", UUID_ZERO + "x", "x" + UUID_ZERO,
                    UUID_ZERO.replace("-", ""), "9".repeat(5_000), "%E6%97%A5", "%ff%fe", "a%20b", "$%7B%7D$",
                    victim.taskId(), victim.stateId()));
            ids.addAll(victim.dataIds());
            List<String> queries = List.of("", "?wait=0", "?wait=2", "?wait=-1", "?wait=", "?wait=yes", "?wait=%00",
                    "?wait=" + "1".repeat(1_000), "?x=" + "y".repeat(5_000), "?wait=0&wait=0", "?=", "?&&&",
                    "?wait=%E2%80%AE");
            List<String[]> shapes = List.of(new String[] {"GET", "/data"}, new String[] {"GET", "/data/meta/"},
                    new String[] {"DELETE", "/data/"}, new String[] {"DELETE", "/data"},
                    new String[] {"GET", "/analytics/"}, new String[] {"DELETE", "/analytics/"},
                    new String[] {"GET", "/state/"}, new String[] {"GET", "/misc/version"},
                    new String[] {"GET", "/data/"}, new String[] {"POST", "/data/meta/"},
                    new String[] {"GET", "/analytics"}, new String[] {"GET", "/state"},
                    new String[] {"GET", "/health/live"}, new String[] {"GET", "/health/ready"},
                    new String[] {"GET", "/health/"});
            for (int i = 0; i < count; i++) {
                String[] s = pick(shapes);
                String id = pick(ids);
                boolean withId = s[1].endsWith("/");
                String path = s[1] + (withId ? id : "") + pick(queries) + (r.nextInt(10) == 0 ? pick("/", "/x", "//")
                        : "");
                boolean victimId = withId && (victim.dataIds().contains(id) || id.equals(victim.taskId())
                        || id.equals(victim.stateId()));
                byte[] body = null;
                String type = null;
                String what = victimId ? "[victim]" : "";
                if (r.nextInt(4) == 0) {
                    String[] w = {""};
                    body = r.nextBoolean() ? damage(utf8("{\"a\":[1,2,{\"b\":\"c\"}]}"), w)
                            : mutate(parse("{\"a\":[1,2,{\"b\":\"c\"}]}"), w);
                    type = "application/json";
                    what += " body: " + shorten(w[0], 60);
                }
                String cookie = pick(attacker(), attacker(), null, "session=" + UUID_ZERO, "session=garbage",
                        "session=" + "s".repeat(3_000));
                // DELETE /data (everything) only in attacker sessions: the victim must keep its data
                out.add(api("json-ids-queries", s[0], path, cookie, type, body, what));
            }
        }

        // ------------------------------------------------ stateful: mutated analyses of loaded data

        private ObjectNode argsTemplate(String task, String num1, String num2, String cat, String arr) {
            String x = ref(num1);
            String y = ref(num2);
            String c = ref(cat);
            String m = ref(arr);
            String json = switch (task) {
                case "compute-correlation" -> "{\"x\":" + q(x) + ",\"y\":" + q(y) + ",\"id_filter\":[],\"method\":"
                        + "\"pearson\",\"subsets\":[[\"p0\",\"p1\",\"p2\"],[\"p3\",\"p4\",\"p5\"]],\"categories\":["
                        + q(c) + "]}";
                case "compute-boxplot" -> "{\"features\":[" + q(x) + "," + q(y) + "],\"categories\":[" + q(c)
                        + "],\"id_filter\":[],\"transformation\":\"log2(x)\",\"subsets\":[]}";
                case "compute-histogram" -> "{\"bw_factor\":0.5,\"num_bins\":10,\"id_filter\":[],\"subsets\":[],"
                        + "\"data\":" + q(x) + ",\"categories\":[" + q(c) + "]}";
                case "compute-pca" -> "{\"features\":[" + q(x) + "," + q(y) + "," + q(m) + "],\"categories\":["
                        + q(c) + "],\"whiten\":false,\"id_filter\":[],\"subsets\":[]}";
                case "survival-analysis" -> "{\"durations\":[" + q(x) + "],\"categories\":[" + q(c)
                        + "],\"event_observed\":[" + q(y) + "],\"estimator\":\"KaplanMeier\",\"id_filter\":[],"
                        + "\"subsets\":[]}";
                case "compute-heatmap" -> "{\"numerical_arrays\":[" + q(m) + "],\"numericals\":[],\"categoricals\":[],"
                        + "\"ranking_method\":\"logFC\",\"params\":{},\"id_filter\":[],\"max_rows\":100,\"subsets\":"
                        + "[[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\"],[\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]]}";
                case "compute-volcanoplot" -> "{\"numerical_arrays\":[" + q(m) + "],\"id_filter\":[],\"params\":"
                        + "{\"min_total_row_count\":10},\"ranking_method\":\"limma\",\"subsets\":[[\"0\",\"1\",\"2\","
                        + "\"3\",\"4\",\"5\"],[\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]]}";
                case "compute-cluster" -> "{\"df\":{\"p1\":{\"a\":-1.0,\"b\":0.5},\"p2\":{\"a\":1.0,\"b\":null},"
                        + "\"p3\":{\"a\":0.2,\"b\":0.1}},\"cluster_algo\":\"hclust\",\"options\":{\"method\":"
                        + "\"average\",\"metric\":\"euclidean\",\"n_row_clusters\":2,\"n_col_clusters\":2,"
                        + "\"n_row_centroids\":2,\"n_col_centroids\":2}}";
                case "add_test_task", "div_test_task" -> "{\"a\":1,\"b\":2}";
                case "sum_df_test_task" -> "{\"a\":" + q(x) + "}";
                case "merge_df_task" -> "{\"df_list\":[" + q(x) + "," + q(c) + "]}";
                default -> "{\"ignored\":1}";
            };
            return (ObjectNode) parse(json);
        }

        /** Values specific to the analyses: enumerations, size-like arguments and references. */
        private JsonNode taskHostile(Loaded own, List<String> rawTokens) {
            int k = r.nextInt(12);
            return switch (k) {
                case 0 -> F.textNode(pick("kendall", "spearman", "pearsonx", "", "identity", "10^x", "2^x", "log10(x)",
                        "NelsonAalen", "kmeans", "ward", "centroid", "cosine", "correlation", "chebyshev", "DESeq2",
                        "mean", "median", "variance", "F", "B", "P.Value", "adj.P.Val", "group3.group1", "nope"));
                case 1 -> F.numberNode(pick(List.of(0, 1, -1, 2, 3, 1_000, 100_000)));
                case 2 -> F.numberNode(pick(List.of(Integer.MAX_VALUE, Integer.MIN_VALUE)));
                case 3 -> pick(List.of(F.numberNode(1e308), F.numberNode(-1e308), F.numberNode(1e-320)));
                case 4 -> rawToken(rawTokens, pick("NaN", "Infinity", "-Infinity", "1e400"));
                case 5 -> F.textNode(ref(pick(own.ids())));
                case 6 -> F.textNode(ref(pick(victim.dataIds())));
                case 7 -> F.arrayNode().add(ref(pick(own.ids()))).add(ref(pick(own.ids())));
                case 8 -> F.arrayNode().add(F.arrayNode().add("p0").add("p1")).add(F.arrayNode()).add(
                        F.arrayNode().add("nope"));
                case 9 -> F.textNode("${\"id\":\"" + pick(own.ids()) + "\",\"filters\":" + pick("{}", "null", "[]",
                        "{\"cat_c\":[\"a\"]}", "{\"cat_c\":[]}", "{\"num_x\":[[0,1]]}", "{\"x\":{\"y\":1}}", "1")
                        + "}$");
                case 10 -> F.arrayNode().add("p0").add("p0").add("p999").add(F.nullNode());
                default -> hostile(rawTokens);
            };
        }

        private void statefulAnalytics(List<Req> out, int count) {
            for (int i = 0; i < count; i++) {
                Loaded own = pick(stateful);
                String task = TASKS.get(i % TASKS.size());
                ObjectNode args = argsTemplate(task, own.num1(), own.num2(), own.cat(), own.arr());
                List<String> rawTokens = new ArrayList<>();
                StringBuilder desc = new StringBuilder(task);
                int ops = r.nextInt(4); // 0 = the unmodified valid analysis
                for (int o = 0; o < ops; o++) {
                    List<JsonNode> containers = new ArrayList<>();
                    collect(args, containers);
                    JsonNode c = pick(containers);
                    JsonNode v = taskHostile(own, rawTokens);
                    if (c.isObject() && c.size() > 0) {
                        List<String> names = new ArrayList<>();
                        c.fieldNames().forEachRemaining(names::add);
                        String name = pick(names);
                        if (r.nextInt(6) == 0) {
                            ((ObjectNode) c).remove(name);
                            desc.append(" drop ").append(name);
                        } else {
                            ((ObjectNode) c).set(name, v);
                            desc.append(" ").append(name).append('=').append(shortDesc(v, rawTokens));
                        }
                    } else if (c.isArray() && c.size() > 0) {
                        int idx = r.nextInt(c.size());
                        ((ArrayNode) c).set(idx, v);
                        desc.append(" [").append(idx).append("]=").append(shortDesc(v, rawTokens));
                    }
                }
                ObjectNode body = F.objectNode();
                body.put("task_name", task);
                body.set("args", args);
                String text = body.toString();
                for (int t = 0; t < rawTokens.size(); t++) {
                    text = text.replace("\"@@RAW" + t + "@@\"", rawTokens.get(t));
                }
                out.add(api("stateful-analytics", "POST", "/analytics", own.cookie(), "application/json", utf8(text),
                        shorten(desc.toString(), 120)));
            }
        }

        private String q(String s) {
            return F.textNode(s).toString();
        }

        private JsonNode parse(String json) {
            try {
                return STRICT.readTree(json);
            } catch (Exception e) {
                throw new IllegalStateException(json, e);
            }
        }
    }
}
