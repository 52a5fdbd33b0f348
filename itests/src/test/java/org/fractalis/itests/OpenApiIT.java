package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * GET /openapi.json of a booted node is the committed docs/openapi.json and a sound OpenAPI 3.1 document, and the
 * node's answers along a whole fractal.js flow (load, list, meta, analyses with success and failure, save and
 * restore a state, cancel, delete, version, plugins, health, preflights) and its refusals (400, 403, 404, 405, 406,
 * 413, 415, 429) match it: every answer is validated against the document's schemas with a JSON-schema validator
 * (networknt), results of analytics tasks down to their double-encoded fields.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT extends FractalisTestSupport {
    private static final String COMMITTED = "fractalis.itest.openapi";
    private static final String PAGE = "http://127.0.0.1:1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JOBS = 4;

    @Configuration
    public Option[] config() {
        String docs = new File(System.getProperty("fractalis.buildDirectory", "target"), "../../docs/openapi.json")
                .getAbsolutePath();
        return baseConfig(systemProperty(COMMITTED).value(docs),
                // small limits so that 413 and 429 are cheap to provoke
                editConfigurationFilePut("etc/org.fractalis.web.cfg", "max.body.megabytes", "1"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "session.max.jobs", Integer.toString(MAX_JOBS)));
    }

    @Test
    public void theDocumentIsTheCommittedOneAndEveryAnswerOfAFlowMatchesIt() throws Exception {
        awaitHttp();
        Browser.Reply served = raw("GET", "/openapi.json", Map.of("Origin", PAGE), null);
        assertEquals(200, served.status());
        assertNull("no session is made for the document", served.header("Set-Cookie"));
        String committed = Files.readString(new File(System.getProperty(COMMITTED)).toPath(), StandardCharsets.UTF_8);
        assertEquals("the served document is docs/openapi.json", committed, served.body());
        OpenApiContract api = new OpenApiContract(served.body());
        soundOpenApi31(api.document());
        api.check("GET", "/openapi.json", served);

        flow(api);
        refusals(api);
        plugins(api);

        System.out.println("OpenApiIT: " + api.summary());
        assertEquals(api.failures.toString(), List.of(), api.failures);
        assertTrue(api.summary(), api.responses >= 50 && api.checked.size() >= 18);
    }

    /**
     * What a validator of OpenAPI 3.1 needs to hold, checked with the JSON-schema library: version 3.1.x, every
     * schema of components a valid JSON Schema 2020-12 (the meta-schema validates it), every $ref resolves inside
     * the document, operation ids unique, every operation has responses.
     */
    private static void soundOpenApi31(JsonNode doc) {
        assertTrue(doc.get("openapi").asText().startsWith("3.1."));
        assertTrue(doc.path("info").has("title") && doc.path("info").has("version"));
        // the meta-schemas are resources of the validator's bundle: it reads them with the context class loader
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        JsonSchema meta;
        try {
            t.setContextClassLoader(JsonSchemaFactory.class.getClassLoader());
            meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
            meta.initializeValidators(); // loads the vocabularies' meta-schemas now, with this class loader
        } finally {
            t.setContextClassLoader(old);
        }
        List<String> problems = new ArrayList<>();
        doc.at("/components/schemas").fields().forEachRemaining(e -> {
            for (ValidationMessage m : meta.validate(e.getValue())) {
                problems.add("schema " + e.getKey() + ": " + m.getMessage());
            }
        });
        List<JsonNode> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (JsonNode ref : refs) {
            String r = ref.asText();
            if (!r.startsWith("#/") || doc.at(r.substring(1).replace("%7B", "{").replace("%7D", "}"))
                    .isMissingNode()) {
                problems.add("$ref does not resolve: " + r);
            }
        }
        Set<String> ids = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(o -> {
            if (Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(o.getKey())) {
                if (!ids.add(o.getValue().path("operationId").asText())) {
                    problems.add("operationId twice or missing: " + p.getKey() + " " + o.getKey());
                }
                if (o.getValue().path("responses").size() == 0) {
                    problems.add("no responses: " + p.getKey() + " " + o.getKey());
                }
            }
        }));
        assertEquals(List.of(), problems);
        assertTrue("refs checked: " + refs.size(), refs.size() > 100);
    }

    private static void collectRefs(JsonNode n, List<JsonNode> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if ("$ref".equals(e.getKey())) {
                    out.add(e.getValue());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(x -> collectRefs(x, out));
        }
    }

    /** What fractal.js does, from loading to deleting, plus the health endpoints and preflights. */
    private void flow(OpenApiContract api) throws Exception {
        Browser b = browser();
        api.check("GET", "/misc/version", b.get("/misc/version"));
        api.check("GET", "/health/live", b.get("/health/live"));
        api.check("GET", "/health/ready", b.get("/health/ready"));
        api.check("OPTIONS", "/data", b.options("/data", "POST", "content-type,x-xsrf-token"));
        api.check("OPTIONS", "/analytics/{id}", b.options("/analytics/" + UUID.randomUUID(), "GET", "accept"));
        api.check("GET", "/data", b.get("/data"));

        Map<String, Object> load = Map.of("handler", "test", "server", "http://test", "auth", Map.of("token", "t"),
                "descriptors", List.of(
                        rows("numerical", "x", List.of(row("p1", "x", 1.0), row("p2", "x", 2.0),
                                row("p3", "x", 4.0), row("p4", "x", 3.5))),
                        rows("numerical", "y", List.of(row("p1", "y", 2.0), row("p2", "y", 3.0),
                                row("p3", "y", 7.0), row("p4", "y", 5.0))),
                        rows("categorical", "c", List.of(row("p1", "c", "a"), row("p2", "c", "b"),
                                row("p3", "c", "a"), row("p4", "c", "b")))));
        api.check("POST", "/data", b.post("/data", load));
        await("loads ended", Duration.ofSeconds(120), () -> {
            Browser.Reply r = api.check("GET", "/data", b.get("/data"));
            JsonNode states = r.json().get("data_states");
            return states.size() == 3 && !states.toString().contains("SUBMITTED");
        });
        List<String> ids = ids(b);
        String x = ids.get(0);
        String y = ids.get(1);
        String c = ids.get(2);
        api.check("GET", "/data/meta/{id}", b.get("/data/meta/" + x + "?wait=1"));

        result(api, b, "compute-correlation", Map.of("x", ref(x), "y", ref(y), "id_filter", List.of(),
                "method", "pearson", "subsets", List.of(), "categories", List.of(ref(c))));
        result(api, b, "compute-histogram", Map.of("bw_factor", 0.5, "num_bins", 3, "id_filter", List.of(),
                "subsets", List.of(), "data", ref(x), "categories", List.of()));
        result(api, b, "compute-boxplot", Map.of("features", List.of(ref(x), ref(y)), "categories", List.of(),
                "id_filter", List.of(), "transformation", "identity", "subsets", List.of()));
        Browser.Reply failed = result(api, b, "div_test_task", Map.of("a", 1, "b", 0));
        assertEquals("FAILURE", failed.json().get("state").asText());

        // a state saved by this browser, restored in a second one
        Browser.Reply saved = api.check("POST", "/state", b.post("/state", Map.of("state",
                Map.of("chart", "scatterplot", "x", ref(x)), "handler", "test", "server", "http://test")));
        assertEquals(201, saved.status());
        String state = saved.json().get("state_id").asText();
        Browser other = browser();
        api.check("POST", "/state/{id}", other.post("/state/" + state, Map.of("auth", Map.of("token", "t"))));
        await("restored state ready", Duration.ofSeconds(120), () ->
                api.check("GET", "/state/{id}", other.get("/state/" + state)).status() == 200);

        // cancel a running task, then delete one variable and then all
        Browser.Reply slow = api.check("POST", "/analytics", b.post("/analytics",
                Map.of("task_name", "nothing_test_task", "args", Map.of("seconds", 30))));
        String slowId = slow.json().get("task_id").asText();
        api.check("GET", "/analytics/{id}", b.get("/analytics/" + slowId));
        api.check("DELETE", "/analytics/{id}", b.delete("/analytics/" + slowId));
        api.check("DELETE", "/data/{id}", b.delete("/data/" + x));
        api.check("DELETE", "/data", b.delete("/data"));
        assertEquals(0, api.check("GET", "/data", b.get("/data")).json().get("data_states").size());
    }

    /** POST /analytics, poll until it ended; the result text is validated against the task's result schema. */
    private static Browser.Reply result(OpenApiContract api, Browser b, String task, Map<String, Object> args)
            throws IOException {
        Browser.Reply submitted = api.check("POST", "/analytics", b.post("/analytics",
                Map.of("task_name", task, "args", args)));
        assertEquals(submitted.toString(), 201, submitted.status());
        String poll = "/analytics/" + submitted.json().get("task_id").asText();
        Browser.Reply[] last = {api.check("GET", "/analytics/{id}", b.get(poll + "?wait=1"))};
        await(task + " ended", Duration.ofSeconds(120), () -> {
            if (!"SUBMITTED".equals(last[0].json().get("state").asText())) {
                return true;
            }
            last[0] = api.check("GET", "/analytics/{id}", b.get(poll));
            return false;
        });
        JsonNode status = last[0].json();
        if ("SUCCESS".equals(status.get("state").asText())) {
            JsonNode result = JSON.readTree(status.get("result").asText());
            String schema = "/components/schemas/TaskResult." + task;
            assertFalse("a result schema for " + task, api.document().at(schema).isMissingNode());
            api.validate(task + " result", schema, result);
            // the double-encoded field: JSON text whose content has a schema of its own
            JsonNode data = result.get("data");
            if (data != null && data.isTextual()) {
                api.validate(task + " result.data", schema + "/properties/data/contentSchema",
                        JSON.readTree(data.asText()));
            }
        }
        return last[0];
    }

    /** Refusals the document lists, provoked cheaply. */
    private void refusals(OpenApiContract api) {
        Browser b = browser();
        String unknown = UUID.randomUUID().toString();
        // 400: not JSON, against the schema, an unknown handler or task
        api.check("POST", "/data", b.post("/data", "{nope"));
        api.check("POST", "/data", b.post("/data", Map.of("handler", "test")));
        api.check("POST", "/data", b.post("/data", Map.of("handler", "nope", "server", "s", "auth",
                Map.of("t", "t"), "descriptors", List.of(Map.of("a", 1)))));
        Browser.Reply noTask = api.check("POST", "/analytics", b.post("/analytics",
                Map.of("task_name", "no-such-task", "args", Map.of("a", 1))));
        assertEquals(400, noTask.status());
        assertTrue(noTask.body(), noTask.json().has("error_msg"));
        api.check("POST", "/state", b.post("/state", Map.of("state", Map.of("x", ref(unknown)), "handler", "test",
                "server", "http://test")));
        api.check("GET", "/misc/version", raw("GET", "/misc/version", Map.of("Accept", "application/json;q=x"),
                null));
        // 403: another session's (or no) task, a POST from a foreign page
        api.check("GET", "/analytics/{id}", b.get("/analytics/" + unknown));
        api.check("DELETE", "/analytics/{id}", b.delete("/analytics/" + unknown));
        api.check("GET", "/data/meta/{id}", b.get("/data/meta/" + unknown));
        api.check("POST", "/data", raw("POST", "/data", Map.of("Origin", "https://evil.example",
                "Content-Type", "application/json"), "{}"));
        api.check("OPTIONS", "/data", raw("OPTIONS", "/data", Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"), null));
        // 404: a state nobody saved, a path id that is no UUID
        api.check("POST", "/state/{id}", b.post("/state/" + unknown, Map.of("auth", Map.of())));
        api.check("GET", "/state/{id}", b.get("/state/" + unknown));
        Browser.Reply notUuid = b.get("/analytics/not-a-uuid");
        assertEquals(404, notUuid.status());
        api.checkResponse("GET /analytics/not-a-uuid 404", "/components/responses/NotFound",
                api.document().at("/components/responses/NotFound"), notUuid);
        // 405: a method the node does not serve at all, and one the path does not serve
        Browser.Reply put = raw("PUT", "/data", Map.of("Content-Type", "application/json"), "{}");
        assertEquals(405, put.status());
        assertTrue(put.header("Allow"), put.header("Allow").contains("GET"));
        api.checkResponse("PUT /data 405", "/components/responses/MethodNotAllowed",
                api.document().at("/components/responses/MethodNotAllowed"), put);
        Browser.Reply getById = b.get("/data/" + unknown);
        assertEquals(405, getById.status());
        api.checkResponse("GET /data/{id} 405", "/components/responses/MethodNotAllowed",
                api.document().at("/components/responses/MethodNotAllowed"), getById);
        // 406, 413, 415
        Browser.Reply html = api.check("GET", "/data", raw("GET", "/data", Map.of("Accept", "text/html"), null));
        assertEquals(406, html.status());
        Browser.Reply big = api.check("POST", "/data",
                b.postDeclaringLength("/data", (1 << 20) + 10));
        assertEquals(413, big.status());
        Browser.Reply form = api.check("POST", "/analytics", raw("POST", "/analytics",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b"));
        assertEquals(415, form.status());
        api.check("DELETE", "/data", raw("DELETE", "/data", Map.of("Content-Type", "text/plain"), "x"));
        // 429: the session's job quota, then its tasks cancelled
        Browser busy = browser();
        List<String> running = new ArrayList<>();
        Browser.Reply r;
        do {
            r = api.check("POST", "/analytics", busy.post("/analytics", Map.of("task_name", "nothing_test_task",
                    "args", Map.of("seconds", 60))));
            if (r.status() == 201) {
                running.add(r.json().get("task_id").asText());
            }
        } while (r.status() == 201 && running.size() <= MAX_JOBS);
        assertEquals(r.toString(), 429, r.status());
        assertEquals(MAX_JOBS, running.size());
        for (String id : running) {
            api.check("DELETE", "/analytics/{id}", busy.delete("/analytics/" + id));
        }
    }

    /** GET /misc/plugins lists exactly what the shell's connector-list and task-list show, with versions. */
    private void plugins(OpenApiContract api) throws Exception {
        Browser b = browser();
        await("the node's plugins announced", Duration.ofSeconds(30), () -> b.get("/misc/plugins").json()
                .get("tasks").size() > 0);
        JsonNode plugins = api.check("GET", "/misc/plugins", b.get("/misc/plugins")).json();
        assertEquals(names(shell("fractalis:connector-list")), names(plugins.get("handlers")));
        assertEquals(names(shell("fractalis:task-list")), names(plugins.get("tasks")));
        for (JsonNode p : plugins.get("handlers")) {
            assertEquals(p.toString(), 1, p.get("nodes").asInt());
            assertEquals(p.toString(), 1, p.get("bundles").size());
            assertFalse(p.toString(), p.at("/bundles/0/version").asText().isEmpty());
        }
        JsonNode pca = null;
        for (JsonNode t : plugins.get("tasks")) {
            if (t.get("name").asText().equals("compute-pca")) {
                pca = t;
            }
        }
        assertEquals("fractalis-analytics-pca", pca.at("/bundles/0/bundle").asText());
    }

    private static Set<String> names(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    /** The rows of a one-column shell table (after its header and rule). */
    private static Set<String> names(String table) {
        Set<String> out = new TreeSet<>();
        String[] lines = table.strip().split("\\R");
        for (int i = 2; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(lines[i].strip());
            }
        }
        return out;
    }

    /** A request with exactly these headers (no cookie jar). */
    private static Browser.Reply raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(req::header);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Browser.Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
