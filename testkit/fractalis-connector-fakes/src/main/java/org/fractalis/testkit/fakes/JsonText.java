package org.fractalis.testkit.fakes;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Descriptors and auth objects written as JSON text in tests, read the way the REST layer reads them. */
public final class JsonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {
    }

    /** The JSON object {@code text} as a map (nested objects as maps, arrays as lists). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + text, e);
        }
    }
}
