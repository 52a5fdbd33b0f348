package org.fractalis.core.internal.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.fractalis.api.analytics.JsonText;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * JSON for analytics results and stored states: non-finite doubles become {@code null} (the client's
 * JSON.parse rejects NaN), {@link JsonText} fields become JSON strings (serialised by the same rules).
 * Done in the serializer, never by text replacement on the output.
 */
public final class ResultJson {

    /** A mapper with the rules above; thread-safe. */
    public static final ObjectMapper MAPPER = create();

    private ResultJson() {
    }

    /** Serialises a result map. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text into plain Java objects (Map, List, String, Number, Boolean, null). */
    public static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object into a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json) {
        Object o = parse(json);
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private static ObjectMapper create() {
        SimpleModule m = new SimpleModule("fractalis-result");
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                writeDouble(g, v);
            }
        };
        m.addSerializer(Double.class, doubles);
        m.addSerializer(double.class, doubles);
        m.addSerializer(Float.class, new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
                writeDouble(g, v.doubleValue());
            }
        });
        m.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartArray(v, v.length);
                for (double d : v) {
                    writeDouble(g, d);
                }
                g.writeEndArray();
            }
        });
        m.addSerializer(float[].class, new JsonSerializer<>() {
            @Override
            public void serialize(float[] v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartArray(v, v.length);
                for (float f : v) {
                    writeDouble(g, f);
                }
                g.writeEndArray();
            }
        });
        m.addSerializer(JsonText.class, new JsonSerializer<>() {
            @Override
            public void serialize(JsonText v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(MAPPER.writeValueAsString(v.value()));
            }
        });
        // job payloads carry whole request bodies: lift Jackson's 20 M character cap on strings
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(m)
                .build();
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }
}
