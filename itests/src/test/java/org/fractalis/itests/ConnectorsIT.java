package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fractalis.http.testing.FakeServer;
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
 * The real connectors (ada, transmart, pic-sure, tabular) on a booted node: each loads from a fake of its
 * source (a JDK HttpServer on loopback, running in the container next to the node) through POST /data, the data
 * states reach SUCCESS, an analysis runs on the loaded variables with the expected numbers, and a failing source
 * gives a FAILURE with a clear etl_message.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectorsIT extends FractalisTestSupport {
    static final String TABULAR_PORT = "fractalis.itest.tabular.port";
    static final String ADA_PORT = "fractalis.itest.ada.port";
    static final String TRANSMART_PORT = "fractalis.itest.transmart.port";
    static final String PICSURE_PORT = "fractalis.itest.picsure.port";

    @Configuration
    public Option[] config() {
        // the tabular connector loads no URL until the operator configures a data source: the fake's /tables/ only
        String port = Integer.toString(freePort());
        // the other connectors refuse loopback servers unless a data source names them: one source per fake
        String ada = Integer.toString(freePort());
        String transmart = Integer.toString(freePort());
        String picsure = Integer.toString(freePort());
        return baseConfig(
                systemProperty(TABULAR_PORT).value(port),
                source("tables", "tabular", "http://127.0.0.1:" + port + "/tables/"),
                source("tables", "tabular", null),
                systemProperty(ADA_PORT).value(ada),
                source("ada", "ada", "http://127.0.0.1:" + ada),
                source("ada", "ada", null),
                systemProperty(TRANSMART_PORT).value(transmart),
                source("transmart", "transmart", "http://127.0.0.1:" + transmart),
                source("transmart", "transmart", null),
                systemProperty(PICSURE_PORT).value(picsure),
                source("picsure", "pic-sure", "http://127.0.0.1:" + picsure),
                source("picsure", "pic-sure", null));
    }

    /** One key of the data source etc/org.fractalis.source-name.cfg: its url, or (url null) its handlers. */
    static Option source(String name, String handler, String url) {
        String file = "etc/org.fractalis.source-" + name + ".cfg";
        return url == null ? editConfigurationFilePut(file, "handlers", handler)
                : editConfigurationFilePut(file, "url", url);
    }

    static int port(String property) {
        return Integer.parseInt(System.getProperty(property));
    }

    // ----- helpers

    /** POST /data (no wait) and the new ids, in request order. */
    static List<String> post(Browser b, String handler, String server, Map<String, Object> auth,
            List<Map<String, Object>> descriptors) {
        List<String> before = ids(b);
        Browser.Reply r = b.post("/data", Map.of("handler", handler, "server", server, "auth", auth,
                "descriptors", descriptors));
        assertEquals(r.toString(), 201, r.status());
        List<String> after = ids(b);
        after.removeAll(before);
        assertEquals(descriptors.size(), after.size());
        return after;
    }

    /** Polls GET /data (as fractal.js does) until these data tasks have left SUBMITTED; returns their states. */
    static List<JsonNode> settled(Browser b, List<String> ids) {
        List<JsonNode> out = new ArrayList<>();
        Await.until("data tasks " + ids + " finished", Duration.ofSeconds(60), () -> {
            out.clear();
            for (String id : ids) {
                JsonNode s = dataState(b, id);
                if (s == null || s.get("etl_state").asText().equals("SUBMITTED")) {
                    return false;
                }
                out.add(s);
            }
            return true;
        });
        return out;
    }

    static void assertSuccess(JsonNode state) {
        assertEquals(state.toString(), "SUCCESS", state.get("etl_state").asText());
        assertTrue(state.toString(), state.get("etl_message").isNull());
    }

    static String failure(JsonNode state) {
        assertEquals(state.toString(), "FAILURE", state.get("etl_state").asText());
        return state.get("etl_message").asText();
    }

    static JsonNode meta(Browser b, String id) {
        Browser.Reply r = b.get("/data/meta/" + id);
        assertEquals(r.toString(), 200, r.status());
        return r.json().get("meta");
    }

    /** compute-histogram on one numerical variable, no categories or subsets: the one group's statistics. */
    static JsonNode histogram(Browser b, String id) throws IOException {
        Browser.Reply poll = analyse(b, "compute-histogram", Map.of("bw_factor", 0.5, "num_bins", 4,
                "id_filter", List.of(), "subsets", List.of(), "data", ref(id), "categories", List.of()));
        assertEquals(poll.toString(), "SUCCESS", poll.json().get("state").asText());
        JsonNode result = Browser.JSON.readTree(poll.json().get("result").asText());
        JsonNode stats = result.get("stats");
        assertEquals(result.toString(), 1, stats.size());
        JsonNode group = stats.elements().next();
        assertEquals(result.toString(), 1, group.size());
        return group.elements().next();
    }

    static int sum(JsonNode hist) {
        int n = 0;
        for (JsonNode c : hist) {
            n += c.asInt();
        }
        return n;
    }

    // ----- ada

    private static Map<String, Object> adaField(String dataSet, String name, String label, String type,
            Map<String, Object> numValues) {
        return Map.of("data_set", dataSet, "dictionary", Map.of("name", name, "projection", name, "label", label,
                "fieldType", type, "numValues", numValues, "isArray", false));
    }

    @Test
    public void adaLogsInLoadsAndAnalyses() throws Exception {
        try (FakeAda ada = new FakeAda(port(ADA_PORT))) {
            Browser b = browser();
            List<String> ids = post(b, "ada", ada.url(), Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD),
                    List.of(adaField("ppmi.clinical_visit", "updrs_total", "UPDRS total", "Integer", Map.of()),
                            adaField("ppmi.clinical_visit", "sex", "Sex", "Enum", Map.of("0", "Female", "1", "Male"))));
            List<JsonNode> states = settled(b, ids);
            states.forEach(ConnectorsIT::assertSuccess);
            assertEquals("UPDRS total (ppmi.clinical_visit)", states.get(0).get("label").asText());
            assertEquals("numerical", states.get(0).get("data_type").asText());
            assertEquals("categorical", states.get(1).get("data_type").asText());
            JsonNode meta = meta(b, ids.get(0));
            assertEquals("[\"UPDRS total\"]", meta.get("features").toString());
            assertEquals("Integer", meta.at("/descriptor/dictionary/fieldType").asText());

            // records 001: 32, 002: 18, 004: 25 (003 has "" and is filtered out by the source)
            JsonNode h = histogram(b, ids.get(0));
            assertEquals(25.0, h.get("mean").asDouble(), 1e-9);
            assertEquals(25.0, h.get("median").asDouble(), 1e-9);
            assertEquals(3, sum(h.get("hist")));
            assertEquals(18.0, h.get("bin_edges").get(0).asDouble(), 1e-9);
            assertEquals(32.0, h.get("bin_edges").get(4).asDouble(), 1e-9);
        }
    }

    @Test
    public void adaFailures() {
        try (FakeAda ada = new FakeAda(port(ADA_PORT))) {
            Browser b = browser();
            Browser.Reply wrong = b.post("/data", Map.of("handler", "ada", "server", ada.url(), "auth",
                    Map.of("user", FakeAda.USER, "passwd", "wrong"), "descriptors",
                    List.of(adaField("ppmi.clinical_visit", "updrs_total", "UPDRS total", "Integer", Map.of()))));
            assertEquals(wrong.toString(), 400, wrong.status());
            String error = wrong.json().get("error").asText();
            assertTrue(error, error.startsWith("Could not authenticate with API. Could not authenticate. Reason: [401]"));
            assertTrue(ids(b).isEmpty());

            // an expired session: ADA redirects to its login page
            List<String> ids = post(b, "ada", ada.url(), Map.of("token", "expired0session"),
                    List.of(adaField("ppmi.clinical_visit", "updrs_total", "UPDRS total", "Integer", Map.of())));
            assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 303. "
                    + "The ADA session is not valid (expired, or a wrong token): log in to ADA again.",
                    failure(settled(b, ids).get(0)));
        }
    }

    // ----- transmart

    private static Map<String, Object> concept(String code, String kind) {
        return Map.of("constraint", Map.of("type", "concept", "conceptCode", code), "data_type", kind, "label", code);
    }

    @Test
    public void transmartGetsATokenLoadsAndAnalyses() throws Exception {
        try (FakeTransmart tm = new FakeTransmart(port(TRANSMART_PORT))) {
            Browser b = browser();
            List<String> ids = post(b, "transmart", tm.url(), Map.of("user", FakeTransmart.USER, "passwd",
                    FakeTransmart.PASSWORD, "authServiceType", "transmart"),
                    List.of(concept("DM:AGE", "numerical"), concept("DM:SEX", "categorical")));
            settled(b, ids).forEach(ConnectorsIT::assertSuccess);
            assertEquals("[\"DM:AGE\"]", meta(b, ids.get(0)).get("features").toString());

            // ages 52 (male), 61 and 47 (female)
            Browser.Reply poll = analyse(b, "compute-boxplot", Map.of("features", List.of(ref(ids.get(0))),
                    "categories", List.of(ref(ids.get(1))), "id_filter", List.of(), "transformation", "identity",
                    "subsets", List.of()));
            assertEquals(poll.toString(), "SUCCESS", poll.json().get("state").asText());
            JsonNode stats = Browser.JSON.readTree(poll.json().get("result").asText()).get("statistics");
            JsonNode female = stats.get("DM:AGE//female//s1");
            assertNotNull(stats.toString(), female);
            assertEquals(54.0, female.get("median").asDouble(), 1e-9);
            assertEquals(47.0, female.get("l_wsk").asDouble(), 1e-9);
            assertEquals(61.0, female.get("u_wsk").asDouble(), 1e-9);
            assertNull(stats.toString(), stats.get("DM:AGE//male//s1")); // one value gives no box
        }
    }

    @Test
    public void transmartServerError() {
        try (FakeTransmart tm = new FakeTransmart(port(TRANSMART_PORT))) {
            tm.mode = FakeTransmart.Mode.ERROR_500;
            Browser b = browser();
            List<String> ids = post(b, "transmart", tm.url(), Map.of("token", tm.token()),
                    List.of(concept("DM:AGE", "numerical")));
            // the status only: the source's body is never repeated to the user
            assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                    failure(settled(b, ids).get(0)));
        }
    }

    // ----- pic-sure

    private static Map<String, Object> picSureAge() {
        String pui = FakePicSure.AGE_PUI;
        return Map.of("dataType", "numerical", "query", Map.of(
                "select", List.of(Map.of("field", Map.of("pui", pui), "alias", "demographics/AGE")),
                "where", List.of(Map.of("field", Map.of("pui", pui, "dataType", "STRING"), "predicate", "CONTAINS",
                        "fields", Map.of("ENOUNTER", "YES")))));
    }

    @Test
    public void picSurePollsLoadsAndAnalyses() throws Exception {
        try (FakePicSure ps = new FakePicSure(port(PICSURE_PORT))) {
            ps.runningPolls = 1; // CREATED, RUNNING, AVAILABLE
            Browser b = browser();
            List<String> ids = post(b, "pic-sure", ps.url(), Map.of("token", FakePicSure.TOKEN), List.of(picSureAge()));
            JsonNode state = settled(b, ids).get(0);
            assertSuccess(state);
            assertEquals("demographics/AGE", state.get("label").asText());
            assertEquals("[\"demographics/AGE\"]", meta(b, ids.get(0)).get("features").toString());
            assertEquals(3, ps.polls("4711"));

            JsonNode h = histogram(b, ids.get(0)); // 34, 58, 71
            assertEquals(163.0 / 3, h.get("mean").asDouble(), 1e-9);
            assertEquals(58.0, h.get("median").asDouble(), 1e-9);
            assertEquals(3, sum(h.get("hist")));
        }
    }

    @Test
    public void picSureWrongToken() {
        try (FakePicSure ps = new FakePicSure(port(PICSURE_PORT))) {
            Browser b = browser();
            List<String> ids = post(b, "pic-sure", ps.url(), Map.of("token", "not-the-token"), List.of(picSureAge()));
            String message = failure(settled(b, ids).get(0));
            assertTrue(message, message.startsWith("RuntimeError: Data extraction failed. PIC-SURE API reported an "
                    + "error: [401] "));
            assertTrue(message, message.endsWith("[401] HTTP 401 (Unauthorized)"));
            assertTrue(message, !message.contains("Token invalid or expired")); // the source's body is not repeated
            assertTrue(message, !message.contains("not-the-token"));
        }
    }

    // ----- tabular

    @Test
    public void tabularLoadsAnAllowedUrlAndRefusesOthers() throws Exception {
        try (FakeServer web = FakeServer.start(Integer.parseInt(System.getProperty(TABULAR_PORT)))) {
            web.route("/tables/clinical.csv", x -> x.respond(200, "text/csv",
                    "patient,age,sex\np1,30,f\np2,NA,m\np3,50,f\np4,40,m\n"));
            web.route("/private/clinical.csv", x -> x.respond(200, "text/csv", "patient,age\np1,1\n"));
            Browser b = browser();
            String server = "local";
            List<String> ids = post(b, "tabular", server, Map.of("token", ""), List.of(
                    Map.of("url", web.url() + "/tables/clinical.csv", "column", "age"),
                    Map.of("url", web.url() + "/tables/clinical.csv", "column", "sex")));
            List<JsonNode> states = settled(b, ids);
            states.forEach(ConnectorsIT::assertSuccess);
            assertEquals("age (clinical.csv)", states.get(0).get("label").asText());
            assertEquals("numerical", states.get(0).get("data_type").asText()); // inferred
            assertEquals("categorical", states.get(1).get("data_type").asText());

            JsonNode h = histogram(b, ids.get(0)); // 30, 40, 50; NA is missing
            assertEquals(40.0, h.get("mean").asDouble(), 1e-9);
            assertEquals(3, sum(h.get("hist")));

            // declared type, so nothing is read at POST /data: the load fails
            List<String> refused = post(b, "tabular", server, Map.of("token", ""), List.of(
                    Map.of("url", web.url() + "/private/clinical.csv", "column", "age", "data_type", "numerical"),
                    Map.of("url", web.url() + "/tables/missing.csv", "column", "age", "data_type", "numerical")));
            List<JsonNode> failed = settled(b, refused);
            assertEquals("RuntimeError: Data extraction failed. The server " + web.url() + "/private/clinical.csv is not "
                    + "a data source of this node for 'tabular'. Allowed (by name, or a URL under the source's URL): "
                    + "'tables'. An operator adds sources in etc/org.fractalis.source-<name>.cfg.",
                    failure(failed.get(0)));
            String notFound = failure(failed.get(1));
            assertTrue(notFound, notFound.startsWith("RuntimeError: Data extraction failed. Downloading " + web.url()
                    + "/tables/missing.csv failed: the server answered HTTP 404"));
            assertEquals(0, web.requests("/private/clinical.csv"));
        }
    }
}
