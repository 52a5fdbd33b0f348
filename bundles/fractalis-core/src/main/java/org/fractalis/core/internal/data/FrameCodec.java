package org.fractalis.core.internal.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * The stored form of a frame: columns in binary, deflated, with a CRC32, optionally AES-GCM encrypted with a
 * key derived from the configured secret. Written by hand because the format is tiny and a general
 * serializer (Java serialization, Kryo) would either be unsafe to read back or heavier than the columns.
 */
public final class FrameCodec {
    private static final byte[] MAGIC = {'F', 'R', 'M', '1'};
    private static final int FLAG_ENCRYPTED = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Deflate cannot expand data by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** A codec that writes plain (compressed) frames; it can read plain frames only. */
    public FrameCodec() {
        this.key = null;
    }

    /** A codec that encrypts with a key derived from the secret (PBKDF2-HMAC-SHA256). */
    public FrameCodec(String secret) {
        this.key = deriveKey(secret);
    }

    /** A key derived from a secret; the same secret gives the same key on every node. */
    public static SecretKey deriveKey(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("cache encryption needs a non-empty secret");
        }
        try {
            KeySpec spec = new PBEKeySpec(secret.toCharArray(), "fractalis-cache-v1".getBytes(StandardCharsets.UTF_8),
                    65536, 256);
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(k, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cache key", e);
        }
    }

    public byte[] encode(Frame frame) {
        byte[] body = compress(frame);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
            out.write(MAGIC);
            if (key == null) {
                out.write(0);
                CRC32 crc = new CRC32();
                crc.update(body);
                out.write(longBytes(crc.getValue()));
                out.write(body);
            } else {
                out.write(FLAG_ENCRYPTED);
                byte[] iv = new byte[IV_BYTES];
                random.nextBytes(iv);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
                c.updateAAD(MAGIC);
                out.write(iv);
                out.write(c.doFinal(body));
            }
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode frame", e);
        }
    }

    /**
     * Reads a stored frame.
     *
     * @throws CorruptDataException if the bytes were altered, truncated, or encrypted with another key
     */
    public Frame decode(byte[] stored) throws CorruptDataException {
        if (stored.length < MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(stored, MAGIC.length), MAGIC)) {
            throw new CorruptDataException("not a stored frame");
        }
        int flags = stored[MAGIC.length];
        byte[] body;
        int start = MAGIC.length + 1;
        if ((flags & FLAG_ENCRYPTED) != 0) {
            if (key == null) {
                throw new CorruptDataException("the frame is encrypted but cache encryption is off");
            }
            if (stored.length < start + IV_BYTES) {
                throw new CorruptDataException("truncated");
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, start, IV_BYTES));
                c.updateAAD(MAGIC);
                body = c.doFinal(stored, start + IV_BYTES, stored.length - start - IV_BYTES);
            } catch (GeneralSecurityException e) {
                throw new CorruptDataException("authentication of the encrypted frame failed");
            }
        } else {
            if (stored.length < start + 8) {
                throw new CorruptDataException("truncated");
            }
            body = Arrays.copyOfRange(stored, start + 8, stored.length);
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != readLong(stored, start)) {
                throw new CorruptDataException("checksum mismatch");
            }
        }
        return decompress(body, (long) body.length * MAX_DEFLATE_RATIO + 1024);
    }

    private static byte[] compress(Frame f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(f.size() * 4 + 256);
        CRC32 crc = new CRC32();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(
                new CheckedOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16), crc))) {
            out.writeByte(f.kind().ordinal());
            writeStrings(out, f.idLevels());
            writeStrings(out, f.featureLevels());
            int n = f.size();
            out.writeInt(n);
            for (int c : f.idCodeColumn()) {
                out.writeInt(c);
            }
            for (int c : f.featureCodeColumn()) {
                out.writeInt(c);
            }
            if (f.kind().isNumeric()) {
                for (double d : f.numberColumn()) {
                    out.writeLong(Double.doubleToRawLongBits(d));
                }
            } else {
                writeStrings(out, f.stringColumn());
            }
            out.flush();
            long sum = crc.getValue();
            out.writeLong(sum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /**
     * Reads the columns; {@code maxBytes} bounds what the inflated body can hold, so a corrupt count can never
     * make us allocate more than the data could contain.
     */
    private static Frame decompress(byte[] body, long maxBytes) throws CorruptDataException {
        CRC32 crc = new CRC32();
        try (DataInputStream in = new DataInputStream(
                new CheckedInputStream(new InflaterInputStream(new ByteArrayInputStream(body)), crc))) {
            int kindIndex = in.readByte();
            if (kindIndex < 0 || kindIndex >= DataKind.values().length) {
                throw new CorruptDataException("unknown data kind");
            }
            DataKind kind = DataKind.values()[kindIndex];
            String[] ids = readStrings(in, maxBytes);
            String[] features = readStrings(in, maxBytes);
            int n = in.readInt();
            if (n < 0 || (long) n * 8 > maxBytes) {
                throw new CorruptDataException("implausible row count");
            }
            int[] idCodes = new int[n];
            int[] featureCodes = new int[n];
            for (int i = 0; i < n; i++) {
                idCodes[i] = in.readInt();
            }
            for (int i = 0; i < n; i++) {
                featureCodes[i] = in.readInt();
            }
            double[] numbers = null;
            String[] strings = null;
            if (kind.isNumeric()) {
                numbers = new double[n];
                for (int i = 0; i < n; i++) {
                    numbers[i] = Double.longBitsToDouble(in.readLong());
                }
            } else {
                strings = readStrings(in, maxBytes);
            }
            long expected = crc.getValue();
            long actual = in.readLong();
            if (expected != actual) {
                throw new CorruptDataException("checksum mismatch");
            }
            return Frame.ofColumns(kind, ids, idCodes, features, featureCodes, numbers, strings);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptDataException("unreadable frame: " + e.getMessage());
        }
    }

    private static void writeStrings(DataOutputStream out, String[] s) throws IOException {
        out.writeInt(s.length);
        for (String x : s) {
            if (x == null) {
                out.writeInt(-1);
            } else {
                byte[] b = x.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }

    private static String[] readStrings(DataInputStream in, long maxBytes) throws IOException, CorruptDataException {
        int n = in.readInt();
        if (n < 0 || (long) n * 4 > maxBytes) {
            throw new CorruptDataException("implausible string count");
        }
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < -1 || len > maxBytes) {
                throw new CorruptDataException("bad string length");
            }
            if (len >= 0) {
                byte[] b = in.readNBytes(len);
                if (b.length != len) {
                    throw new CorruptDataException("truncated");
                }
                s[i] = new String(b, StandardCharsets.UTF_8);
            }
        }
        return s;
    }

    /** Stored bytes that cannot be read back as the frame that was written. */
    public static final class CorruptDataException extends Exception {
        private static final long serialVersionUID = 1L;

        public CorruptDataException(String message) {
            super(message);
        }
    }
}
