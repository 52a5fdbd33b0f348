package org.fractalis.web.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fractalis.api.service.ServiceException;
import org.fractalis.web.internal.JsonBodies.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Request bodies: JSON parsing and the endpoint schemas (400 with a readable reason). */
class JsonBodiesTest {
    private static final String NOT_JSON = "Request payload must be valid JSON.";
    private static JsonBodies bodies;

    @BeforeAll
    static void load() {
        bodies = new JsonBodies();
    }

    private static Map<String, Object> parse(String body, Schema schema) {
        return bodies.parse(body == null ? null : body.getBytes(UTF_8), schema);
    }

    private static String refused(String body, Schema schema) {
        ServiceException e = assertThrows(ServiceException.class, () -> parse(body, schema), body);
        assertEquals(ServiceException.Reason.BAD_REQUEST, e.reason());
        assertEquals("error", e.errorKey());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... words) {
        for (String w : words) {
            assertTrue(message.contains(w), "'" + w + "' not in: " + message);
        }
        assertTrue(!message.contains("com.networknt") && !message.contains("Exception"), message);
    }

    @Test
    void validBodiesParseToPlainMaps() {
        Map<String, Object> d = parse("{\"handler\":\"demo_tcga_coad\",\"server\":\"http://x\",\"auth\":{\"token\":\"\"},"
                + "\"descriptors\":[{\"dataType\":\"numerical\",\"field\":\"year_of_birth\"}],\"extra\":1}", Schema.DATA);
        assertEquals("demo_tcga_coad", d.get("handler"));
        assertEquals(Map.of("token", ""), d.get("auth"));
        assertEquals(List.of(Map.of("dataType", "numerical", "field", "year_of_birth")), d.get("descriptors"));
        Map<String, Object> a = parse("{\"task_name\":\"compute-correlation\",\"args\":{\"x\":\"$a$\",\"n\":2.5,"
                + "\"u\":\"ünï 😀\"}}", Schema.ANALYTICS);
        assertEquals("compute-correlation", a.get("task_name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) a.get("args");
        assertEquals(2.5, ((Number) args.get("n")).doubleValue());
        assertEquals("ünï 😀", args.get("u"));
        assertEquals(Map.of("a", 1), parse("{\"state\":{\"a\":1},\"handler\":\"h\",\"server\":\"s\"}",
                Schema.STATE_SAVE).get("state"));
        assertEquals(Map.of(), parse("{\"auth\":{}}", Schema.STATE_RESTORE).get("auth"));
    }

    @Test
    void nonJsonIsRefusedWithTheOriginalsMessage() {
        for (String body : new String[] {null, "", "   ", "{", "not json", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}"}) {
            assertEquals(NOT_JSON, refused(body, Schema.ANALYTICS), "body " + body);
        }
    }

    @Test
    void duplicateKeysAreRefused() {
        assertEquals(NOT_JSON, refused("{\"task_name\":\"compute-a\",\"task_name\":\"compute-b\",\"args\":{\"a\":1}}",
                Schema.ANALYTICS));
        assertEquals(NOT_JSON, refused("{\"task_name\":\"compute-a\",\"args\":{\"a\":1,\"a\":2}}", Schema.ANALYTICS));
    }

    /** {@code {...} garbage} is not valid JSON (Flask's parser refuses it too). */
    @Test
    void trailingContentIsRefused() {
        assertEquals(NOT_JSON, refused("{\"task_name\":\"compute-a\",\"args\":{\"a\":1}} trailing", Schema.ANALYTICS));
        assertEquals(NOT_JSON, refused("{\"task_name\":\"compute-a\",\"args\":{\"a\":1}}{}", Schema.ANALYTICS));
    }

    @Test
    void nonObjectsAreSchemaErrors() {
        refused("null", Schema.ANALYTICS);
        refused("[]", Schema.ANALYTICS);
        refused("\"text\"", Schema.DATA);
        refused("42", Schema.STATE_SAVE);
    }

    @Test
    void dataSchemaErrorsNameTheField() {
        String ok = "\"server\":\"http://x\",\"auth\":{\"token\":\"t\"},\"descriptors\":[{\"a\":1}]";
        assertMentions(refused("{" + ok + "}", Schema.DATA), "handler");
        assertMentions(refused("{\"handler\":\"\"," + ok + "}", Schema.DATA), "handler");
        assertMentions(refused("{\"handler\":5," + ok + "}", Schema.DATA), "handler");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"\",\"auth\":{\"token\":\"t\"},"
                + "\"descriptors\":[{\"a\":1}]}", Schema.DATA), "server");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"s\",\"auth\":{},\"descriptors\":[{\"a\":1}]}",
                Schema.DATA), "auth");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"s\",\"auth\":\"token\",\"descriptors\":[{\"a\":1}]}",
                Schema.DATA), "auth");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"s\",\"auth\":{\"token\":\"t\"},\"descriptors\":[]}",
                Schema.DATA), "descriptors");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"s\",\"auth\":{\"token\":\"t\"},\"descriptors\":[1]}",
                Schema.DATA), "descriptors");
        assertMentions(refused("{\"handler\":\"h\",\"server\":\"s\",\"auth\":{\"token\":\"t\"},\"descriptors\":[{}]}",
                Schema.DATA), "descriptors");
    }

    @Test
    void analyticsSchemaErrorsNameTheField() {
        assertMentions(refused("{\"task_name\":\"abcd\",\"args\":{\"a\":1}}", Schema.ANALYTICS), "task_name");
        assertMentions(refused("{\"args\":{\"a\":1}}", Schema.ANALYTICS), "task_name");
        assertMentions(refused("{\"task_name\":\"compute-x\",\"args\":{}}", Schema.ANALYTICS), "args");
        assertMentions(refused("{\"task_name\":\"compute-x\",\"args\":[1]}", Schema.ANALYTICS), "args");
        assertMentions(refused("{\"task_name\":\"compute-x\"}", Schema.ANALYTICS), "args");
    }

    @Test
    void severalErrorsAreAllReported() {
        String m = refused("{}", Schema.ANALYTICS);
        assertMentions(m, "task_name", "args");
    }

    @Test
    void stateSchemaErrorsNameTheField() {
        assertMentions(refused("{\"state\":[1],\"handler\":\"h\",\"server\":\"s\"}", Schema.STATE_SAVE), "state");
        assertMentions(refused("{\"state\":{},\"server\":\"s\"}", Schema.STATE_SAVE), "handler");
        assertMentions(refused("{}", Schema.STATE_RESTORE), "auth");
        assertMentions(refused("{\"auth\":\"t\"}", Schema.STATE_RESTORE), "auth");
    }

    @Test
    void errorBodyIsAJsonObjectWithOneKey() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals(Map.of("error", "say \"no\""), m.readValue(JsonBodies.errorBody("error", "say \"no\""), Map.class));
        assertEquals(Map.of("error_msg", "x"), m.readValue(JsonBodies.errorBody("error_msg", "x"), Map.class));
        assertEquals(Map.of("error", ""), m.readValue(JsonBodies.errorBody("error", null), Map.class));
    }

    @Test
    void longStringsInBodiesAreAccepted() {
        String big = "x".repeat(21_000_000); // above Jackson's default 20 M character cap
        Map<String, Object> a = parse("{\"task_name\":\"compute-cluster\",\"args\":{\"df\":\"" + big + "\"}}",
                Schema.ANALYTICS);
        assertEquals(big.length(), ((String) ((Map<?, ?>) a.get("args")).get("df")).length());
    }
}
