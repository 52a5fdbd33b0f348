package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 13 items 2 and 6 through the real REST API of one node: after a load and an analysis, {@code GET /metrics}
 * counts them with the right labels (jobs by kind, plugin and outcome, ETL rows, HTTP requests by route template
 * without ids); the exposure follows {@code org.fractalis.metrics metrics.exposure} (loopback by default: a client on
 * another address gets 403; {@code off} is 404; a value outside the options is refused and changes nothing); every
 * request has an access-log line with its route template, a hash of the session and the request id echoed in
 * {@code X-Request-Id}; every ETL an audit line; neither holds the session id or the token.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends FractalisTestSupport {
    private static final Duration APPLY = Duration.ofSeconds(30);
    private static final String TOKEN = "itest-secret-token-4711";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Configuration
    public Option[] config() {
        // the container logs WARN and above; the access and audit lines are INFO
        return baseConfig(
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisaccess.name",
                        "org.fractalis.access"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisaccess.level",
                        "INFO"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisaudit.name",
                        "org.fractalis.audit"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisaudit.level",
                        "INFO"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalismetrics.name",
                        "org.fractalis.metrics"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalismetrics.level",
                        "INFO"));
    }

    @Test
    public void metricsAccessAndAuditLogAndExposure() throws Exception {
        awaitHttp();
        String before = scrape(base());
        assertTrue(before, before.contains("jvm_memory_used_bytes{area=\"heap\"}"));
        assertTrue(before, before.contains("jvm_threads_current"));
        assertTrue(before, before.contains("fractalis_jobs_running{kind=\"analytics\"} 0.0"));

        // a load (with a token that must never show up in a log) and an analysis, through the REST API
        Browser b = browser();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(row("s" + i, "age", 40 + i));
        }
        Browser.Reply posted = b.post("/data?wait=1", Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", TOKEN), "descriptors", List.of(rows("numerical", "age", rows))));
        assertEquals(posted.toString(), 201, posted.status());
        String id = ids(b).get(0);
        await("ETL done", APPLY, () -> "SUCCESS".equals(dataState(b, id).get("etl_state").asText()));
        Browser.Reply h = analyse(b, "compute-histogram", Map.of("bw_factor", 0.5, "num_bins", 3, "id_filter",
                List.of(), "subsets", List.of(), "data", ref(id), "categories", List.of()));
        assertEquals(h.toString(), "SUCCESS", h.json().get("state").asText());
        String session = b.sessionCookie();
        assertNotNull(session);

        String after = scrape(base());
        assertEquals(1.0, value(after, "fractalis_jobs_total{kind=\"etl\",outcome=\"success\",plugin=\"test\"}")
                - value(before, "fractalis_jobs_total{kind=\"etl\",outcome=\"success\",plugin=\"test\"}"), 0);
        String histogram = "{kind=\"analytics\",outcome=\"success\",plugin=\"compute-histogram\"}";
        assertEquals(1.0, value(after, "fractalis_jobs_total" + histogram)
                - value(before, "fractalis_jobs_total" + histogram), 0);
        assertEquals(1.0, value(after, "fractalis_job_run_seconds_count{kind=\"analytics\",plugin=\"compute-histogram\"}")
                - value(before, "fractalis_job_run_seconds_count{kind=\"analytics\",plugin=\"compute-histogram\"}"), 0);
        assertTrue(after, value(after, "fractalis_job_wait_seconds_count{kind=\"etl\",plugin=\"test\"}") >= 1);
        assertEquals(7.0, value(after, "fractalis_etl_rows_total{handler=\"test\"}")
                - value(before, "fractalis_etl_rows_total{handler=\"test\"}"), 0);
        assertTrue(after, value(after, "fractalis_etl_bytes_total{handler=\"test\"}") > 0);
        assertTrue(after, value(after,
                "fractalis_http_requests_total{method=\"POST\",route=\"/data\",status=\"201\"}") >= 1);
        assertTrue(after, value(after,
                "fractalis_http_requests_total{method=\"GET\",route=\"/analytics/{id}\",status=\"200\"}") >= 1);
        assertTrue(after, value(after,
                "fractalis_http_request_duration_seconds_count{method=\"POST\",route=\"/analytics\"}") >= 1);
        assertTrue(after, value(after, "fractalis_sessions") >= 1);
        assertTrue(after, value(after, "fractalis_store_entries") > 0);
        assertTrue(after, value(after, "fractalis_store_bytes") > 0);
        for (String line : after.split("\n")) {
            assertFalse("an id in a metric: " + line, UUID.matcher(line).find());
        }

        // access log: request id echoed (a sane one kept, another replaced), one line with route and session hash
        HttpResponse<String> given = get("/data", "itest-req-42", session);
        assertEquals(200, given.statusCode());
        assertEquals("itest-req-42", given.headers().firstValue("X-Request-Id").orElse(null));
        HttpResponse<String> bad = get("/data/meta/" + id, "bad id; drop", session);
        String generated = bad.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(generated, generated.matches("[0-9a-f]{16}"));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base() + "/data"))
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", "itest-405"));
        assertEquals("the edge filter's own answers are logged too", 405, refused.statusCode());
        assertEquals("itest-405", refused.headers().firstValue("X-Request-Id").orElse(null));
        String hash = sha12(session);
        String line = awaitLogLine("request=itest-req-42");
        assertTrue(line, line.contains("method=GET route=/data status=200 ms="));
        assertTrue(line, line.contains("session=" + hash));
        line = awaitLogLine("request=" + generated);
        assertTrue(line, line.contains("route=/data/meta/{id} status=200") && line.contains("session=" + hash));
        line = awaitLogLine("request=itest-405");
        assertTrue(line, line.contains("method=OTHER route=/data status=405"));
        line = awaitLogLine("etl handler=test");
        assertTrue(line, line.contains("server=http://test") && line.contains("session=" + hash)
                && line.contains("outcome=success rows=7") && line.matches(".*descriptor=[0-9a-f]{12} .*"));
        String log = karafLog();
        assertFalse("the session id in the log", log.contains(session));
        assertFalse("the token in the log", log.contains(TOKEN));

        // exposure: loopback by default (a client on another address of this machine gets 403) …
        String other = nonLoopbackBase();
        if (other != null) {
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(other + "/metrics")).GET()).statusCode());
        }
        // … off: 404 and nothing counted …
        operator("config:property-set -p org.fractalis.metrics metrics.exposure off");
        awaitWrittenBack("org.fractalis.metrics", "metrics.exposure", "off");
        await("/metrics 404 when off", APPLY, () -> status(base() + "/metrics") == 404);
        // … a value outside the options is refused (WARN in readiness) and the node keeps the last valid one
        operator("config:property-set -p org.fractalis.metrics metrics.exposure everyone");
        awaitWrittenBack("org.fractalis.metrics", "metrics.exposure", "everyone");
        await("metrics.exposure = everyone refused", APPLY, () -> configurationCheck()
                .contains("org.fractalis.metrics: metrics.exposure = 'everyone'"));
        assertEquals(404, status(base() + "/metrics"));
        assertEquals(201, new Browser(base(), null).get("/misc/version").status());
        assertEquals(200, new Browser(base(), null).get("/health/ready").status());
        // … open: every address
        operator("config:property-set -p org.fractalis.metrics metrics.exposure open");
        awaitWrittenBack("org.fractalis.metrics", "metrics.exposure", "open");
        await("/metrics 200 when open", APPLY, () -> status(base() + "/metrics") == 200);
        if (other != null) {
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(other + "/metrics")).GET()).statusCode());
        }
        String open = scrape(base());
        assertEquals("nothing was counted while off; the metrics component: " + String.join(" / ",
                karafLog().lines().filter(l -> l.contains("Metrics exposure")).toList()),
                value(after, "fractalis_jobs_total" + histogram), value(open, "fractalis_jobs_total" + histogram), 0);
    }

    // ----- helpers

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(String path, String requestId, String session) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().header("X-Request-Id", requestId)
                .header("Cookie", "session=" + session));
    }

    private static int status(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET()).statusCode();
    }

    private static String scrape(String base) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET());
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    /** The value of one series (name and labels exactly as written), 0 when it is not there yet. */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String configurationCheck() {
        Browser.Reply r = new Browser(base(), null).get("/health/ready");
        for (JsonNode c : r.json().get("checks")) {
            if (c.get("name").asText().equals("configuration")) {
                return c.get("status").asText() + " " + c.get("message").asText();
            }
        }
        return "";
    }

    /** The node's base URL on a non-loopback address of this machine, or null when it has none. */
    private static String nonLoopbackBase() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    String url = "http://" + a.getHostAddress() + ":" + System.getProperty(PORT_PROPERTY);
                    try {
                        send(HttpRequest.newBuilder(URI.create(url + "/health/live")).GET());
                        return url;
                    } catch (AssertionError e) {
                        return null; // the node listens on loopback only
                    }
                }
            }
        }
        return null;
    }

    private static String sha12(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            hex.append(String.format("%02x", d[i]));
        }
        return hex.toString();
    }

    /** The first log line containing the text, once it is written (the log is flushed asynchronously). */
    private static String awaitLogLine(String text) {
        String[] found = {null};
        await("log line with " + text, APPLY, () -> {
            for (String l : karafLog().split("\n")) {
                if (l.contains(text)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        assertNotEquals(null, found[0]);
        return found[0];
    }
}
