package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The behaviours the original's functional tests (tests/functional/test_{data,analytics,state,misc}.py) check,
 * through HTTP, on a node that encrypts its cache (so every load and analysis here also exercises AES-GCM) in
 * chunks of 4 KiB.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FunctionalPortIT extends FractalisTestSupport {

    /** Every answer the browsers of these tests get is checked against the node's OpenAPI document. */
    @org.junit.Before
    public void checkEveryAnswerAgainstTheOpenApiDocument() {
        checkAnswersAgainstOpenApi();
    }

    @org.junit.After
    public void noAnswerOutsideTheOpenApiDocument() {
        assertAnswersMatchedOpenApi("FunctionalPortIT");
    }

    @Configuration
    public Option[] config() {
        return baseConfig(
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "encrypt.cache", "true"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "secret", "itest-only-" + UUID.randomUUID()),
                // frames in chunks of 4 KiB (default 64 MiB): every variable here spans several stored values
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "cache.chunk.kilobytes", "4"));
    }

    private static Map<String, Object> randomLoad(String token, int descriptors) {
        List<Map<String, Object>> ds = new ArrayList<>();
        for (int i = 0; i < descriptors; i++) {
            ds.add(Map.of("data_type", "numerical_array", "num_samples", 5, "num_features", 2,
                    "label", "r" + UUID.randomUUID()));
        }
        return Map.of("handler", "test", "server", "localhost:1234", "auth", Map.of("token", token),
                "descriptors", ds);
    }

    // ---------------------------------------------------------------- misc

    @Test
    public void versionHasTheSemverForm() {
        Browser.Reply r = browser().get("/misc/version");
        assertEquals(201, r.status());
        assertTrue(r.json().get("version").asText().matches("^\\d+\\.\\d+\\.\\d+$"));
    }

    // ---------------------------------------------------------------- data

    @Test
    public void invalidPayloadsAre400() {
        Browser b = browser();
        List<Map<String, Object>> bad = new ArrayList<>();
        Map<String, Object> good = Map.of("handler", "test", "server", "localhost", "auth", Map.of("token", "1"),
                "descriptors", List.of(Map.of("data_type", "numerical", "num_samples", 3)));
        String[][] variants = {{"handler", ""}, {"server", ""}, {"auth", ""}, {"descriptors", ""}};
        for (String[] v : variants) {
            Map<String, Object> m = new HashMap<>(good);
            m.put(v[0], v[1]);
            bad.add(m);
        }
        Map<String, Object> noKind = new HashMap<>(good);
        noKind.put("descriptors", List.of(Map.of("concept", "GSE1234")));
        bad.add(noKind);
        Map<String, Object> emptyKind = new HashMap<>(good);
        emptyKind.put("descriptors", List.of(Map.of("data_type", "", "concept", "GSE1234")));
        bad.add(emptyKind);
        Map<String, Object> noDescriptors = new HashMap<>(good);
        noDescriptors.put("descriptors", List.of());
        bad.add(noDescriptors);
        Map<String, Object> emptyAuth = new HashMap<>(good);
        emptyAuth.put("auth", Map.of());
        bad.add(emptyAuth);
        for (Map<String, Object> body : bad) {
            Browser.Reply r = b.post("/data", body);
            assertEquals(body + " -> " + r, 400, r.status());
            assertTrue(r.json().get("error").asText().length() > 5);
        }
        assertTrue(ids(b).isEmpty());
    }

    @Test
    public void postReturns201WithAnEmptyBodyAndTracksEveryDescriptor() {
        Browser b = browser();
        Browser.Reply r = b.post("/data", randomLoad("7746391376142672192764", 3));
        assertEquals(201, r.status());
        assertEquals("", r.json().asText());
        JsonNode states = b.get("/data").json().get("data_states");
        assertEquals(3, states.size());
        for (JsonNode s : states) {
            assertFalse(s.has("file_path"));
            assertFalse(s.has("meta"));
            assertEquals("numerical_array", s.get("data_type").asText());
            String st = s.get("etl_state").asText();
            assertTrue(st, st.equals("SUBMITTED") || st.equals("SUCCESS"));
        }
        for (JsonNode s : b.get("/data?wait=1").json().get("data_states")) {
            assertEquals("SUCCESS", s.get("etl_state").asText());
            assertTrue(s.get("etl_message").isNull());
        }
    }

    @Test
    public void manyPostsKeepEveryTask() {
        Browser b = browser();
        for (int i = 0; i < 5; i++) {
            assertEquals(201, b.post("/data?wait=1", randomLoad("t", 3)).status());
        }
        assertEquals(15, ids(b).size());
    }

    @Test
    public void failingEtlsReportFailureWithAMessage() {
        Browser b = browser();
        b.post("/data", randomLoad("fail", 3));
        for (JsonNode s : b.get("/data?wait=1").json().get("data_states")) {
            assertEquals("FAILURE", s.get("etl_state").asText());
            assertTrue(s.get("etl_message").asText().contains("Throwing because I was told to."));
        }
    }

    @Test
    public void deleteRemovesFinishedRunningAndFailedTasks() {
        Browser b = browser();
        b.post("/data?wait=1", randomLoad("t", 2));
        b.post("/data", randomLoad("t", 2));
        b.post("/data?wait=1", randomLoad("fail", 2));
        List<String> all = ids(b);
        assertEquals(6, all.size());
        for (String id : all) {
            assertEquals(200, b.delete("/data/" + id).status());
            assertFalse(ids(b).contains(id));
            assertEquals(403, b.get("/data/meta/" + id).status());
        }
    }

    @Test
    public void foreignDeleteAndMetaAre403AndLoseNothing() {
        Browser owner = browser();
        Browser other = browser();
        owner.post("/data?wait=1", randomLoad("t", 2));
        for (String id : ids(owner)) {
            Browser.Reply d = other.delete("/data/" + id);
            assertEquals(403, d.status());
            assertTrue(d.json().get("error").asText().contains("Refusing access."));
            Browser.Reply m = other.get("/data/meta/" + id);
            assertEquals(403, m.status());
            assertTrue(m.json().get("error").asText().contains("Refusing access."));
        }
        assertEquals(2, ids(owner).size());
        for (String id : ids(owner)) {
            assertEquals(200, owner.get("/data/meta/" + id).status());
        }
    }

    @Test
    public void deleteAllEmptiesTheSession() {
        Browser b = browser();
        b.post("/data?wait=1", randomLoad("t", 3));
        assertEquals(200, b.delete("/data").status());
        assertTrue(ids(b).isEmpty());
    }

    @Test
    public void metaHasFeaturesOnceLoaded() {
        Browser b = browser();
        b.post("/data?wait=1", randomLoad("t", 1));
        String id = ids(b).get(0);
        JsonNode meta = b.get("/data/meta/" + id + "?wait=1").json().get("meta");
        assertEquals(2, meta.get("features").size());
        assertEquals(5, meta.at("/descriptor/num_samples").asInt());
    }

    // ---------------------------------------------------------------- analytics

    @Test
    public void newAnalysisIs201WithAUuidAndHeadWorks() {
        Browser b = browser();
        Browser.Reply r = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2)));
        assertEquals(201, r.status());
        String id = r.json().get("task_id").asText();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(200, b.get("/analytics/" + id + "?wait=1").status());
    }

    @Test
    public void invalidAnalyticsBodiesAre400() {
        Browser b = browser();
        assertEquals(400, b.post("/analytics", Map.of("task_name", "i_dont_exist_task", "args", Map.of("a", 1)))
                .status());
        assertEquals(400, b.post("/analytics", Map.of("task_name", "", "args", Map.of("a", 1))).status());
        assertEquals(400, b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of())).status());
    }

    @Test
    public void sameTaskTwiceDoesNotConflictAndUnfinishedHasNoResult() {
        Browser b = browser();
        String first = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args", Map.of("seconds", 30)))
                .json().get("task_id").asText();
        String second = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args", Map.of("seconds", 30)))
                .json().get("task_id").asText();
        assertNotEquals(first, second);
        for (String id : List.of(first, second)) {
            JsonNode s = b.get("/analytics/" + id).json();
            assertEquals("SUBMITTED", s.get("state").asText());
            assertTrue(s.get("result").isNull());
            assertEquals(200, b.delete("/analytics/" + id).status());
            assertEquals(403, b.get("/analytics/" + id).status());
        }
    }

    @Test
    public void unknownOrForeignTaskIdsAre403() {
        Browser b = browser();
        String random = UUID.randomUUID().toString();
        assertEquals(403, b.get("/analytics/" + random).status());
        assertEquals(403, b.delete("/analytics/" + random).status());
    }

    @Test
    public void finishedTaskCanBeDeletedThenIs403() {
        Browser b = browser();
        String id = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 1)))
                .json().get("task_id").asText();
        assertEquals("SUCCESS", b.get("/analytics/" + id + "?wait=1").json().get("state").asText());
        assertEquals(200, b.delete("/analytics/" + id).status());
        assertEquals(403, b.get("/analytics/" + id).status());
    }

    @Test
    public void sumOfEncryptedRandomFrameIsAFloat() throws Exception {
        Browser b = browser();
        b.post("/data?wait=1", randomLoad("t", 1));
        Browser.Reply r = analyse(b, "sum_df_test_task", Map.of("a", "$" + ids(b).get(0) + "$"));
        assertEquals("SUCCESS", r.json().get("state").asText());
        double sum = Browser.JSON.readTree(r.json().get("result").asText()).get("sum").asDouble();
        assertTrue(Double.isFinite(sum));
    }

    /**
     * Issue 12, item 2 on the embedded (durable) store: a variable of 6,000 rows is stored encrypted as many chunks
     * of at most 4 KiB, an analysis reads every value back exactly, and deleting it removes every chunk.
     */
    @Test
    public void aFrameLargerThanAChunkIsReadBackExactlyAndDeletedWithAllItsChunks() throws Exception {
        Browser b = browser();
        int rows = 6000;
        Browser.Reply load = b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth",
                Map.of("token", "t"), "descriptors", List.of(LargeFrames.descriptor("large", rows))));
        assertEquals(load.toString(), 201, load.status());
        String id = ids(b).get(0);
        assertEquals("SUCCESS", dataState(b, id).get("etl_state").asText());
        org.osgi.framework.ServiceReference<org.fractalis.api.backend.StateStore> ref = bundleContext
                .getServiceReferences(org.fractalis.api.backend.StateStore.class, "(fractalis.backend=embedded)")
                .iterator().next();
        org.fractalis.api.backend.StateStore store = bundleContext.getService(ref);
        try {
            List<String> chunks = store.keys("frame:" + id + ":");
            assertTrue(chunks.size() + " chunks", chunks.size() >= 5);
            for (String k : chunks) {
                assertTrue(k, store.get(k).orElseThrow().length <= 4096);
            }
            LargeFrames.assertReadBack(b, id, rows);
            assertEquals(200, b.delete("/data/" + id).status());
            assertEquals(List.of(), store.keys("frame:" + id));
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    @Test
    public void resultsThatAreNoDictOrNoJsonAreTypeErrors() {
        Browser b = browser();
        Browser.Reply noDict = analyse(b, "no_dict_task", Map.of("a", 1));
        assertEquals("FAILURE", noDict.json().get("state").asText());
        assertTrue(noDict.json().get("result").asText().contains("TypeError"));
        Browser.Reply noJson = analyse(b, "invalid_json_task", Map.of("a", 1));
        assertEquals("FAILURE", noJson.json().get("state").asText());
        assertTrue(noJson.json().get("result").asText().contains("TypeError"));
    }

    @Test
    public void listsOfReferencesAreResolved() throws Exception {
        Browser b = browser();
        List<Map<String, Object>> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(Map.of("data_type", "numerical", "num_samples", 10, "label", "n" + i));
        }
        b.post("/data?wait=1", Map.of("handler", "test", "server", "s", "auth", Map.of("token", "t"),
                "descriptors", three));
        List<String> refs = new ArrayList<>();
        for (String id : ids(b)) {
            refs.add("$" + id + "$");
        }
        Browser.Reply merged = analyse(b, "merge_df_task", Map.of("df_list", refs));
        assertEquals(merged.toString(), "SUCCESS", merged.json().get("state").asText());
        JsonNode result = Browser.JSON.readTree(merged.json().get("result").asText());
        assertEquals(30, Browser.JSON.readTree(result.get("df").asText()).size());
        Browser.Reply empty = analyse(b, "merge_df_task", Map.of("df_list", List.of()));
        assertEquals("SUCCESS", empty.json().get("state").asText());
    }

    // ---------------------------------------------------------------- state

    @Test
    public void stateWithoutOrWithUnknownReferencesIs400() {
        Browser b = browser();
        Browser.Reply none = b.post("/state", Map.of("state", Map.of("abc", "$...foo"), "handler", "test",
                "server", "localfoo"));
        assertEquals(400, none.status());
        assertTrue(none.json().get("error").asText().contains("contains no data task ids"));
        Browser.Reply unknown = b.post("/state", Map.of("state", Map.of("abc", "$" + UUID.randomUUID() + "$"),
                "handler", "test", "server", "localfoo"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().get("error").asText().contains("could not be found"));
    }

    @Test
    public void stateRestoreErrors() {
        Browser b = browser();
        Browser.Reply missing = b.post("/state/" + UUID.randomUUID(), Map.of("auth", Map.of("token", "")));
        assertEquals(404, missing.status());
        assertTrue(missing.json().get("error").asText().contains("not find state associated with id"));
        assertEquals(404, b.post("/state/123", Map.of("auth", Map.of())).status());
        assertEquals(400, b.post("/state/" + UUID.randomUUID(), Map.of("foo", 123)).status());
        Browser.Reply get = b.get("/state/" + UUID.randomUUID());
        assertEquals(404, get.status());
        assertTrue(get.json().get("error").asText().contains("Cannot get state."));
        assertEquals(404, b.get("/state/123").status());
    }

    @Test
    public void restoredStateIs202WhileLoadingThen200AndNeedsAPriorPost() {
        Browser a = browser();
        a.post("/data?wait=1", randomLoad("t", 1));
        String id = ids(a).get(0);
        String stateId = a.post("/state", Map.of("state", Map.of("test", List.of("$" + id + "$")), "handler", "test",
                "server", "localfoo")).json().get("state_id").asText();
        Browser b = browser();
        assertEquals(404, b.get("/state/" + stateId).status());
        Browser.Reply restore = b.post("/state/" + stateId, Map.of("auth", Map.of("token", "")));
        assertEquals(202, restore.status());
        assertEquals("", restore.json().asText());
        Browser.Reply first = b.get("/state/" + stateId);
        assertTrue(first.toString(), first.status() == 202 || first.status() == 200);
        if (first.status() == 202) {
            assertEquals("ETLs are still running.", first.json().get("message").asText());
        }
        Browser.Reply done = b.get("/state/" + stateId + "?wait=1");
        assertEquals(200, done.status());
        String newRef = done.json().at("/state/test/0").asText();
        assertEquals("$" + ids(b).get(0) + "$", newRef);
    }

    @Test
    public void restoredStateWithFailingEtlIs403() {
        Browser a = browser();
        a.post("/data?wait=1", randomLoad("t", 1));
        String stateId = a.post("/state", Map.of("state", Map.of("x", "$" + ids(a).get(0) + "$"), "handler", "test",
                "server", "localfoo")).json().get("state_id").asText();
        Browser b = browser();
        b.post("/state/" + stateId, Map.of("auth", Map.of("token", "fail")));
        Browser.Reply r = b.get("/state/" + stateId + "?wait=1");
        assertEquals(403, r.status());
        assertTrue(r.json().get("error").asText().contains("ETLs failed"));
    }
}
