package org.fractalis.itests;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node started as an operator starts one: {@code ./run} of the checkout under test, in a separate process with
 * its own port and instance directory (the build under test is used as it is: {@code FRACTALIS_SKIP_BUILD=1}).
 * The instance directory outlives {@link #stop()}, so a node can be restarted on the same instance.
 */
final class RunNode {
    static final Duration BOOT = Duration.ofMinutes(5);
    static final File ROOT = new File(System.getProperty("user.dir")).getParentFile();
    static final File WORK = new File(System.getProperty("fractalis.buildDirectory", "target"), "nodes");

    final String name;
    final int port;
    final File instance;
    final Map<String, String> env;
    private Process process;

    /** A node named {@code name} (its instance directory under target/nodes, emptied first) with this environment. */
    RunNode(String name, Map<String, String> env) throws IOException {
        this.name = name;
        this.port = freePort();
        this.instance = new File(WORK, name);
        this.env = new HashMap<>(env);
        delete(instance.toPath());
        Files.createDirectories(instance.toPath());
    }

    RunNode start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new File(ROOT, "run").getPath()).directory(ROOT)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(WORK, name + ".out")));
        Map<String, String> e = pb.environment();
        e.put("FRACTALIS_HTTP_PORT", Integer.toString(port));
        e.put("FRACTALIS_INSTANCE_DIR", instance.getPath());
        e.put("FRACTALIS_SKIP_BUILD", "1");
        e.putAll(env);
        process = pb.start();
        return this;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until the REST API answers (fails early if the process died). */
    RunNode awaitUp() {
        Browser probe = new Browser(base(), null);
        Await.until(name + " serving HTTP", BOOT, () -> {
            assertTrue(name + " died, see target/nodes/" + name + ".out", alive());
            try {
                return probe.get("/misc/version").status() == 201;
            } catch (AssertionError e) {
                return false;
            }
        });
        return this;
    }

    /** SIGTERM (a clean Karaf shutdown), SIGKILL after a minute. */
    void stop() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** {@code kill -9} of the node's JVM and of the script that started it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
