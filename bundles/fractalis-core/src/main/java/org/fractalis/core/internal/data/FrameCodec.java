package org.fractalis.core.internal.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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
    private static final byte[] MAGIC = {'F', 'R', 'M', '2'};
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
        return wrap(MAGIC, compress(frame));
    }

    /** Header of a sealed secret; also its associated data, so a frame can never be opened as one. */
    private static final byte[] SECRET_MAGIC = {'S', 'E', 'C', '1'};

    /**
     * Seals small secret bytes (an ETL's credentials) for the store: AES-GCM with the cache key when encryption
     * is on, otherwise only checksummed (the store is then trusted as it is for cached data).
     */
    public byte[] seal(byte[] plain) {
        return wrap(SECRET_MAGIC, plain);
    }

    /**
     * Opens what {@link #seal} wrote.
     *
     * @throws CorruptDataException if the bytes were altered, truncated, or sealed with another key
     */
    public byte[] open(byte[] sealed) throws CorruptDataException {
        return unwrap(SECRET_MAGIC, sealed, "secret");
    }

    /**
     * Reads a stored frame.
     *
     * @throws CorruptDataException if the bytes were altered, truncated, or encrypted with another key
     */
    public Frame decode(byte[] stored) throws CorruptDataException {
        byte[] body = unwrap(MAGIC, stored, "frame");
        return decompress(body, (long) body.length * MAX_DEFLATE_RATIO + 1024);
    }

    /**
     * {@code magic}, a flags byte, then the body with its CRC32 or, with a key, the IV and the AES-GCM ciphertext
     * (the magic is its associated data, so one kind of record can never be opened as another).
     */
    private byte[] wrap(byte[] magic, byte[] body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 40);
            out.write(magic);
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
                c.updateAAD(magic);
                out.write(iv);
                out.write(c.doFinal(body));
            }
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a " + new String(magic, StandardCharsets.US_ASCII), e);
        }
    }

    /** The body of what {@link #wrap} wrote with the same magic; checks the checksum or the GCM tag. */
    private byte[] unwrap(byte[] magic, byte[] stored, String what) throws CorruptDataException {
        int start = magic.length + 1;
        if (stored.length < start || !Arrays.equals(Arrays.copyOf(stored, magic.length), magic)) {
            throw new CorruptDataException("not a stored " + what);
        }
        if ((stored[magic.length] & FLAG_ENCRYPTED) != 0) {
            if (key == null) {
                throw new CorruptDataException("the " + what + " is encrypted but cache encryption is off");
            }
            if (stored.length < start + IV_BYTES) {
                throw new CorruptDataException("truncated");
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, start, IV_BYTES));
                c.updateAAD(magic);
                return c.doFinal(stored, start + IV_BYTES, stored.length - start - IV_BYTES);
            } catch (GeneralSecurityException e) {
                throw new CorruptDataException("authentication of the encrypted " + what + " failed");
            }
        }
        if (stored.length < start + 8) {
            throw new CorruptDataException("truncated");
        }
        byte[] body = Arrays.copyOfRange(stored, start + 8, stored.length);
        CRC32 crc = new CRC32();
        crc.update(body);
        if (crc.getValue() != readLong(stored, start)) {
            throw new CorruptDataException("checksum mismatch");
        }
        return body;
    }

    /**
     * Columns as one big-endian buffer (bulk puts, no per-byte stream calls). Dictionaries, codes and strings are
     * deflated (they compress well); the doubles follow raw, because measured values hardly compress and deflating
     * them cost most of the time.
     */
    private static byte[] compress(Frame f) {
        int n = f.size();
        byte[][] ids = utf8(f.idLevels());
        byte[][] features = utf8(f.featureLevels());
        byte[][] strings = f.kind().isNumeric() ? null : utf8(f.stringColumn());
        long size = 1 + size(ids) + size(features) + 4 + 8L * n + (strings == null ? 0 : size(strings));
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("frame too large to store (" + size + " bytes)");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) size);
        raw.put((byte) f.kind().ordinal());
        put(raw, ids);
        put(raw, features);
        raw.putInt(n);
        raw.asIntBuffer().put(f.idCodeColumn());
        raw.position(raw.position() + 4 * n);
        raw.asIntBuffer().put(f.featureCodeColumn());
        raw.position(raw.position() + 4 * n);
        if (strings != null) {
            put(raw, strings);
        }
        byte[] input = raw.array();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
            out.write(input.length >>> 24);
            out.write(input.length >>> 16);
            out.write(input.length >>> 8);
            out.write(input.length);
            byte[] chunk = new byte[1 << 16];
            while (!deflater.finished()) {
                int k = deflater.deflate(chunk);
                out.write(chunk, 0, k);
            }
            if (strings == null) {
                ByteBuffer values = ByteBuffer.allocate(8 * n);
                values.asDoubleBuffer().put(f.numberColumn());
                out.write(values.array(), 0, values.capacity());
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static Frame decompress(byte[] body, long maxBytes) throws CorruptDataException {
        if (body.length < 4) {
            throw new CorruptDataException("truncated");
        }
        int rawLength = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
        if (rawLength < 0 || rawLength > maxBytes) {
            throw new CorruptDataException("implausible length");
        }
        byte[] raw = new byte[rawLength];
        int consumed;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body, 4, body.length - 4);
            int done = 0;
            while (done < rawLength) {
                int k = inflater.inflate(raw, done, rawLength - done);
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptDataException("truncated");
                }
                done += k;
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new CorruptDataException("trailing data");
            }
            consumed = 4 + (int) inflater.getBytesRead();
        } catch (DataFormatException e) {
            throw new CorruptDataException("unreadable frame: " + e.getMessage());
        } finally {
            inflater.end();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(raw);
            int kindIndex = in.get();
            if (kindIndex < 0 || kindIndex >= DataKind.values().length) {
                throw new CorruptDataException("unknown data kind");
            }
            DataKind kind = DataKind.values()[kindIndex];
            String[] ids = strings(in);
            String[] features = strings(in);
            int n = in.getInt();
            if (n < 0 || (long) n * 8 > in.remaining()) {
                throw new CorruptDataException("implausible row count");
            }
            int[] idCodes = new int[n];
            in.asIntBuffer().get(idCodes);
            in.position(in.position() + 4 * n);
            int[] featureCodes = new int[n];
            in.asIntBuffer().get(featureCodes);
            in.position(in.position() + 4 * n);
            double[] numbers = null;
            String[] values = null;
            if (kind.isNumeric()) {
                if (body.length - consumed != 8L * n) {
                    throw new CorruptDataException("value column has the wrong length");
                }
                numbers = new double[n];
                ByteBuffer.wrap(body, consumed, 8 * n).asDoubleBuffer().get(numbers);
            } else {
                values = strings(in);
                if (consumed != body.length) {
                    throw new CorruptDataException("trailing data");
                }
            }
            if (in.hasRemaining()) {
                throw new CorruptDataException("trailing data");
            }
            return Frame.ofColumns(kind, ids, idCodes, features, featureCodes, numbers, values);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptDataException("unreadable frame: " + e);
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long readLong(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 8).getLong();
    }

    private static byte[][] utf8(String[] s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] == null ? null : s[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static long size(byte[][] s) {
        long n = 4;
        for (byte[] b : s) {
            n += 4 + (b == null ? 0 : b.length);
        }
        return n;
    }

    private static void put(ByteBuffer out, byte[][] s) {
        out.putInt(s.length);
        for (byte[] b : s) {
            if (b == null) {
                out.putInt(-1);
            } else {
                out.putInt(b.length);
                out.put(b);
            }
        }
    }

    private static String[] strings(ByteBuffer in) throws CorruptDataException {
        int n = in.getInt();
        if (n < 0 || (long) n * 4 > in.remaining()) {
            throw new CorruptDataException("implausible string count");
        }
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            int len = in.getInt();
            if (len < -1 || len > in.remaining()) {
                throw new CorruptDataException("bad string length");
            }
            if (len >= 0) {
                s[i] = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
                in.position(in.position() + len);
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
