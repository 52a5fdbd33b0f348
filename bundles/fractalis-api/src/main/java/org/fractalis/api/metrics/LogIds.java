package org.fractalis.api.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What the access and audit logs write instead of a secret value: the first 12 hex digits of its SHA-256. A session
 * id is a random UUID, so its hash cannot be turned back into the id, yet the same session has the same hash in
 * every line of every node (an operator can follow one session through the logs).
 */
public final class LogIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Hex digits kept (48 bits: collisions among a node's sessions are unlikely enough for reading logs). */
    public static final int LENGTH = 12;

    private LogIds() {
    }

    /** The short hash of a value; {@code -} for null or empty. */
    public static String hash(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int b = digest[i / 2] & 0xff;
            out[i] = HEX[(i % 2 == 0) ? b >>> 4 : b & 0xf];
        }
        return new String(out);
    }
}
