package org.fractalis.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.fractalis.api.service.ServiceException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Parses request bodies and validates them against the JSON schemas of the endpoints (400 with the reason). */
public final class JsonBodies {
    /** The schema of each endpoint's body. */
    public enum Schema {
        DATA("data.json"), ANALYTICS("analytics.json"), STATE_SAVE("state-save.json"),
        STATE_RESTORE("state-restore.json");

        private final String file;

        Schema(String file) {
            this.file = file;
        }
    }

    /** Where the schemas are (next to this class); {@link OpenApiDocument} embeds the same files. */
    static final String SCHEMA_DIR = "schema/";
    /** Strings may be as long as the body limit allows (Jackson's default cap is 20 M characters). */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final Map<Schema, JsonSchema> schemas = new EnumMap<>(Schema.class);

    public JsonBodies() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        for (Schema s : Schema.values()) {
            try (InputStream in = JsonBodies.class.getResourceAsStream(SCHEMA_DIR + s.file)) {
                schemas.put(s, factory.getSchema(MAPPER.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("schema " + s.file, e);
            }
        }
    }

    /** The body as a map, after schema validation. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> parse(byte[] body, Schema schema) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            throw ServiceException.badRequest("Request payload must be valid JSON.");
        }
        Set<ValidationMessage> errors = schemas.get(schema).validate(node);
        if (!errors.isEmpty()) {
            throw ServiceException.badRequest(errors.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; ")));
        }
        return MAPPER.convertValue(node, Map.class);
    }

    /** {@code {"<key>": "<message>"}}. */
    public static String errorBody(String key, String message) {
        try {
            return MAPPER.writeValueAsString(Map.of(key, message == null ? "" : message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
