package org.fractalis.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads JSON the way Python's {@code json.loads} does: objects become insertion-ordered maps, integers
 * {@code Integer}/{@code Long}/{@code BigInteger}, other numbers {@code Double}, and the non-standard
 * literals {@code NaN}, {@code Infinity}, {@code -Infinity} are accepted.
 */
public final class GoldenJson {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private GoldenJson() {
    }

    /** Parses JSON text into plain Java objects. */
    public static Object parse(String json) {
        try {
            return READER.readValue(json, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a JSON object from a stream. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(InputStream in) throws IOException {
        Object o = READER.readValue(in, Object.class);
        if (!(o instanceof Map)) {
            throw new IOException("not a JSON object");
        }
        return (Map<String, Object>) o;
    }
}
