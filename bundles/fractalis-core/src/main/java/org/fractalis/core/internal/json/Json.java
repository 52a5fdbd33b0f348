package org.fractalis.core.internal.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON of the records core stores (sessions, data states, jobs, saved states), and canonical hashing. */
public final class Json {
    private static final ObjectMapper RECORDS = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {
    }

    public static byte[] bytes(Object record) {
        try {
            return RECORDS.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return RECORDS.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored record unreadable: " + type.getSimpleName(), e);
        }
    }

    public static String text(Object value) {
        try {
            return RECORDS.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 (hex) of the parts, the last one as canonical JSON (sorted keys). */
    public static String hash(String a, String b, Object json) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(b.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(CANONICAL.writeValueAsBytes(json));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
