package org.fractalis.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    private static String str(String s) {
        StringBuilder b = new StringBuilder();
        Json.string(b, s);
        return b.toString();
    }

    @Test
    void escapesWhatJsonAndHtmlNeed() {
        assertEquals("\"plain id-1\"", str("plain id-1"));
        assertEquals("\"a\\\"b\\\\c\"", str("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\u0001\"", str("\n\r\t\u0001"));
        assertEquals("\"\\u003c/script\\u003e \\u0026\"", str("</script> &"));
        assertEquals("\"\\u2028\\u2029 é\"", str("\u2028\u2029 é"));
    }

    @Test
    void errorBody() {
        assertEquals("{\"error\":\"x \\\"y\\\"\"}", Json.error("x \"y\""));
    }
}
