package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GET /health/live and GET /health/ready of a single node (fractalis-health on Felix Health Checks), and the shell's
 * fractalis:health: ready with every check listed; not ready, naming the failing check, while the job queue is gone,
 * a plugin bundle is stopped or a configuration value is refused; ready again once that is undone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends FractalisTestSupport {
    private static final Set<String> CHECKS = Set.of("store", "queue", "worker-pool", "role", "plugins",
            "configuration", "web-elements");
    private static final Duration FLIP = Duration.ofSeconds(30);
    private static final String QUEUE = "org.fractalis.core.internal.queue.EmbeddedJobQueue";

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    private static Browser probe() {
        return new Browser(base(), null);
    }

    /** The checks of one /health/ready answer by name. */
    private static Map<String, JsonNode> checks(Browser.Reply r) {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode c : r.json().get("checks")) {
            byName.put(c.get("name").asText(), c);
        }
        return byName;
    }

    /** Polls /health/ready until it answers the status (and the check, if named, has the status); returns it. */
    private static Browser.Reply awaitReady(int status, String check, String checkStatus) {
        Browser b = probe();
        Browser.Reply[] last = new Browser.Reply[1];
        try {
            await("/health/ready " + status + (check == null ? "" : " with " + check + " " + checkStatus), FLIP,
                    () -> {
                        last[0] = b.get("/health/ready");
                        return last[0].status() == status && (check == null
                                || checkStatus.equals(checks(last[0]).get(check).get("status").asText()));
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    @Test
    public void liveAndReadyWithEveryCheck() throws Exception {
        awaitHttp();
        Browser.Reply live = probe().get("/health/live");
        assertEquals(live.toString(), 200, live.status());
        assertEquals("OK", live.json().get("status").asText());

        Browser.Reply ready = awaitReady(200, null, null);
        assertTrue(ready.header("Content-Type").startsWith("application/json"));
        Map<String, JsonNode> checks = checks(ready);
        assertEquals(ready.toString(), CHECKS, checks.keySet());
        for (JsonNode c : checks.values()) {
            // WARN is ready too (e.g. a configuration value held back while the component keeps its last valid one)
            assertTrue(ready.toString(), Set.of("OK", "WARN").contains(c.get("status").asText()));
            assertTrue(c.toString(), !c.get("message").asText().isBlank());
            assertTrue(c.toString(), c.get("duration_ms").asLong() >= 0);
        }
        // the embedded queue's own pool (ETL + analytics threads) is what the worker-pool check counts
        assertTrue(checks.get("worker-pool").toString(),
                checks.get("worker-pool").get("message").asText().matches("(\\d+) of \\1 job threads alive.*"));
        assertTrue(checks.get("role").toString(), checks.get("role").get("message").asText().contains("worker"));
        // the HTTP runtime's DTO lists what it serves: the REST and health servlets, the edge and access filters,
        // the demo page; none of them had to be registered again
        java.util.regex.Matcher served = java.util.regex.Pattern.compile("(\\d+) Fractalis servlets and filters served.")
                .matcher(checks.get("web-elements").get("message").asText());
        assertTrue(checks.get("web-elements").toString(), served.matches() && Integer.parseInt(served.group(1)) >= 4);
        // a repair is what the check is for only when Pax Web lost the element (it says so); any other repair means
        // the check took an element on its way in for a lost one
        String log = karafLog();
        for (String line : log.split("\n")) {
            if (line.contains("registering it again")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("does not serve (\\S+) of").matcher(line);
                assertTrue(line, m.find() && log.lines().anyMatch(l -> l.contains(
                        "No matching target context(s) for Whiteboard element") && l.contains(m.group(1))));
            }
        }

        String shell = shell("fractalis:health");
        assertTrue(shell, shell.contains("worker-pool") && shell.contains("Ready (" + ready.json().get("status").asText()
                + ", 7 checks)"));
    }

    @Test
    public void aMissingQueueMakesTheNodeNotReadyUntilItIsBack() throws Exception {
        awaitHttp();
        awaitReady(200, null, null);
        shell("scr:disable " + QUEUE);
        try {
            Browser.Reply down = awaitReady(503, "queue", "CRITICAL");
            assertEquals("CRITICAL", down.json().get("status").asText());
            assertTrue(down.toString(), checks(down).get("queue").get("message").asText().contains("No job queue"));
            // core and the worker wait for the queue: the role check (its result cached up to 2 s) names what does
            // not run, and why
            Browser.Reply roles = awaitReady(503, "role", "CRITICAL");
            String role = checks(roles).get("role").get("message").asText();
            assertTrue(role, role.contains("Worker: UNSATISFIED_REFERENCE (missing ") && role.contains("queue"));
            assertEquals(200, probe().get("/health/live").status());
            String shell = shell("fractalis:health");
            assertTrue(shell, shell.contains("Not ready (CRITICAL"));
        } finally {
            shell("scr:enable " + QUEUE);
        }
        awaitReady(200, null, null);
        // and the node works again
        awaitHttp();
        Browser b = browser();
        String id = load(b, java.util.List.of(rows("numerical", "x", java.util.List.of(row("p1", "x", 1.0))))).get(0);
        assertEquals("SUCCESS", dataState(b, id).get("etl_state").asText());
    }

    @Test
    public void aStoppedPluginIsNamed() throws Exception {
        awaitHttp();
        awaitReady(200, null, null);
        Bundle demo = null;
        for (Bundle bundle : bundleContext.getBundles()) {
            if ("fractalis-connector-demo".equals(bundle.getSymbolicName())) {
                demo = bundle;
            }
        }
        assertTrue("the demo connector is installed", demo != null);
        demo.stop();
        try {
            Browser.Reply down = awaitReady(503, "plugins", "CRITICAL");
            String m = checks(down).get("plugins").get("message").asText();
            assertTrue(m, m.contains("fractalis-connector-demo (RESOLVED)"));
        } finally {
            demo.start();
        }
        awaitReady(200, null, null);
    }

    @Test
    public void aRefusedConfigurationValueShows() throws Exception {
        awaitHttp();
        awaitReady(200, null, null);
        // core refuses to encrypt the cache without a secret: its activation fails with that message. Edited as an
        // operator would, in etc/ (the config:* commands need the manager role).
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.fractalis.core.cfg");
        String original = Files.readString(cfg);
        Files.writeString(cfg, original + "\nencrypt.cache = true\n");
        try {
            // either core's activation fails (CRITICAL, 503) or the configuration plugin holds the value back while
            // core keeps its last valid one (WARN, still ready): either way the check names the refused value
            Browser b = probe();
            Browser.Reply[] last = new Browser.Reply[1];
            await("configuration check names encrypt.cache", FLIP, () -> {
                last[0] = b.get("/health/ready");
                JsonNode c = checks(last[0]).get("configuration");
                return !"OK".equals(c.get("status").asText()) && c.get("message").asText().contains("encrypt.cache");
            });
            String status = checks(last[0]).get("configuration").get("status").asText();
            assertEquals(last[0].toString(), "CRITICAL".equals(status) ? 503 : 200, last[0].status());
        } finally {
            Files.writeString(cfg, original);
        }
        awaitReady(200, null, null);
    }
}
