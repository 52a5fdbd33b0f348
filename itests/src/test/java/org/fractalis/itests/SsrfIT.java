package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fractalis.testkit.fakes.FakeAda;
import org.fractalis.testkit.fakes.FakePicSure;
import org.fractalis.testkit.fakes.FakeTransmart;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 10, finding 4 (server-side request forgery) on a booted node with the shipped defaults: ada, transmart
 * and pic-sure refuse a source on loopback (a fake in the container) or at the cloud metadata address with a
 * clear 400 or FAILURE that names the rule, and no request reaches the fake; once a data source
 * ({@code etc/org.fractalis.source-<name>.cfg}, written as an operator would) names the fake, the same source
 * loads, by URL and by name, and every other server is refused with a message naming the source; no message
 * repeats a body of the source. Also the bounds of finding 2 as the client sees them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SsrfIT extends FractalisTestSupport {
    private static final String METADATA = "http://169.254.169.254";
    private static final String RULE = "this node does not contact loopback, private, link-local, multicast or "
            + "unspecified addresses unless the operator allows the server";

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    /**
     * The user's view of a refused POST /data: the 400 error, or (when the connector only fails in the ETL) the
     * FAILURE's etl_message.
     */
    private static String refusal(Browser b, String handler, String server, Map<String, Object> auth,
            Map<String, Object> descriptor) {
        List<String> before = ids(b);
        Browser.Reply r = b.post("/data", Map.of("handler", handler, "server", server, "auth", auth,
                "descriptors", List.of(descriptor)));
        if (r.status() == 400) {
            return r.json().get("error").asText();
        }
        assertEquals(r.toString(), 201, r.status());
        List<String> after = ids(b);
        after.removeAll(before);
        assertEquals(1, after.size());
        JsonNode state = settled(b, after.get(0));
        assertEquals(state.toString(), "FAILURE", state.get("etl_state").asText());
        return state.get("etl_message").asText();
    }

    private static JsonNode settled(Browser b, String id) {
        JsonNode[] last = {null};
        Await.until("data task " + id + " finished", Duration.ofSeconds(60), () -> {
            last[0] = dataState(b, id);
            return last[0] != null && !last[0].get("etl_state").asText().equals("SUBMITTED");
        });
        return last[0];
    }

    /** POSTs until one load of this source succeeds (the configuration change reaches the connector asynchronously). */
    private static void awaitLoad(Browser b, String handler, String server, Map<String, Object> auth,
            Map<String, Object> descriptor) {
        Await.until(handler + " loads from " + server, Duration.ofSeconds(60), () -> {
            List<String> before = ids(b);
            Browser.Reply r = b.post("/data", Map.of("handler", handler, "server", server, "auth", auth,
                    "descriptors", List.of(descriptor)));
            if (r.status() != 201) {
                return false;
            }
            List<String> after = new ArrayList<>(ids(b));
            after.removeAll(before);
            return after.size() == 1 && settled(b, after.get(0)).get("etl_state").asText().equals("SUCCESS");
        });
    }

    /** The file of a data source, which the tests write as an operator would (Karaf applies it within seconds). */
    private static Path source(String name) {
        return Path.of(System.getProperty("karaf.etc"), "org.fractalis.source-" + name + ".cfg");
    }

    /** Configures the URL as the data source {@code name} of the handler. */
    private static void allow(String name, String handler, String url) throws IOException {
        Files.writeString(source(name), "url = " + url + "\nhandlers = " + handler + "\n");
    }

    private static void remove(String name) throws IOException {
        Files.deleteIfExists(source(name));
    }

    private static void assertRefused(String message, String what, String handler) {
        assertTrue(message, message.contains("is " + what));
        assertTrue(message, message.contains(RULE));
        assertTrue(message, message.contains("configure it as a data source in etc/org.fractalis.source-<name>.cfg "
                + "with handlers = " + handler));
        assertFalse(message, message.contains("Exception"));
    }

    /** Once a handler has sources, any other server is refused with the names of the allowed ones. */
    private static void assertNotASource(String message, String handler, String name) {
        assertTrue(message, message.contains("is not a data source of this node for '" + handler + "'. Allowed (by "
                + "name, or a URL under the source's URL): '" + name + "'."));
        assertFalse(message, message.contains("Exception"));
    }

    private static Map<String, Object> adaField() {
        return Map.of("data_set", "ppmi.clinical_visit", "dictionary", Map.of("name", "updrs_total", "projection",
                "updrs_total", "label", "UPDRS total", "fieldType", "Integer", "numValues", Map.of(), "isArray", false));
    }

    @Test
    public void adaRefusesLoopbackAndMetadataUnlessAllowed() throws Exception {
        try (FakeAda ada = new FakeAda()) {
            Browser b = browser();
            Map<String, Object> login = Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD);
            String m = refusal(b, "ada", ada.url(), login, adaField());
            assertRefused(m, "a loopback address", "ada");
            assertTrue(m, m.contains(ada.url() + "/login"));
            assertFalse(m, m.contains(FakeAda.PASSWORD));
            m = refusal(b, "ada", ada.url(), Map.of("token", "s3ss10n-t0ken"), adaField());
            assertRefused(m, "a loopback address", "ada");
            assertFalse(m, m.contains("s3ss10n-t0ken"));
            m = refusal(b, "ada", METADATA, login, adaField());
            assertRefused(m, "a link-local address", "ada");
            // the same loopback address written as an IPv4-mapped IPv6 address
            m = refusal(b, "ada", "http://[::ffff:127.0.0.1]:" + java.net.URI.create(ada.url()).getPort(), login,
                    adaField());
            assertRefused(m, "a loopback address", "ada");
            assertEquals(0, ada.server.log().size());

            try {
                allow("itest-ada", "ada", ada.url());
                awaitLoad(b, "ada", ada.url(), login, adaField());
                awaitLoad(b, "ada", "itest-ada", login, adaField());
                assertNotASource(refusal(b, "ada", "https://ada.example.org", login, adaField()), "ada", "itest-ada");
                assertNotASource(refusal(b, "ada", METADATA, Map.of("token", "t"), adaField()), "ada", "itest-ada");
                // a failing source: its status, never its body
                ada.mode = FakeAda.Mode.STATUS_500;
                String failed = refusal(b, "ada", ada.url(), Map.of("token", ada.session()), adaField());
                assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                        failed);
            } finally {
                remove("itest-ada");
            }
        }
    }

    @Test
    public void transmartRefusesLoopbackAndMetadataUnlessAllowed() throws Exception {
        try (FakeTransmart tm = new FakeTransmart()) {
            Browser b = browser();
            Map<String, Object> age = Map.of("constraint", Map.of("type", "concept", "conceptCode", "DM:AGE"),
                    "data_type", "numerical", "label", "DM:AGE");
            Map<String, Object> login = Map.of("user", FakeTransmart.USER, "passwd", FakeTransmart.PASSWORD,
                    "authServiceType", "transmart");
            assertRefused(refusal(b, "transmart", tm.url(), login, age), "a loopback address",
                    "transmart");
            assertRefused(refusal(b, "transmart", tm.url(), Map.of("token", tm.token()), age), "a loopback address",
                    "transmart");
            assertRefused(refusal(b, "transmart", METADATA, Map.of("token", "t0k3n-xyz"), age), "a link-local address",
                    "transmart");
            assertEquals(0, tm.server.log().size());

            try {
                allow("itest-transmart", "transmart", tm.url());
                awaitLoad(b, "transmart", tm.url(), login, age);
                awaitLoad(b, "transmart", "itest-transmart", login, age);
                assertNotASource(refusal(b, "transmart", METADATA, login, age), "transmart", "itest-transmart");
                tm.mode = FakeTransmart.Mode.ERROR_500; // its body names a Java exception: never repeated
                assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                        refusal(b, "transmart", tm.url(), Map.of("token", tm.token()), age));
            } finally {
                remove("itest-transmart");
            }
        }
    }

    @Test
    public void picSureRefusesLoopbackAndMetadataUnlessAllowed() throws Exception {
        try (FakePicSure ps = new FakePicSure()) {
            Browser b = browser();
            String pui = FakePicSure.AGE_PUI;
            Map<String, Object> age = Map.of("dataType", "numerical", "query", Map.of(
                    "select", List.of(Map.of("field", Map.of("pui", pui), "alias", "demographics/AGE")),
                    "where", List.of(Map.of("field", Map.of("pui", pui, "dataType", "STRING"), "predicate",
                            "CONTAINS", "fields", Map.of("ENOUNTER", "YES")))));
            Map<String, Object> token = Map.of("token", FakePicSure.TOKEN);
            assertRefused(refusal(b, "pic-sure", ps.url(), token, age), "a loopback address",
                    "pic-sure");
            assertRefused(refusal(b, "pic-sure", METADATA + "/PICSURE", token, age), "a link-local address",
                    "pic-sure");
            assertEquals(0, ps.server.log().size());

            try {
                allow("itest-picsure", "pic-sure", ps.url());
                ps.runningPolls = 0;
                awaitLoad(b, "pic-sure", ps.url(), token, age);
                assertNotASource(refusal(b, "pic-sure", "https://picsure.example.org/PICSURE", token, age), "pic-sure",
                        "itest-picsure");
                String m = refusal(b, "pic-sure", ps.url(), Map.of("token", "not-the-token"), age);
                assertEquals("RuntimeError: Data extraction failed. PIC-SURE API reported an error: [401] HTTP 401 "
                        + "(Unauthorized)", m);
            } finally {
                remove("itest-picsure");
            }
        }
    }

    /** Finding 2 as the client sees it: a generator size is refused when posted, a bin count fails the task. */
    @Test
    public void sizeArgumentsAreBounded() {
        Browser b = browser();
        Browser.Reply r = b.post("/data", Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", "t"), "descriptors", List.of(Map.of("data_type", "numerical",
                        "num_samples", 50_000_000))));
        assertEquals(r.toString(), 400, r.status());
        assertTrue(r.toString(), r.json().get("error").asText()
                .contains("num_samples must be between 0 and 1000000, not 50000000"));

        String id = load(b, List.of(rows("numerical", "x", List.of(row("a", "x", 1.0), row("b", "x", 2.0),
                row("c", "x", 3.0))))).get(0);
        Browser.Reply poll = analyse(b, "compute-histogram", Map.of("bw_factor", 0.5, "num_bins", 5_000_000,
                "id_filter", List.of(), "subsets", List.of(), "data", ref(id), "categories", List.of()));
        assertEquals(poll.toString(), "FAILURE", poll.json().get("state").asText());
        assertEquals(poll.toString(), "ValueError: num_bins must be between 1 and 10000, not 5000000",
                poll.json().get("result").asText());
    }
}
