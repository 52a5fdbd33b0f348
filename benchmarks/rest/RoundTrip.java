import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency benchmark of a running Fractalis node: the round trip of a trivial analytics task on the embedded
 * queue, next to the plain HTTP round trip of {@code GET /misc/version} measured in the same run.
 *
 * <p>Run from source (no build, JDK 17): {@code java benchmarks/rest/RoundTrip.java --url http://127.0.0.1:5000}.
 * The node must have the test tasks ({@code add_test_task}) installed.
 *
 * <p>Operations measured, each timed from the first byte sent to the last byte of the final response:
 * <ul>
 * <li>{@code version}: one {@code GET /misc/version} (the reference: servlet, cookie, Jersey, no queue);</li>
 * <li>{@code poll}: {@code POST /analytics} then {@code GET /analytics/{id}} in a tight loop (no pause) until
 * SUCCESS;</li>
 * <li>{@code wait}: {@code POST /analytics} then {@code GET /analytics/{id}?wait=1} (blocks until it ends);</li>
 * <li>{@code get}: one {@code GET /analytics/{id}} of a finished task (the poll on its own);</li>
 * <li>{@code submit}: one {@code POST /analytics} on its own (the task runs in the background).</li>
 * </ul>
 * The kinds are interleaved in blocks (all clients run the same kind at the same time, separated by a barrier),
 * so slow phases of the shared machine hit every kind alike and the ratios stay meaningful.
 *
 * <p>The HTTP client is a minimal HTTP/1.1 keep-alive client on a plain socket (one connection per client
 * thread, TCP_NODELAY), so that its own cost is small and the same for every kind.
 */
public final class RoundTrip {

    private static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern DATA_STATE = Pattern.compile("\\{\"task_id\"\\s*:\\s*\"([^\"]+)\"\\s*,"
            + "\\s*\"label\"\\s*:\\s*\"([^\"]*)\"[^}]*?\"etl_state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\"?\\{\\{([^}]+)\\}\\}\"?");
    private static final String TASK_BODY = "{\"task_name\":\"add_test_task\",\"args\":{\"a\":1,\"b\":2}}";

    private RoundTrip() {
    }

    // ------------------------------------------------------------------ options

    static final class Options {
        String host = "127.0.0.1";
        int port = 5000;
        int samples = 2000; // measured operations per kind and concurrency level (over all clients)
        int warmup = 500; // per kind, per client
        int blocks = 10; // interleaving blocks
        int[] clients = {1, 4};
        List<String> kinds = List.of("version", "poll", "wait", "get", "submit");
        int sessionTasks = 20; // a client starts a new session after this many tasks (keeps sessions realistic)
        int growth = 2000; // tasks in one session for the session-size check (0 = skip)
        String tsv; // optional: also write machine-readable rows here
        long[] pids = {}; // optional: the node JVM(s), for their CPU time per operation (Linux /proc)
        // throughput mode (--throughput SECONDS): clients load data once per session, then submit a task and
        // poll it until it has ended, again and again
        double throughput; // measured seconds (0 = latency mode)
        double throughputWarmup = 5; // unrecorded seconds before that
        String load; // POST /data body (once per client session)
        String task; // POST /analytics body; "{{label}}" stands for the reference of the loaded variable "label"
        int pollMillis = 5; // pause between two polls of a running task
        String label = "throughput"; // first column of the --tsv row
        long[] otherPids = {}; // processes whose CPU is reported separately (e.g. Redis, RabbitMQ)

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--url" -> {
                        URI u = URI.create(v);
                        o.host = u.getHost();
                        o.port = u.getPort() < 0 ? 80 : u.getPort();
                        i++;
                    }
                    case "--samples" -> { o.samples = Integer.parseInt(v); i++; }
                    case "--warmup" -> { o.warmup = Integer.parseInt(v); i++; }
                    case "--blocks" -> { o.blocks = Integer.parseInt(v); i++; }
                    case "--clients" -> {
                        o.clients = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                        i++;
                    }
                    case "--kinds" -> { o.kinds = List.of(v.split(",")); i++; }
                    case "--session-tasks" -> { o.sessionTasks = Integer.parseInt(v); i++; }
                    case "--growth" -> { o.growth = Integer.parseInt(v); i++; }
                    case "--tsv" -> { o.tsv = v; i++; }
                    case "--pid" -> {
                        o.pids = Arrays.stream(v.split(",")).filter(x -> !x.isBlank()).mapToLong(Long::parseLong)
                                .toArray();
                        i++;
                    }
                    case "--throughput" -> { o.throughput = Double.parseDouble(v); i++; }
                    case "--throughput-warmup" -> { o.throughputWarmup = Double.parseDouble(v); i++; }
                    case "--load" -> { o.load = v; i++; }
                    case "--task" -> { o.task = v; i++; }
                    case "--poll-ms" -> { o.pollMillis = Integer.parseInt(v); i++; }
                    case "--label" -> { o.label = v; i++; }
                    case "--other-pids" -> {
                        o.otherPids = Arrays.stream(v.split("[, ]+")).filter(x -> !x.isBlank())
                                .mapToLong(Long::parseLong).toArray();
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            return o;
        }

        static String usage() {
            return "usage: java RoundTrip.java --url http://127.0.0.1:PORT [--samples 2000] [--warmup 500] "
                    + "[--blocks 10] [--clients 1,4] [--kinds version,poll,wait,get,submit] [--session-tasks 20] "
                    + "[--growth 2000] [--tsv FILE] [--pid NODE_PID[,PID...]]\n"
                    + "   or: java RoundTrip.java --url URL --throughput SECONDS [--throughput-warmup 5] --clients 8 "
                    + "--load POST_DATA_JSON --task POST_ANALYTICS_JSON_WITH_{{label}} [--poll-ms 5] [--label L] "
                    + "[--tsv FILE] [--pid PID,...] [--other-pids PID,...]";
        }
    }

    // ------------------------------------------------------------------ HTTP client

    /** A response: status, body and the number of HTTP requests it took (polls). */
    record Reply(int status, String body) {
    }

    /** One keep-alive connection with its own session cookie. Not thread-safe: one per client thread. */
    static final class Client implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private String cookie;
        private int tasksInSession;
        private String lastTask;

        Client(String host, int port) {
            this.host = host;
            this.port = port;
        }

        void newSession() {
            cookie = null;
            tasksInSession = 0;
        }

        private void connect() throws IOException {
            close();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        Reply get(String path) throws IOException {
            return send("GET", path, null);
        }

        Reply post(String path, String json) throws IOException {
            return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
        }

        Reply delete(String path) throws IOException {
            return send("DELETE", path, null);
        }

        Reply send(String method, String path, byte[] body) throws IOException {
            StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                    .append("\r\nAccept: application/json, text/plain, */*\r\n");
            if (cookie != null) {
                h.append("Cookie: session=").append(cookie).append("\r\n");
            }
            if (body != null) {
                h.append("Content-Type: application/json;charset=utf-8\r\nContent-Length: ").append(body.length)
                        .append("\r\n");
            }
            h.append("\r\n");
            byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            for (int attempt = 0; ; attempt++) {
                try {
                    if (socket == null) {
                        connect();
                    }
                    if (body == null) {
                        out.write(head);
                    } else {
                        byte[] all = Arrays.copyOf(head, head.length + body.length);
                        System.arraycopy(body, 0, all, head.length, body.length);
                        out.write(all);
                    }
                    out.flush();
                    return read();
                } catch (IOException e) {
                    close(); // a stale keep-alive connection: reconnect once
                    if (attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        private Reply read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int c = l.indexOf(':');
                String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "set-cookie" -> {
                        if (value.startsWith("session=")) {
                            int end = value.indexOf(';');
                            cookie = value.substring(8, end < 0 ? value.length() : end);
                        }
                    }
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
                    b.write(in.readNBytes(n));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                body = b.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Reply(code, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // ignore
                }
            }
            socket = null;
        }

        // -------------------------------------------------------------- operations

        /** Moves to a new session after sessionTasks tasks (not timed: called before the clock starts). */
        void prepare(int sessionTasks) throws IOException {
            if (tasksInSession >= sessionTasks) {
                newSession();
            }
            if (cookie == null) {
                expect(get("/misc/version"), 201, "GET /misc/version"); // obtain a session first
            }
        }

        /** Starts add_test_task in this client's session. */
        String submit() throws IOException {
            Reply r = post("/analytics", TASK_BODY);
            expect(r, 201, "POST /analytics");
            Matcher m = TASK_ID.matcher(r.body());
            if (!m.find()) {
                throw new IOException("no task_id in " + r.body());
            }
            tasksInSession++;
            lastTask = m.group(1);
            return lastTask;
        }

        /** Polls (no pause) until the task has ended; returns the number of GETs. */
        int pollUntilDone(String id, boolean wait) throws IOException {
            String path = "/analytics/" + id + (wait ? "?wait=1" : "");
            for (int n = 1; ; n++) {
                Reply r = get(path);
                expect(r, 200, "GET " + path);
                Matcher m = STATE.matcher(r.body());
                String state = m.find() ? m.group(1) : "?";
                if ("SUCCESS".equals(state)) {
                    return n;
                }
                if (!"SUBMITTED".equals(state)) {
                    throw new IOException("task " + id + " ended as " + state + ": " + r.body());
                }
                if (n > 1_000_000) {
                    throw new IOException("task " + id + " still SUBMITTED after " + n + " polls");
                }
            }
        }

        /** Polls with a pause of {@code pauseMillis} before each GET until the task has ended; its final state. */
        Reply pollPaced(String id, int pauseMillis) throws IOException, InterruptedException {
            String path = "/analytics/" + id;
            for (int n = 1; ; n++) {
                Thread.sleep(pauseMillis);
                Reply r = get(path);
                expect(r, 200, "GET " + path);
                Matcher m = STATE.matcher(r.body());
                if (!m.find() || !"SUBMITTED".equals(m.group(1)) || n > 1_000_000) {
                    return r;
                }
            }
        }

        /**
         * Starts a new session and loads the variables of {@code body} into it (POST /data?wait=1, untimed);
         * returns label → data task id of the variables that loaded.
         */
        Map<String, String> loadSession(String body) throws IOException {
            newSession();
            expect(get("/misc/version"), 201, "GET /misc/version");
            expect(post("/data?wait=1", body), 201, "POST /data");
            Map<String, String> ids = new LinkedHashMap<>();
            for (int attempt = 0; attempt < 10; attempt++) {
                Reply r = get("/data?wait=1");
                expect(r, 200, "GET /data");
                Matcher m = DATA_STATE.matcher(r.body());
                boolean pending = false;
                ids.clear();
                while (m.find()) {
                    switch (m.group(3)) {
                        case "SUCCESS" -> ids.put(m.group(2), m.group(1));
                        case "SUBMITTED" -> pending = true;
                        default -> throw new IOException("loading " + m.group(2) + " ended as " + m.group(3) + ": "
                                + r.body());
                    }
                }
                if (!pending) {
                    return ids;
                }
            }
            throw new IOException("data still loading after 10 waits");
        }

        static void expect(Reply r, int status, String what) throws IOException {
            if (r.status() != status) {
                throw new IOException(what + " answered " + r.status() + " (expected " + status + "): " + r.body());
            }
        }
    }

    // ------------------------------------------------------------------ measurement

    /** Samples of one kind at one concurrency level (nanoseconds), plus GET counts of the poll kind. */
    static final class Series {
        final long[] nanos;
        final long[] polls;
        int n;
        long cpuNanos = -1; // node CPU time spent in this kind's blocks (-1 = unknown)

        Series(int capacity) {
            nanos = new long[capacity];
            polls = new long[capacity];
        }

        synchronized void add(long ns, long pollCount) {
            nanos[n] = ns;
            polls[n] = pollCount;
            n++;
        }

        double pct(double p) {
            long[] s = Arrays.copyOf(nanos, n);
            Arrays.sort(s);
            int rank = (int) Math.ceil(p / 100.0 * n); // nearest rank
            return s[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
        }

        double mean() {
            return Arrays.stream(nanos, 0, n).average().orElse(Double.NaN) / 1e6;
        }

        double meanPolls() {
            return Arrays.stream(polls, 0, n).average().orElse(Double.NaN);
        }

        /** Node CPU microseconds per operation, NaN if unknown. */
        double cpuMicros() {
            return cpuNanos < 0 || n == 0 ? Double.NaN : cpuNanos / 1e3 / n;
        }

        long maxPolls() {
            return Arrays.stream(polls, 0, n).max().orElse(0);
        }
    }

    /**
     * Runs one operation of the given kind; returns the number of GET polls (1 for single requests). "version"
     * and "get" use the fixed client (whose session owns the finished task), "poll" and "wait" the task client.
     */
    static long once(Client fixed, Client tasks, String kind, String finishedId, Options o) throws IOException {
        switch (kind) {
            case "version" -> {
                Client.expect(fixed.get("/misc/version"), 201, "GET /misc/version");
                return 1;
            }
            case "get" -> {
                Client.expect(fixed.get("/analytics/" + finishedId), 200, "GET /analytics/{id}");
                return 1;
            }
            case "poll" -> {
                return tasks.pollUntilDone(tasks.submit(), false);
            }
            case "wait" -> {
                return tasks.pollUntilDone(tasks.submit(), true);
            }
            case "submit" -> {
                tasks.submit();
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** Measures every kind at one concurrency level, interleaved in blocks. */
    static Map<String, Series> measure(Options o, int clients) throws Exception {
        Map<String, Series> series = new LinkedHashMap<>();
        for (String k : o.kinds) {
            series.put(k, new Series(o.samples + clients * o.blocks));
        }
        int perBlock = Math.max(1, (int) Math.ceil((double) o.samples / (clients * o.blocks)));
        // The barrier action runs between two blocks, when every client has finished the previous one: the node's
        // CPU time since the last trip belongs to the previous block's kind.
        int[] trips = {0};
        long[] lastCpu = {nodeCpuNanos(o.pids)};
        CyclicBarrier barrier = new CyclicBarrier(clients, () -> {
            long now = nodeCpuNanos(o.pids);
            int t = trips[0]++;
            if (t > 0 && now >= 0 && lastCpu[0] >= 0) {
                Series prev = series.get(o.kinds.get((t - 1) % o.kinds.size()));
                prev.cpuNanos = Math.max(0, prev.cpuNanos) + (now - lastCpu[0]);
            }
            lastCpu[0] = now;
        });
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < clients; t++) {
            Thread th = new Thread(() -> {
                try (Client fixed = new Client(o.host, o.port); Client tasks = new Client(o.host, o.port)) {
                    // a finished task of the fixed client's session, polled by the "get" kind
                    String finished = fixed.submit();
                    fixed.pollUntilDone(finished, true);
                    for (String k : o.kinds) { // warm-up, not recorded
                        for (int i = 0; i < o.warmup; i++) {
                            tasks.prepare(o.sessionTasks);
                            once(fixed, tasks, k, finished, o);
                        }
                    }
                    for (int b = 0; b < o.blocks; b++) {
                        for (String k : o.kinds) {
                            barrier.await();
                            Series s = series.get(k);
                            for (int i = 0; i < perBlock; i++) {
                                tasks.prepare(o.sessionTasks);
                                long t0 = System.nanoTime();
                                long polls = once(fixed, tasks, k, finished, o);
                                s.add(System.nanoTime() - t0, polls);
                            }
                            if (k.equals("submit") && tasks.lastTask != null) {
                                // let the background tasks end inside this block's CPU account (not timed)
                                tasks.pollUntilDone(tasks.lastTask, true);
                            }
                        }
                    }
                    barrier.await(); // closes the last block's CPU account
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                    barrier.reset();
                }
            }, "client-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure[0] != null) {
            throw new RuntimeException("client failed: " + failure[0], failure[0]);
        }
        return series;
    }

    /** CPU time of all threads of the process (ns, the sum over /proc/PID/task/TID/schedstat), or -1 if unavailable. */
    static long nodeCpuNanos(long[] pids) {
        if (pids.length == 0) {
            return -1;
        }
        long sum = 0;
        for (long pid : pids) {
            long one = nodeCpuNanos(pid);
            if (one < 0) {
                return -1;
            }
            sum += one;
        }
        return sum;
    }

    /** CPU time of all threads of one process (ns), or -1 if unavailable. */
    static long nodeCpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        long sum = 0;
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return -1;
        }
        for (java.io.File t : tasks) {
            try {
                String st = java.nio.file.Files.readString(new java.io.File(t, "schedstat").toPath());
                sum += Long.parseLong(st.substring(0, st.indexOf(' ')));
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ session size check

    /**
     * GET /analytics/{id} latency of a finished task in a session that holds one task, and in a session that
     * holds {@code n} tasks (interleaved), to show how the per-request session cost grows.
     */
    static double[] sessionGrowth(Options o) throws IOException {
        try (Client small = new Client(o.host, o.port); Client big = new Client(o.host, o.port)) {
            String smallId = small.submit();
            small.pollUntilDone(smallId, true);
            String bigId = null;
            for (int i = 0; i < o.growth; i++) {
                bigId = big.submit();
            }
            big.pollUntilDone(bigId, true);
            int rounds = 10;
            int per = 100;
            Series s = new Series(rounds * per);
            Series g = new Series(rounds * per);
            for (int i = 0; i < 200; i++) { // warm-up
                small.get("/analytics/" + smallId);
                big.get("/analytics/" + bigId);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < per; i++) {
                    long t0 = System.nanoTime();
                    Client.expect(small.get("/analytics/" + smallId), 200, "GET small");
                    s.add(System.nanoTime() - t0, 1);
                }
                for (int i = 0; i < per; i++) {
                    long t0 = System.nanoTime();
                    Client.expect(big.get("/analytics/" + bigId), 200, "GET big");
                    g.add(System.nanoTime() - t0, 1);
                }
            }
            return new double[] {s.pct(50), g.pct(50), s.pct(90), g.pct(90)};
        }
    }

    // ------------------------------------------------------------------ throughput

    /**
     * The task body with each {{label}} (or "{{label}}", so that the template is valid JSON) replaced by the JSON
     * string of the data reference $<{id, filters}>$ of the loaded variable with that label.
     */
    static String bind(String template, Map<String, String> ids) throws IOException {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String id = ids.get(m.group(1));
            if (id == null) {
                throw new IOException("no loaded variable labelled '" + m.group(1) + "' (loaded: " + ids.keySet() + ")");
            }
            m.appendReplacement(b, Matcher.quoteReplacement("\"${\\\"id\\\":\\\"" + id
                    + "\\\",\\\"filters\\\":{}}$\""));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Closed-loop throughput: every client loads the variables into its own session once, then submits the task
     * and polls it (pausing {@code --poll-ms} before each GET) until it has ended, in a loop. Counts the jobs that
     * ended within the measured window, after an unrecorded warm-up; latency = submit to the poll that saw the end.
     */
    static void throughput(Options o, StringBuilder tsv) throws Exception {
        int clients = o.clients[0];
        long warmNs = (long) (o.throughputWarmup * 1e9);
        long measureNs = (long) (o.throughput * 1e9);
        long[] window = new long[2];
        // the barrier action runs before any party is released: every client sees the window
        CyclicBarrier ready = new CyclicBarrier(clients + 1, () -> {
            window[0] = System.nanoTime() + warmNs;
            window[1] = window[0] + measureNs;
        });
        Series s = new Series(1 << 20);
        int[] failures = {0};
        String[] firstFailure = {null};
        Throwable[] error = {null};
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Thread th = new Thread(() -> {
                try (Client c = new Client(o.host, o.port)) {
                    String body = bind(o.task, c.loadSession(o.load));
                    ready.await();
                    long from = window[0];
                    long to = window[1];
                    while (System.nanoTime() < to) {
                        long t0 = System.nanoTime();
                        Reply r = c.post("/analytics", body);
                        Client.expect(r, 201, "POST /analytics");
                        Matcher m = TASK_ID.matcher(r.body());
                        if (!m.find()) {
                            throw new IOException("no task_id in " + r.body());
                        }
                        Reply end = c.pollPaced(m.group(1), o.pollMillis);
                        long t1 = System.nanoTime();
                        boolean ok = end.body().contains("\"SUCCESS\"");
                        if (t1 >= from && t1 <= to) {
                            if (ok) {
                                s.add(t1 - t0, 1);
                            } else {
                                synchronized (failures) {
                                    failures[0]++;
                                    if (firstFailure[0] == null) {
                                        firstFailure[0] = end.body().substring(0, Math.min(300, end.body().length()));
                                    }
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (error) {
                        if (error[0] == null) {
                            error[0] = e;
                        }
                    }
                    ready.reset();
                }
            }, "tp-client-" + t);
            threads.add(th);
            th.start();
        }
        try {
            ready.await(); // every session has its data
        } catch (java.util.concurrent.BrokenBarrierException e) {
            for (Thread th : threads) {
                th.join();
            }
            throw new RuntimeException("client failed: " + error[0], error[0]);
        }
        sleepUntil(window[0]);
        long[] each0 = Arrays.stream(o.pids).map(RoundTrip::nodeCpuNanos).toArray();
        long other0 = nodeCpuNanos(o.otherPids);
        long own0 = ownCpuNanos();
        sleepUntil(window[1]);
        long[] each1 = Arrays.stream(o.pids).map(RoundTrip::nodeCpuNanos).toArray();
        long other1 = nodeCpuNanos(o.otherPids);
        double ownSeconds = (ownCpuNanos() - own0) / 1e9;
        long cpu0 = o.pids.length == 0 || Arrays.stream(each0).anyMatch(x -> x < 0) ? -1 : Arrays.stream(each0).sum();
        long cpu1 = o.pids.length == 0 || Arrays.stream(each1).anyMatch(x -> x < 0) ? -1 : Arrays.stream(each1).sum();
        StringBuilder perPid = new StringBuilder(); // CPU seconds of each --pid within the window
        for (int i = 0; i < o.pids.length; i++) {
            perPid.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", (each1[i] - each0[i]) / 1e9));
        }
        double otherSeconds = other0 < 0 || other1 < 0 ? Double.NaN : (other1 - other0) / 1e9;
        for (Thread th : threads) {
            th.join();
        }
        if (error[0] != null) {
            throw new RuntimeException("client failed: " + error[0], error[0]);
        }
        double seconds = measureNs / 1e9;
        double perSecond = s.n / seconds;
        double cpuMsPerJob = cpu0 < 0 || cpu1 < 0 || s.n == 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / s.n;
        double cores = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / (double) measureNs;
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.1f | %.2f | %.1f |%n",
                o.label, clients, s.n, perSecond, s.pct(50), s.pct(90), s.pct(99), s.mean(), failures[0],
                cpuMsPerJob, cores, ownSeconds);
        if (firstFailure[0] != null) {
            System.out.println("first failed job: " + firstFailure[0]);
        }
        tsv.append(String.format(Locale.ROOT,
                "tp\t%s\t%d\t%d\t%.1f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%.3f\t%.3f\t%.2f\t%s\t%.2f%n", o.label, clients,
                s.n, seconds, perSecond, s.pct(50), s.pct(90), s.pct(99), s.mean(), failures[0], cpuMsPerJob, cores,
                ownSeconds, perPid, otherSeconds));
    }

    /** CPU time of this process (the load generator), ns. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        StringBuilder tsv = new StringBuilder();
        if (o.throughput > 0) {
            if (o.load == null || o.task == null) {
                throw new IllegalArgumentException("--throughput needs --load and --task\n" + Options.usage());
            }
            throughput(o, tsv);
            if (o.tsv != null) { // appended: one row per run
                java.nio.file.Files.writeString(java.nio.file.Path.of(o.tsv), tsv.toString(),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            return;
        }
        System.out.printf(Locale.ROOT, "Round trips against http://%s:%d (%d samples per kind, warm-up %d per "
                + "client and kind, %d interleaved blocks, new session every %d tasks)%n", o.host, o.port, o.samples,
                o.warmup, o.blocks, o.sessionTasks);
        System.out.println();
        System.out.println("| clients | kind | n | p50 ms | p90 ms | p99 ms | mean ms | GETs/round trip (mean, max) "
                + "| p50 / version p50 | node CPU µs/op | CPU / version CPU |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int clients : o.clients) {
            Map<String, Series> res = measure(o, clients);
            Series ref = res.get("version");
            for (Map.Entry<String, Series> e : res.entrySet()) {
                Series s = e.getValue();
                double ratio = ref == null ? Double.NaN : s.pct(50) / ref.pct(50);
                String polls = e.getKey().equals("poll") || e.getKey().equals("wait")
                        ? String.format(Locale.ROOT, "%.1f, %d", s.meanPolls(), s.maxPolls()) : "1";
                double cpuRatio = ref == null ? Double.NaN : s.cpuMicros() / ref.cpuMicros();
                System.out.printf(Locale.ROOT, "| %d | %s | %d | %.3f | %.3f | %.3f | %.3f | %s | %.2f | %.0f | %.2f |%n",
                        clients, e.getKey(), s.n, s.pct(50), s.pct(90), s.pct(99), s.mean(), polls, ratio,
                        s.cpuMicros(), cpuRatio);
                tsv.append(String.format(Locale.ROOT,
                        "rt\t%d\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f\t%.4f\t%.1f\t%.4f%n", clients, e.getKey(), s.n,
                        s.pct(50), s.pct(90), s.pct(99), s.mean(), s.meanPolls(), ratio, s.cpuMicros(), cpuRatio));
            }
        }
        if (o.growth > 0) {
            double[] g = sessionGrowth(o);
            System.out.println();
            System.out.printf(Locale.ROOT, "Session size: GET /analytics/{id} (finished task) p50 %.3f ms with 1 task "
                    + "in the session, %.3f ms with %d tasks (ratio %.2f); p90 %.3f vs %.3f ms%n", g[0], g[1],
                    o.growth, g[1] / g[0], g[2], g[3]);
            tsv.append(String.format(Locale.ROOT, "growth\t%d\t%.4f\t%.4f\t%.4f%n", o.growth, g[0], g[1], g[1] / g[0]));
        }
        if (o.tsv != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(o.tsv), tsv.toString());
        }
    }
}
