package org.fractalis.jetty.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProtocolErrorsTest {
    @Test
    void versionNotSupportedBecomesBadRequest() {
        assertEquals(400, ProtocolErrors.status(505));
    }

    @Test
    void otherParserStatusesStay() {
        for (int s : new int[] {400, 413, 414, 417, 431, 501}) {
            assertEquals(s, ProtocolErrors.status(s));
        }
    }

    @Test
    void jsonBodyNamesStatusAndReasonAndEscapesInput() {
        assertEquals("{\"error\":\"Bad Request: Unknown Version\"}", ProtocolErrors.jsonBody(400, "Unknown Version"));
        assertEquals("{\"error\":\"Bad Request\"}", ProtocolErrors.jsonBody(400, null));
        assertEquals("{\"error\":\"Bad Request: Illegal character \\\"\\\\\\u0001\\u00e9\"}",
                ProtocolErrors.jsonBody(400, "Illegal character \"\\\u0001\u00e9"));
    }
}
