package org.fractalis.itests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks HTTP answers against the node's OpenAPI document with a JSON-schema validator (networknt, the library the
 * node validates requests with): the status must be documented for the operation, the body must match the schema
 * of that status (components resolved by $ref inside the document), and every documented header that is present
 * must match its schema. Collects failures instead of throwing, so a test reports all of them at once.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The IRI the document is known by inside the validator (never fetched). */
    static final String DOC = "https://fractalis.invalid/openapi.json";
    private final JsonNode doc;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    final List<String> failures = new ArrayList<>();
    /** Status codes checked, by operation ("GET /data/{id}"). */
    final Map<String, Set<Integer>> checked = new TreeMap<>();
    int responses;

    OpenApiContract(String text) {
        try {
            this.doc = JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the OpenAPI document is not JSON", e);
        }
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaLoaders(l -> l.schemas(Map.of(DOC, text))));
    }

    JsonNode document() {
        return doc;
    }

    /** A schema of the document by JSON pointer, e.g. {@code /components/schemas/Error}. */
    JsonSchema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(DOC + "#" + p)));
    }

    /** Validates a JSON value against a schema of the document; messages go to {@link #failures}. */
    void validate(String what, String pointer, JsonNode value) {
        for (ValidationMessage m : schema(pointer).validate(value)) {
            failures.add(what + ": " + m.getMessage());
        }
    }

    /** Checks one answer of {@code method path} (path as in the document, e.g. {@code /data/{id}}). */
    Browser.Reply check(String method, String path, Browser.Reply r) {
        String op = method.toUpperCase() + " " + path;
        responses++;
        checked.computeIfAbsent(op, k -> new java.util.TreeSet<>()).add(r.status());
        String base = "/paths/" + escape(path) + "/" + method.toLowerCase();
        if (doc.at(base).isMissingNode()) {
            failures.add(op + ": not an operation of the document");
            return r;
        }
        String pointer = base + "/responses/" + r.status();
        JsonNode response = doc.at(pointer);
        if (response.isMissingNode()) {
            failures.add(op + " answered " + r.status() + ", which the document does not list: " + r.body());
            return r;
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = doc.at(pointer);
        }
        checkResponse(op + " " + r.status(), pointer, response, r);
        return r;
    }

    /** Checks an answer against a response object of the document (e.g. {@code /components/responses/Error}). */
    void checkResponse(String what, String pointer, JsonNode response, Browser.Reply r) {
        JsonNode content = response.path("content").path("application/json");
        if (!content.isMissingNode()) {
            String type = r.header("Content-Type");
            if (type == null || !type.toLowerCase().startsWith("application/json")) {
                failures.add(what + ": Content-Type " + type + ", documented application/json");
            } else {
                JsonNode body;
                try {
                    body = JSON.readTree(r.body());
                } catch (IOException e) {
                    failures.add(what + ": the body is not JSON: " + r.body());
                    return;
                }
                validate(what + " body", pointer + "/content/application~1json/schema", body);
            }
        } else if (!r.body().isEmpty()) {
            failures.add(what + ": a body where the document has none: " + r.body());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> h = it.next();
            String value = r.header(h.getKey());
            JsonNode header = h.getValue();
            String headerPointer = pointer + "/headers/" + escape(h.getKey());
            if (header.has("$ref")) {
                headerPointer = header.get("$ref").asText().substring(1);
                header = doc.at(headerPointer);
            }
            if (value == null) {
                if (header.path("required").asBoolean()) {
                    failures.add(what + ": header " + h.getKey() + " missing");
                }
                continue;
            }
            if (header.has("schema")) {
                validate(what + " header " + h.getKey(), headerPointer + "/schema", JSON.getNodeFactory().textNode(value));
            }
        }
    }

    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** What answers a request that is no operation, unless a check that comes first refused it. */
    private static final Map<Integer, String> REFUSALS = Map.of(400, "BadRequest", 403, "Forbidden", 404, "NotFound",
            405, "MethodNotAllowed", 406, "NotAcceptable", 413, "TooLarge", 415, "UnsupportedMediaType");

    /**
     * Checks an answer to any request (as {@link Browser} sends them): the path is matched against the document's
     * path templates; an operation is checked as in {@link #check}, anything else (a path id that is no UUID, a path
     * or method the API does not have) must be 404 or 405, or one of the refusals that come first, with their
     * documented body.
     */
    void observe(String method, String rawPath, Browser.Reply r) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        String template = null;
        boolean validIds = true;
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext();) {
            String t = it.next();
            String regex = "^" + java.util.regex.Pattern.quote(t).replace("{id}", "\\E([^/]+)\\Q") + "$";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(path);
            if (m.matches()) {
                template = t;
                for (int g = 1; g <= m.groupCount(); g++) {
                    validIds &= UUID.matcher(m.group(g)).matches();
                }
                break;
            }
        }
        if (template != null && validIds && doc.at("/paths/" + escape(template) + "/" + method.toLowerCase())
                .isObject()) {
            check(method, template, r);
            return;
        }
        responses++;
        String what = method + " " + path + " (no operation) " + r.status();
        checked.computeIfAbsent(method + " (no operation)", k -> new java.util.TreeSet<>()).add(r.status());
        String component = REFUSALS.get(r.status());
        if (component == null) {
            failures.add(what + ": neither 404 nor 405 nor a refusal the document lists: " + r.body());
            return;
        }
        String pointer = "/components/responses/" + component;
        checkResponse(what, pointer, doc.at(pointer), r);
    }

    private static String escape(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }

    /** A summary for the test's output: responses, operations and status codes checked. */
    String summary() {
        int statuses = checked.values().stream().mapToInt(Set::size).sum();
        return responses + " responses checked, " + checked.size() + " operations, " + statuses
                + " (operation, status) pairs: " + checked;
    }
}
