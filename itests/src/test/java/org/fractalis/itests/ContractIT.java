package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** The HTTP contract of CLIENT_CONTRACT.md, exercised with two browsers (cookie jars) against a booted node. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContractIT extends FractalisTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    /** Every answer the browsers of these tests get is checked against the node's OpenAPI document. */
    @Before
    public void checkEveryAnswerAgainstTheOpenApiDocument() {
        checkAnswersAgainstOpenApi();
    }

    @After
    public void noAnswerOutsideTheOpenApiDocument() {
        assertAnswersMatchedOpenApi("ContractIT");
    }

    private static List<Map<String, Object>> numbers(String label, double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(row("p" + i, label, values[i]));
        }
        return List.of(rows(label.startsWith("c") ? "categorical" : "numerical", label, rows));
    }

    @Test
    public void versionIs201WithASemanticVersionAndSetsTheSessionCookie() {
        Browser b = browser();
        Browser.Reply r = b.get("/misc/version");
        assertEquals(201, r.status());
        assertTrue(r.json().get("version").asText().matches("^\\d+\\.\\d+\\.\\d+$"));
        String cookie = r.header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie, cookie.matches("session=[0-9a-f-]{36}; Expires=.+; HttpOnly; Path=/; SameSite=Lax"));
        assertEquals("http://127.0.0.1:1", r.header("Access-Control-Allow-Origin"));
        assertEquals("true", r.header("Access-Control-Allow-Credentials"));
    }

    @Test
    public void preflightEchoesOriginMethodsAndHeadersWithoutASession() {
        Browser b = browser();
        Browser.Reply r = b.options("/data", "POST", "content-type,x-xsrf-token");
        assertEquals(200, r.status());
        assertEquals("http://127.0.0.1:1", r.header("Access-Control-Allow-Origin"));
        assertEquals("true", r.header("Access-Control-Allow-Credentials"));
        assertTrue(r.header("Access-Control-Allow-Methods").contains("DELETE"));
        assertEquals("content-type,x-xsrf-token", r.header("Access-Control-Allow-Headers"));
        assertNull(r.header("Set-Cookie"));
    }

    @Test
    public void loadListMetaAndDeleteWithoutBody() {
        Browser b = browser();
        Browser.Reply empty = b.get("/data");
        assertEquals(200, empty.status());
        assertEquals(0, empty.json().get("data_states").size());

        List<String> ids = load(b, numbers("age", 1, 2, 3));
        assertEquals(1, ids.size());
        JsonNode s = dataState(b, ids.get(0));
        assertEquals("age", s.get("label").asText());
        assertEquals("numerical", s.get("data_type").asText());
        assertEquals("SUCCESS", s.get("etl_state").asText());
        assertTrue(s.get("etl_message").isNull());
        assertFalse(s.has("hash"));

        Browser.Reply meta = b.get("/data/meta/" + ids.get(0));
        assertEquals(200, meta.status());
        assertEquals("age", meta.json().at("/meta/features/0").asText());
        assertEquals("numerical", meta.json().at("/meta/descriptor/data_type").asText());

        Browser.Reply del = b.delete("/data/" + ids.get(0));
        assertEquals(200, del.status());
        assertEquals("\"\"", del.body());
        assertTrue(ids(b).isEmpty());
    }

    @Test
    public void reloadingTheSameDescriptorReplacesTheOldTask() {
        Browser b = browser();
        String first = load(b, numbers("weight", 5, 6)).get(0);
        String second = load(b, numbers("weight", 5, 6)).get(0);
        assertNotEquals(first, second);
        assertEquals(List.of(second), ids(b));
    }

    @Test
    public void clearCacheDeletesEverythingOfTheSessionOnly() {
        Browser a = browser();
        Browser other = browser();
        load(a, numbers("x1", 1, 2));
        load(a, numbers("x2", 1, 2));
        List<String> kept = load(other, numbers("y", 1, 2));
        assertEquals(200, a.delete("/data").status());
        assertTrue(ids(a).isEmpty());
        assertEquals(kept, ids(other));
    }

    @Test
    public void anotherSessionGets403ForForeignIds() {
        Browser owner = browser();
        Browser stranger = browser();
        String id = load(owner, numbers("secret", 1, 2)).get(0);
        assertEquals(403, stranger.get("/data/meta/" + id).status());
        assertEquals(403, stranger.delete("/data/" + id).status());
        assertTrue(ids(stranger).isEmpty());
        Browser.Reply task = owner.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2)));
        String taskId = task.json().get("task_id").asText();
        Browser.Reply poll = stranger.get("/analytics/" + taskId);
        assertEquals(403, poll.status());
        assertTrue(poll.json().get("error").asText().contains("not found in session"));
        assertEquals("http://127.0.0.1:1", poll.header("Access-Control-Allow-Origin"));
        assertEquals(403, stranger.delete("/analytics/" + taskId).status());
        // and a stranger's analysis cannot read the owner's data through a reference
        Browser.Reply stolen = analyse(stranger, "sum_df_test_task", Map.of("a", ref(id)));
        assertEquals("FAILURE", stolen.json().get("state").asText());
        assertTrue(stolen.json().get("result").asText().startsWith("PermissionError"));
    }

    @Test
    public void badRequestsAre4xxWithClearMessages() {
        Browser b = browser();
        Browser.Reply notJson = b.post("/data", "{not json");
        assertEquals(400, notJson.status());
        assertEquals("Request payload must be valid JSON.", notJson.json().get("error").asText());
        Browser.Reply missing = b.post("/data", Map.of("handler", "test", "server", "s", "descriptors", List.of()));
        assertEquals(400, missing.status());
        assertTrue(missing.json().get("error").asText(), missing.json().get("error").asText().contains("auth"));
        Browser.Reply unknown = b.post("/data", Map.of("handler", "nope", "server", "s", "auth", Map.of("token", "x"),
                "descriptors", List.of(Map.of("a", 1))));
        assertEquals(400, unknown.status());
        assertEquals("No ETLHandler implementation found for: 'nope'", unknown.json().get("error").asText());
        Browser.Reply badKind = b.post("/data", Map.of("handler", "test", "server", "s", "auth", Map.of("token", "x"),
                "descriptors", List.of(Map.of("data_type", "banana"))));
        assertEquals(400, badKind.status());
        assertTrue(ids(b).isEmpty());
        Browser.Reply task = b.post("/analytics", Map.of("task_name", "no-such-task", "args", Map.of("a", 1)));
        assertEquals(400, task.status());
        assertEquals("Task with name 'no-such-task' not found.", task.json().get("error_msg").asText());
        Browser.Reply shortName = b.post("/analytics", Map.of("task_name", "abc", "args", Map.of("a", 1)));
        assertEquals(400, shortName.status());
        assertEquals(404, b.get("/analytics/not-a-uuid").status());
        assertEquals(404, b.get("/data/meta/123").status());
        assertEquals(405, b.post("/misc/version", Map.of()).status());
    }

    @Test
    public void oversizedBodyIs413WithCors() {
        Browser b = browser();
        // 129 MiB declared (the limit is 128): refused by its Content-Length, before any of it is read
        Browser.Reply r = b.postDeclaringLength("/analytics", 129L * 1024 * 1024);
        assertEquals(413, r.status());
        assertTrue(r.json().get("error").asText().contains("too large"));
        assertEquals("http://127.0.0.1:1", r.header("Access-Control-Allow-Origin"));
    }

    @Test
    public void largeClusterSizedBodiesAreAccepted() {
        Browser b = browser();
        // ~70 MB of args shaped like a compute-cluster df (sample -> feature -> z-score): the limit must be
        // well above such bodies (>= 64 MB)
        StringBuilder sb = new StringBuilder(72 * 1024 * 1024);
        sb.append("{\"task_name\":\"add_test_task\",\"args\":{\"a\":1,\"b\":2,\"df\":{");
        for (int s = 0; sb.length() < 70 * 1024 * 1024; s++) {
            sb.append(s == 0 ? "" : ",").append("\"sample-").append(s).append("\":{");
            for (int f = 0; f < 2000; f++) {
                sb.append(f == 0 ? "" : ",").append("\"hsa-mir-").append(f).append("\":-1.2345678901234");
            }
            sb.append('}');
        }
        sb.append("}}}");
        Browser.Reply r = b.post("/analytics", sb.toString());
        assertEquals(201, r.status());
        Browser.Reply poll = b.get("/analytics/" + r.json().get("task_id").asText() + "?wait=1");
        assertEquals("SUCCESS", poll.json().get("state").asText());
    }

    @Test
    public void analyticsResultIsAJsonStringAndArgumentErrorsAreTaskFailures() throws Exception {
        Browser b = browser();
        Browser.Reply ok = analyse(b, "add_test_task", Map.of("a", 1, "b", 2));
        assertEquals(200, ok.status());
        assertEquals("SUCCESS", ok.json().get("state").asText());
        assertTrue(ok.json().get("result").isTextual());
        assertEquals(3, Browser.JSON.readTree(ok.json().get("result").asText()).get("sum").asInt());

        Browser.Reply div = analyse(b, "div_test_task", Map.of("a", 1, "b", 0));
        assertEquals("FAILURE", div.json().get("state").asText());
        assertEquals("ZeroDivisionError: division by zero", div.json().get("result").asText());

        Browser.Reply unknownData = analyse(b, "sum_df_test_task",
                Map.of("a", ref("00000000-0000-4000-8000-000000000000")));
        assertEquals("FAILURE", unknownData.json().get("state").asText());

        Browser.Reply invalid = analyse(b, "invalid_json_task", Map.of("a", 1));
        assertEquals("FAILURE", invalid.json().get("state").asText());
        assertTrue(invalid.json().get("result").asText().startsWith("TypeError"));
    }

    @Test
    public void resolvedReferencesHonourFeatureFilters() throws Exception {
        Browser b = browser();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(row("s" + i, "f1", 1.0));
            rows.add(row("s" + i, "f2", 10.0));
        }
        String id = load(b, List.of(rows("numerical_array", "m", rows))).get(0);
        Browser.Reply all = analyse(b, "sum_df_test_task", Map.of("a", ref(id)));
        assertEquals(44.0, Browser.JSON.readTree(all.json().get("result").asText()).get("sum").asDouble(), 0);
        String filtered = "${\"id\":\"" + id + "\",\"filters\":{\"feature\":[\"f2\"]}}$";
        Browser.Reply f2 = analyse(b, "sum_df_test_task", Map.of("a", filtered));
        assertEquals(40.0, Browser.JSON.readTree(f2.json().get("result").asText()).get("sum").asDouble(), 0);
    }

    /** ?wait=1 outlasts Jetty's 5 s connector idle timeout (etc/org.ops4j.pax.web.cfg): only a silent connection
     * is given up, not a request whose servlet is still waiting. */
    @Test
    public void aWaitLongerThanTheConnectorIdleTimeoutIsAnswered() {
        Browser b = browser();
        Browser.Reply r = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args", Map.of("seconds", 8)));
        assertEquals(r.toString(), 201, r.status());
        long start = System.nanoTime();
        Browser.Reply done = b.get("/analytics/" + r.json().get("task_id").asText() + "?wait=1");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(done.toString(), 200, done.status());
        assertEquals(done.toString(), "SUCCESS", done.json().get("state").asText());
        assertTrue("?wait=1 answered after " + millis + " ms", millis > 6_000);
    }

    @Test
    public void cancelRevokesARunningTaskAndDropsItFromTheSession() throws Exception {
        Browser b = browser();
        Browser.Reply r = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args", Map.of("seconds", 60)));
        String id = r.json().get("task_id").asText();
        assertEquals("SUBMITTED", b.get("/analytics/" + id).json().get("state").asText());
        await("job running", java.time.Duration.ofSeconds(10), () -> {
            try {
                return shell("fractalis:job-list -r").contains(id);
            } catch (Exception e) {
                return false;
            }
        });
        Browser.Reply cancel = b.delete("/analytics/" + id);
        assertEquals(200, cancel.status());
        assertEquals("\"\"", cancel.body());
        assertEquals(403, b.get("/analytics/" + id).status());
        await("job revoked", java.time.Duration.ofSeconds(10), () -> {
            try {
                String list = shell("fractalis:job-list");
                return list.contains(id) && list.lines().anyMatch(l -> l.contains(id) && l.contains("REVOKED"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void failingEtlIsAFailureStateNotAFailedRequest() {
        Browser b = browser();
        Browser.Reply r = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "please fail"), "descriptors",
                List.of(Map.of("data_type", "numerical", "label", "z", "num_samples", 5))));
        assertEquals(201, r.status());
        JsonNode s = b.get("/data").json().get("data_states").get(0);
        assertEquals("FAILURE", s.get("etl_state").asText());
        assertEquals("RuntimeError: Data extraction failed. Throwing because I was told to.",
                s.get("etl_message").asText());
        // integrity: duplicate ids in a numerical variable
        List<Map<String, Object>> dup = List.of(row("p1", "v", 1.0), row("p1", "v", 2.0));
        load(b, List.of(rows("numerical", "dup", dup)));
        boolean found = false;
        for (JsonNode n : b.get("/data").json().get("data_states")) {
            if (n.get("label").asText().equals("dup")) {
                found = true;
                assertEquals("FAILURE", n.get("etl_state").asText());
                assertEquals("RuntimeError: Data transformation failed. A numerical frame must hold each id once; 1 of "
                        + "its 2 rows repeat an id, e.g. 'p1'.", n.get("etl_message").asText());
            }
        }
        assertTrue(found);
    }

    @Test
    public void demoConnectorLoadsTheCohort() {
        Browser b = browser();
        Browser.Reply r = b.post("/data?wait=1", Map.of("handler", "demo_tcga_coad", "server", "", "auth",
                Map.of("token", ""), "descriptors", List.of(Map.of("dataType", "numerical", "field", "year_of_birth"),
                        Map.of("dataType", "numerical_array", "field", "miRNA"))));
        // server "" is not a valid server url, like the original
        assertEquals(400, r.status());
        r = b.post("/data?wait=1", Map.of("handler", "demo_tcga_coad", "server", "http://demo", "auth",
                Map.of("token", "x"), "descriptors", List.of(Map.of("dataType", "numerical", "field", "year_of_birth"),
                        Map.of("dataType", "numerical_array", "field", "miRNA"))));
        assertEquals(201, r.status());
        JsonNode states = b.get("/data").json().get("data_states");
        assertEquals(2, states.size());
        assertEquals("year_of_birth", states.get(0).get("label").asText());
        assertEquals("miRNA", states.get(1).get("label").asText());
        for (JsonNode s : states) {
            assertEquals(s.toString(), "SUCCESS", s.get("etl_state").asText());
        }
        JsonNode meta = b.get("/data/meta/" + states.get(1).get("task_id").asText()).json();
        assertTrue(meta.at("/meta/features").size() > 100);
    }

    @Test
    public void stateSaveAndRestoreInASecondSessionReplacesIds() {
        Browser a = browser();
        String id = load(a, numbers("bmi", 20, 25, 30)).get(0);
        Map<String, Object> state = new HashMap<>();
        state.put("chartName", "scatterplot");
        state.put("chartState", Map.of("x", ref(id), "label", "keep me"));
        Browser.Reply saved = a.post("/state", Map.of("state", state, "handler", "test", "server", "http://test"));
        assertEquals(201, saved.status());
        String stateId = saved.json().get("state_id").asText();

        Browser other = browser();
        assertEquals(404, other.get("/state/" + stateId).status());
        Browser.Reply restore = other.post("/state/" + stateId + "?wait=1", Map.of("auth", Map.of("token", "t")));
        assertEquals(202, restore.status());
        Browser.Reply got = other.get("/state/" + stateId + "?wait=1");
        assertEquals(200, got.status());
        List<String> newIds = ids(other);
        assertEquals(1, newIds.size());
        assertNotEquals(id, newIds.get(0));
        String x = got.json().at("/state/chartState/x").asText();
        assertTrue(x, x.contains(newIds.get(0)));
        assertFalse(x.contains(id));
        assertEquals("keep me", got.json().at("/state/chartState/label").asText());

        Browser.Reply noRef = a.post("/state", Map.of("state", Map.of("a", 1), "handler", "test", "server", "s"));
        assertEquals(400, noRef.status());
        assertEquals(404, a.post("/state/00000000-0000-4000-8000-000000000000", Map.of("auth", Map.of("token", "t")))
                .status());
    }

    @Test
    public void correlationThroughRestEqualsTheGoldenCase() throws Exception {
        Golden.assertThroughRest(browser(), "compute-correlation", "basic_pearson");
        Golden.assertThroughRest(browser(), "compute-correlation", "subsets_categories_spearman");
        Golden.assertThroughRest(browser(), "compute-correlation", "error_no_shared_ids");
    }

    @Test
    public void shellListsPluginsAndSessions() throws Exception {
        Browser b = browser();
        load(b, numbers("h", 1, 2));
        String connectors = shell("fractalis:connector-list");
        assertTrue(connectors, connectors.contains("test") && connectors.contains("demo_tcga_coad"));
        String tasks = shell("fractalis:task-list");
        assertTrue(tasks, tasks.contains("compute-correlation") && tasks.contains("add_test_task"));
        String sessions = shell("fractalis:session-list");
        assertTrue(sessions, sessions.contains(b.sessionCookie()));
    }
}
