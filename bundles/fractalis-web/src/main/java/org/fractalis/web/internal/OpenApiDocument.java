package org.fractalis.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document served at {@code GET /openapi.json} (and committed as {@code docs/openapi.json}, which a
 * unit test keeps identical). It is built from {@code openapi-template.json} so that nothing is written twice:
 * <ul>
 * <li>request schemas ({@code {"x-fractalis-schema": "data.json"}}) are the very files {@link JsonBodies}
 * validates with, embedded as they are (only {@code $schema} is dropped: their draft-07 keywords mean the same in
 * the 2020-12 dialect of OpenAPI 3.1);</li>
 * <li>what the REST servlet does for every operation of a path marked {@code "x-fractalis-servlet": "rest"} is
 * added here, once: the session cookie and Origin parameters, the answers it gives before or around Jersey (400
 * malformed headers, 406, 503, and for POST/DELETE 403 foreign origin, 413, 415), the CORS and Set-Cookie headers
 * of each answer, and an OPTIONS (preflight) operation wherever {@link Edge#isApiPath} answers preflights.</li>
 * </ul>
 */
public final class OpenApiDocument {
    static final String TEMPLATE = "openapi-template.json";
    private static final String SCHEMA_MARK = "x-fractalis-schema";
    private static final String SERVLET_MARK = "x-fractalis-servlet";
    private static final String SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile byte[] bytes;

    private OpenApiDocument() {
    }

    /** The document as served: pretty-printed UTF-8 JSON ending in a newline. */
    public static byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = text().getBytes(StandardCharsets.UTF_8);
            bytes = b;
        }
        return b;
    }

    /** The document as text (what {@code docs/openapi.json} holds). */
    public static String text() {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(pretty).writeValueAsString(build()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as a tree. */
    public static ObjectNode build() {
        ObjectNode doc = (ObjectNode) read(TEMPLATE);
        embedSchemas(doc);
        ObjectNode paths = (ObjectNode) doc.get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode item = (ObjectNode) e.getValue();
            JsonNode mark = item.remove(SERVLET_MARK);
            if (mark != null && "rest".equals(mark.asText())) {
                restPath(e.getKey(), item);
            }
        }
        ObjectNode responses = (ObjectNode) doc.at("/components/responses");
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            addHeaders((ObjectNode) e.getValue(), !e.getKey().startsWith("Preflight"));
        }
        return doc;
    }

    /** Replaces each {@code {"x-fractalis-schema": file}} by the request schema the node validates with. */
    private static void embedSchemas(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode file = e.getValue().get(SCHEMA_MARK);
                if (file != null) {
                    ObjectNode schema = (ObjectNode) read(JsonBodies.SCHEMA_DIR + file.asText());
                    schema.remove("$schema");
                    e.setValue(schema);
                } else {
                    embedSchemas(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(OpenApiDocument::embedSchemas);
        }
    }

    private static void restPath(String path, ObjectNode item) {
        for (String method : List.of("get", "post", "delete")) {
            if (item.get(method) instanceof ObjectNode op) {
                restOperation(op, !"get".equals(method));
            }
        }
        if (Edge.isApiPath(path.replace("{id}", SAMPLE_ID))) {
            ObjectNode options = item.putObject("options");
            options.putArray("tags").add("cors");
            options.put("operationId", "preflight" + operationSuffix(path));
            options.put("summary", "CORS preflight (answered without a session)");
            ArrayNode params = options.putArray("parameters");
            params.addObject().put("$ref", "#/components/parameters/Origin");
            params.addObject().put("$ref", "#/components/parameters/AccessControlRequestMethod");
            params.addObject().put("$ref", "#/components/parameters/AccessControlRequestHeaders");
            ObjectNode r = options.putObject("responses");
            r.putObject("200").put("$ref", "#/components/responses/PreflightOk");
            r.putObject("403").put("$ref", "#/components/responses/PreflightForbidden");
        }
    }

    /** What the REST servlet adds to every operation (see {@link FractalisServlet#service}). */
    private static void restOperation(ObjectNode op, boolean changesState) {
        ArrayNode params = op.has("parameters") ? (ArrayNode) op.get("parameters") : op.putArray("parameters");
        params.addObject().put("$ref", "#/components/parameters/Session");
        params.addObject().put("$ref", "#/components/parameters/Origin");
        ObjectNode responses = (ObjectNode) op.get("responses");
        for (JsonNode r : responses) {
            if (r instanceof ObjectNode o && !o.has("$ref")) {
                addHeaders(o, true);
            }
        }
        addIfAbsent(responses, "400", "BadRequest");
        if (changesState) {
            addIfAbsent(responses, "403", "Forbidden");
            addIfAbsent(responses, "413", "TooLarge");
            addIfAbsent(responses, "415", "UnsupportedMediaType");
        }
        addIfAbsent(responses, "406", "NotAcceptable");
        addIfAbsent(responses, "503", "Unavailable");
        sortByStatus(responses);
    }

    private static void addIfAbsent(ObjectNode responses, String status, String component) {
        if (!responses.has(status)) {
            responses.putObject(status).put("$ref", "#/components/responses/" + component);
        }
    }

    private static void sortByStatus(ObjectNode responses) {
        List<String> keys = new ArrayList<>();
        responses.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        ObjectNode sorted = MAPPER.createObjectNode();
        keys.forEach(k -> sorted.set(k, responses.get(k)));
        responses.removeAll();
        responses.setAll(sorted);
    }

    /** The headers every answer of the REST servlet may carry (CORS for allowed origins, the session cookie). */
    private static void addHeaders(ObjectNode response, boolean cookie) {
        ObjectNode headers = response.has("headers") ? (ObjectNode) response.get("headers")
                : MAPPER.createObjectNode();
        ObjectNode all = MAPPER.createObjectNode();
        all.putObject("Vary").put("$ref", "#/components/headers/Vary");
        all.putObject("Access-Control-Allow-Origin").put("$ref", "#/components/headers/AccessControlAllowOrigin");
        all.putObject("Access-Control-Allow-Credentials")
                .put("$ref", "#/components/headers/AccessControlAllowCredentials");
        if (cookie) {
            all.putObject("Set-Cookie").put("$ref", "#/components/headers/SetCookie");
        }
        all.setAll(headers);
        // headers come before content, as people read a response
        JsonNode content = response.remove("content");
        response.set("headers", all);
        if (content != null) {
            response.set("content", content);
        }
    }

    private static String operationSuffix(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("[/{}]")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
