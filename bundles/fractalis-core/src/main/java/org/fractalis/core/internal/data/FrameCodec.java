package org.fractalis.core.internal.data;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The stored form of a frame: a small manifest and a stream of chunks, each at most a configured number of bytes
 * (64 MiB by default), so a store with a per-value limit (Redis refuses values over 512 MB) holds a frame of any
 * size and neither side ever holds the whole encoded frame. Each chunk is sealed on its own: a CRC32 or, with a
 * key, AES-GCM (PBKDF2 key from the configured secret), and it names the frame's write (a random generation) and
 * its position, so a chunk of another write or another position is refused.
 *
 * <p>Inside a chunk the columns follow as blocks of at most 1 MiB: the dictionaries, the id codes, the feature
 * codes, then the numbers or the strings. A matrix frame ({@link Frame#isMatrix()}, flagged in the header) has no
 * code columns: its numbers are the cells, feature-major. Code and number blocks are byte-shuffled (all first bytes, then all
 * second bytes, …: the exponents and high bytes of measured values line up and compress, the noisy low bytes do
 * not cost much) and compressed with LZ4, which passes incompressible bytes at memory speed; a block that does not
 * get smaller is stored as it is. Deflate, used before, spent seconds on incompressible doubles.
 *
 * <p>Written by hand because the format is small and a general serializer (Java serialization, Kryo) would either
 * be unsafe to read back or heavier than the columns.
 */
public final class FrameCodec {
    /** How blocks are compressed (the benchmark compares them; the node uses {@link #LZ4_SHUFFLED}). */
    public enum Compression {
        NONE, LZ4, LZ4_SHUFFLED
    }

    /** Largest chunk (a stored value) by default and at most. */
    public static final int MAX_CHUNK_BYTES = 64 << 20;
    /** Smallest chunk size accepted (tests lower the size to see many chunks on small frames). */
    public static final int MIN_CHUNK_BYTES = 4 << 10;
    /** Random bytes that name one write of a frame (in its chunks' keys and bodies). */
    public static final int GENERATION_BYTES = 16;

    private static final byte[] MANIFEST_MAGIC = {'F', 'R', 'M', '3'};
    private static final byte[] CHUNK_MAGIC = {'F', 'R', 'C', '3'};
    private static final byte[] SECRET_MAGIC = {'S', 'E', 'C', '1'};
    private static final int FLAG_ENCRYPTED = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Magic, flags, and the larger of CRC32 (8) and IV + GCM tag (28). */
    private static final int SEAL_OVERHEAD = 5 + IV_BYTES + TAG_BITS / 8;
    /** Generation and index at the start of every chunk body. */
    private static final int CHUNK_PREFIX = GENERATION_BYTES + 4;
    /** Section, codec, raw length, stored length. */
    private static final int BLOCK_HEADER = 10;
    private static final int MAX_BLOCK_RAW = 1 << 20;

    private static final int HEADER = 0;
    private static final int ID_CODES = 1;
    private static final int FEATURE_CODES = 2;
    private static final int NUMBERS = 3;
    private static final int STRINGS = 4;

    /** Block codec flags: LZ4-compressed, byte-shuffled (a shuffled block that does not compress stays shuffled). */
    private static final int LZ4_FLAG = 1;
    private static final int SHUFFLED_FLAG = 2;
    /** Set in the header's kind byte for a matrix frame. */
    private static final int MATRIX_FLAG = 0x40;

    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final SecretKey key;
    private final Compression compression;
    private final SecureRandom random = new SecureRandom();

    /** A codec that writes plain (checksummed, compressed) frames; it can read plain frames only. */
    public FrameCodec() {
        this((SecretKey) null, Compression.LZ4_SHUFFLED);
    }

    /** A codec that encrypts with a key derived from the secret (PBKDF2-HMAC-SHA256). */
    public FrameCodec(String secret) {
        this(deriveKey(secret), Compression.LZ4_SHUFFLED);
    }

    /** A codec with a chosen block compression (the benchmark); null secret = plain. */
    public FrameCodec(String secret, Compression compression) {
        this(secret == null ? null : deriveKey(secret), compression);
    }

    private FrameCodec(SecretKey key, Compression compression) {
        this.key = key;
        this.compression = compression;
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

    /** Which LZ4 implementation runs (JNI or pure Java), for the log. */
    public static String lz4Implementation() {
        return Lz4.FACTORY.toString();
    }

    // ------------------------------------------------------------------ secrets

    /**
     * Seals small secret bytes (an ETL's credentials) for the store: AES-GCM with the cache key when encryption
     * is on, otherwise only checksummed (the store is then trusted as it is for cached data).
     */
    public byte[] seal(byte[] plain) {
        return wrap(SECRET_MAGIC, plain, 0, plain.length);
    }

    /**
     * Opens what {@link #seal} wrote.
     *
     * @throws CorruptDataException if the bytes were altered, truncated, or sealed with another key
     */
    public byte[] open(byte[] sealed) throws CorruptDataException {
        Body b = unwrap(SECRET_MAGIC, sealed, "secret");
        return Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    }

    // ------------------------------------------------------------------ frames

    /** Receives the chunks of a frame as they are encoded, in order from index 0. */
    @FunctionalInterface
    public interface ChunkSink {
        void put(int index, byte[] chunk);
    }

    /** Gives the stored chunks of a frame; empty when one is gone. */
    @FunctionalInterface
    public interface ChunkSource {
        Optional<byte[]> get(int index);
    }

    /**
     * What a reader needs to find and check a frame's chunks.
     *
     * @param generation random bytes naming this write (its chunks' keys contain {@link #generationHex()})
     * @param chunks number of chunks; 0 in the manifest a write puts first, before its chunks ({@link #pending})
     * @param rawBytes bytes of the columns before compression
     * @param storedBytes bytes of all chunks as stored
     */
    public record Manifest(byte[] generation, int chunks, long rawBytes, long storedBytes) {
        public String generationHex() {
            return HexFormat.of().formatHex(generation);
        }
    }

    /** The manifest of a write that has begun: it names the generation, so the chunks can be found and removed. */
    public static Manifest pending(byte[] generation) {
        return new Manifest(generation.clone(), 0, 0, 0);
    }

    /** Random bytes for a new write. */
    public byte[] newGeneration() {
        byte[] g = new byte[GENERATION_BYTES];
        random.nextBytes(g);
        return g;
    }

    /**
     * Encodes a frame as chunks of at most {@code chunkBytes} each, handing each to the sink as soon as it is full.
     *
     * @return the manifest (store it with {@link #manifestBytes} after the chunks)
     */
    public Manifest encode(Frame f, int chunkBytes, byte[] generation, ChunkSink sink) {
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size out of range: " + chunkBytes);
        }
        Encoder e = new Encoder(chunkBytes, generation, sink);
        int n = f.size();
        e.bytes(HEADER, header(f));
        if (!f.isMatrix()) {
            e.column(ID_CODES, f, n);
            e.column(FEATURE_CODES, f, n);
        }
        if (f.kind().isNumeric()) {
            e.column(NUMBERS, f, n);
        } else {
            byte[][] values = utf8(f.stringColumn());
            ByteBuffer b = ByteBuffer.allocate(checkedSize(size(values)));
            put(b, values);
            e.bytes(STRINGS, b.array());
        }
        e.flush();
        return new Manifest(generation.clone(), e.index, e.raw, e.stored);
    }

    /** The stored form of a manifest (sealed like a chunk). */
    public byte[] manifestBytes(Manifest m) {
        ByteBuffer b = ByteBuffer.allocate(GENERATION_BYTES + 4 + 16);
        b.put(m.generation()).putInt(m.chunks()).putLong(m.rawBytes()).putLong(m.storedBytes());
        return wrap(MANIFEST_MAGIC, b.array(), 0, b.capacity());
    }

    /**
     * Reads a stored manifest.
     *
     * @throws CorruptDataException if it is not one (e.g. a frame of an older format), was altered, or was sealed
     *     with another key
     */
    public Manifest manifest(byte[] stored) throws CorruptDataException {
        Body b = unwrap(MANIFEST_MAGIC, stored, "frame");
        if (b.length != GENERATION_BYTES + 4 + 16) {
            throw new CorruptDataException("unreadable frame manifest");
        }
        ByteBuffer in = ByteBuffer.wrap(b.bytes, b.offset, b.length);
        byte[] g = new byte[GENERATION_BYTES];
        in.get(g);
        int chunks = in.getInt();
        long raw = in.getLong();
        long stored2 = in.getLong();
        if (chunks < 0 || raw < 0 || stored2 < 0) {
            throw new CorruptDataException("unreadable frame manifest");
        }
        return new Manifest(g, chunks, raw, stored2);
    }

    /**
     * Reads a frame chunk by chunk.
     *
     * @throws CorruptDataException if a chunk is missing, altered, truncated, of another write or position, or
     *     encrypted with another key
     */
    public Frame decode(Manifest m, ChunkSource source) throws CorruptDataException {
        if (m.chunks() == 0) {
            throw new CorruptDataException("the frame was never completely stored (its load was interrupted)");
        }
        Decoder d = new Decoder(m);
        for (int i = 0; i < m.chunks(); i++) {
            Optional<byte[]> chunk = source.get(i);
            if (chunk.isEmpty()) {
                throw new CorruptDataException("chunk " + (i + 1) + " of " + m.chunks() + " is missing");
            }
            d.chunk(i, chunk.get());
        }
        return d.finish();
    }

    // ------------------------------------------------------------------ encoding

    private static byte[] header(Frame f) {
        byte[][] ids = utf8(f.idLevels());
        byte[][] features = utf8(f.featureLevels());
        ByteBuffer b = ByteBuffer.allocate(checkedSize(1 + size(ids) + size(features) + 4));
        b.put((byte) (f.kind().ordinal() | (f.isMatrix() ? MATRIX_FLAG : 0)));
        put(b, ids);
        put(b, features);
        b.putInt(f.size());
        return b.array();
    }

    private static int checkedSize(long size) {
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a column of this frame is too large to store (" + size + " bytes)");
        }
        return (int) size;
    }

    private final class Encoder {
        private final int capacity;
        private final byte[] generation;
        private final ChunkSink sink;
        private final int blockRaw;
        private final byte[] block;
        private final byte[] shuffled;
        private final byte[] packed;
        private final long[] values;
        private final LZ4Compressor lz4;
        private byte[] body;
        private int pos;
        int index;
        long raw;
        long stored;

        Encoder(int chunkBytes, byte[] generation, ChunkSink sink) {
            this.capacity = chunkBytes - SEAL_OVERHEAD;
            this.generation = generation;
            this.sink = sink;
            this.blockRaw = Math.min(MAX_BLOCK_RAW, (capacity - CHUNK_PREFIX - BLOCK_HEADER) & ~7);
            this.block = new byte[blockRaw];
            this.shuffled = new byte[blockRaw];
            this.lz4 = compression == Compression.NONE ? null : Lz4.FACTORY.fastCompressor();
            this.packed = lz4 == null ? null : new byte[lz4.maxCompressedLength(blockRaw)];
            this.values = new long[blockRaw / 4];
            this.body = new byte[Math.min(capacity, 64 << 10)];
            start();
        }

        private void start() {
            System.arraycopy(generation, 0, body, 0, GENERATION_BYTES);
            INT_BE.set(body, GENERATION_BYTES, index);
            pos = CHUNK_PREFIX;
        }

        /** A byte section, cut into blocks. */
        void bytes(int section, byte[] data) {
            for (int from = 0; from < data.length; from += blockRaw) {
                int len = Math.min(blockRaw, data.length - from);
                System.arraycopy(data, from, block, 0, len);
                add(section, block, len, 0);
            }
        }

        /** A column of codes (4 bytes) or numbers (8 bytes), cut into blocks of whole values. */
        void column(int section, Frame f, int n) {
            int width = section == NUMBERS ? 8 : 4;
            int per = blockRaw / width;
            for (int from = 0; from < n; from += per) {
                int k = Math.min(per, n - from);
                switch (section) {
                    case ID_CODES -> {
                        for (int i = 0; i < k; i++) {
                            values[i] = f.idCode(from + i);
                        }
                    }
                    case FEATURE_CODES -> {
                        for (int i = 0; i < k; i++) {
                            values[i] = f.featureCode(from + i);
                        }
                    }
                    default -> {
                        for (int i = 0; i < k; i++) {
                            values[i] = Double.doubleToRawLongBits(f.number(from + i));
                        }
                    }
                }
                if (compression == Compression.LZ4_SHUFFLED) {
                    shuffle(values, k, width, block);
                    add(section, block, k * width, SHUFFLED_FLAG);
                } else {
                    for (int i = 0; i < k; i++) {
                        if (width == 8) {
                            LONG_BE.set(block, i * 8, values[i]);
                        } else {
                            INT_BE.set(block, i * 4, (int) values[i]);
                        }
                    }
                    add(section, block, k * width, 0);
                }
            }
        }

        private void add(int section, byte[] data, int len, int flags) {
            raw += len;
            byte[] out = data;
            int outLen = len;
            int used = flags;
            if (lz4 != null) {
                int c = lz4.compress(data, 0, len, packed, 0, packed.length);
                if (c < len - (len >> 6)) { // keep compression only where it saves more than 1/64
                    out = packed;
                    outLen = c;
                    used = flags | LZ4_FLAG;
                }
            }
            if (pos + BLOCK_HEADER + outLen > capacity) {
                flush();
            }
            ensure(pos + BLOCK_HEADER + outLen);
            body[pos] = (byte) section;
            body[pos + 1] = (byte) used;
            INT_BE.set(body, pos + 2, len);
            INT_BE.set(body, pos + 6, outLen);
            System.arraycopy(out, 0, body, pos + BLOCK_HEADER, outLen);
            pos += BLOCK_HEADER + outLen;
        }

        private void ensure(int size) {
            if (size > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(capacity, Math.max(size, 2L * body.length)));
            }
        }

        /** Seals and hands over the current chunk, if it holds a block. */
        void flush() {
            if (pos == CHUNK_PREFIX) {
                return;
            }
            byte[] sealed = wrap(CHUNK_MAGIC, body, 0, pos);
            stored += sealed.length;
            sink.put(index, sealed);
            index++;
            start();
        }
    }

    /** Bytes of {@code k} values of {@code width} bytes, most significant byte planes first. */
    static void shuffle(long[] values, int k, int width, byte[] out) {
        for (int j = 0; j < width; j++) {
            int shift = 8 * (width - 1 - j);
            int base = j * k;
            for (int i = 0; i < k; i++) {
                out[base + i] = (byte) (values[i] >>> shift);
            }
        }
    }

    // ------------------------------------------------------------------ decoding

    private final class Decoder {
        private final Manifest manifest;
        private final LZ4SafeDecompressor lz4 = Lz4.FACTORY.safeDecompressor();
        private final byte[] block = new byte[MAX_BLOCK_RAW];
        private final ByteArrayOutputStream header = new ByteArrayOutputStream();
        private ByteArrayOutputStream strings;
        private int section = HEADER;
        private long raw;
        private DataKind kind;
        private boolean matrix;
        private String[] ids;
        private String[] features;
        private int n = -1;
        private int[] idCodes;
        private int[] featureCodes;
        private double[] numbers;
        /** Values read per section. */
        private final int[] filled = new int[STRINGS + 1];

        Decoder(Manifest m) throws CorruptDataException {
            this.manifest = m;
            // every value takes at least 12 bytes (two codes and a number or a string length): n is bounded by it
            if (m.rawBytes() > 256 * m.storedBytes() + (1 << 20)) {
                throw new CorruptDataException("implausible frame size");
            }
        }

        void chunk(int index, byte[] stored) throws CorruptDataException {
            Body b = unwrap(CHUNK_MAGIC, stored, "frame chunk");
            if (b.length < CHUNK_PREFIX
                    || !Arrays.equals(b.bytes, b.offset, b.offset + GENERATION_BYTES, manifest.generation(), 0,
                            GENERATION_BYTES)
                    || (int) INT_BE.get(b.bytes, b.offset + GENERATION_BYTES) != index) {
                throw new CorruptDataException("chunk " + (index + 1) + " belongs to another write or position");
            }
            int p = b.offset + CHUNK_PREFIX;
            int end = b.offset + b.length;
            if (p == end) {
                throw new CorruptDataException("empty chunk");
            }
            while (p < end) {
                if (end - p < BLOCK_HEADER) {
                    throw new CorruptDataException("truncated block");
                }
                int s = b.bytes[p];
                int codec = b.bytes[p + 1];
                int rawLen = (int) INT_BE.get(b.bytes, p + 2);
                int storedLen = (int) INT_BE.get(b.bytes, p + 6);
                p += BLOCK_HEADER;
                if (s < section || s > STRINGS || rawLen <= 0 || rawLen > MAX_BLOCK_RAW || storedLen <= 0
                        || storedLen > end - p || (codec & ~(LZ4_FLAG | SHUFFLED_FLAG)) != 0
                        || (codec & SHUFFLED_FLAG) != 0 && (s == HEADER || s == STRINGS)
                        || (codec & LZ4_FLAG) == 0 && storedLen != rawLen) {
                    throw new CorruptDataException("unreadable block");
                }
                byte[] data;
                int off;
                if ((codec & LZ4_FLAG) == 0) {
                    data = b.bytes;
                    off = p;
                } else {
                    int got;
                    try {
                        got = lz4.decompress(b.bytes, p, storedLen, block, 0, rawLen);
                    } catch (LZ4Exception e) {
                        throw new CorruptDataException("unreadable block");
                    }
                    if (got != rawLen) {
                        throw new CorruptDataException("unreadable block");
                    }
                    data = block;
                    off = 0;
                }
                p += storedLen;
                raw += rawLen;
                if (raw > manifest.rawBytes()) {
                    throw new CorruptDataException("more data than the manifest says");
                }
                apply(s, (codec & SHUFFLED_FLAG) != 0, data, off, rawLen);
            }
        }

        private void apply(int s, boolean shuffled, byte[] data, int off, int len) throws CorruptDataException {
            if (s != section) {
                if (section == HEADER) {
                    parseHeader();
                }
                if (s == STRINGS && kind.isNumeric() || s == NUMBERS && !kind.isNumeric()
                        || matrix && (s == ID_CODES || s == FEATURE_CODES)) {
                    throw new CorruptDataException("a column of the wrong kind");
                }
                section = s;
            }
            switch (s) {
                case HEADER -> header.write(data, off, len);
                case STRINGS -> strings.write(data, off, len);
                default -> {
                    int width = s == NUMBERS ? 8 : 4;
                    int at = filled[s];
                    if (len % width != 0 || at + len / width > n) {
                        throw new CorruptDataException("a column has the wrong length");
                    }
                    int k = len / width;
                    switch (s) {
                        case ID_CODES -> ints(shuffled, data, off, k, idCodes, at);
                        case FEATURE_CODES -> ints(shuffled, data, off, k, featureCodes, at);
                        default -> doubles(shuffled, data, off, k, numbers, at);
                    }
                    filled[s] = at + k;
                }
            }
        }

        private void parseHeader() throws CorruptDataException {
            ByteBuffer in = ByteBuffer.wrap(header.toByteArray());
            try {
                int kindByte = in.get();
                matrix = (kindByte & MATRIX_FLAG) != 0;
                int kindIndex = kindByte & ~MATRIX_FLAG;
                if (kindIndex < 0 || kindIndex >= DataKind.values().length || matrix && !DataKind.values()[kindIndex]
                        .isNumeric()) {
                    throw new CorruptDataException("unknown data kind");
                }
                kind = DataKind.values()[kindIndex];
                ids = strings(in);
                features = strings(in);
                n = in.getInt();
                if (in.hasRemaining()) {
                    throw new CorruptDataException("trailing data");
                }
            } catch (BufferUnderflowException e) {
                throw new CorruptDataException("truncated frame header");
            }
            if (n < 0 || (matrix ? 8L : 12L) * n > manifest.rawBytes()
                    || matrix && (long) ids.length * features.length != n) {
                throw new CorruptDataException("implausible row count");
            }
            if (!matrix) {
                idCodes = new int[n];
                featureCodes = new int[n];
            }
            if (kind.isNumeric()) {
                numbers = new double[n];
            } else {
                strings = new ByteArrayOutputStream();
            }
        }

        Frame finish() throws CorruptDataException {
            if (section == HEADER) {
                parseHeader(); // an empty frame has no column blocks
            }
            int codes = matrix ? 0 : n;
            boolean complete = filled[ID_CODES] == codes && filled[FEATURE_CODES] == codes
                    && (kind.isNumeric() ? filled[NUMBERS] == n : strings.size() > 0);
            if (!complete || raw != manifest.rawBytes()) {
                throw new CorruptDataException("the frame is incomplete");
            }
            String[] values = null;
            if (!kind.isNumeric()) {
                ByteBuffer in = ByteBuffer.wrap(strings.toByteArray());
                try {
                    values = strings(in);
                } catch (BufferUnderflowException e) {
                    throw new CorruptDataException("truncated string column");
                }
                if (in.hasRemaining() || values.length != n) {
                    throw new CorruptDataException("the string column has the wrong length");
                }
            }
            try {
                if (matrix) {
                    return Frame.matrix(kind, ids, features, numbers);
                }
                return Frame.ofColumns(kind, ids, idCodes, features, featureCodes, numbers, values);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new CorruptDataException("unreadable frame: " + e.getMessage());
            }
        }
    }

    private static void ints(boolean shuffled, byte[] data, int off, int k, int[] out, int at) {
        if (shuffled) {
            for (int i = 0; i < k; i++) {
                out[at + i] = (data[off + i] & 0xff) << 24 | (data[off + k + i] & 0xff) << 16
                        | (data[off + 2 * k + i] & 0xff) << 8 | (data[off + 3 * k + i] & 0xff);
            }
        } else {
            for (int i = 0; i < k; i++) {
                out[at + i] = (int) INT_BE.get(data, off + 4 * i);
            }
        }
    }

    private static void doubles(boolean shuffled, byte[] data, int off, int k, double[] out, int at) {
        if (shuffled) {
            for (int i = 0; i < k; i++) {
                long v = 0;
                for (int j = 0; j < 8; j++) {
                    v = v << 8 | (data[off + j * k + i] & 0xff);
                }
                out[at + i] = Double.longBitsToDouble(v);
            }
        } else {
            for (int i = 0; i < k; i++) {
                out[at + i] = Double.longBitsToDouble((long) LONG_BE.get(data, off + 8 * i));
            }
        }
    }

    // ------------------------------------------------------------------ sealing

    /** A slice of an array. */
    private record Body(byte[] bytes, int offset, int length) {
    }

    /**
     * {@code magic}, a flags byte, then the body with its CRC32 or, with a key, the IV and the AES-GCM ciphertext
     * (the magic is its associated data, so one kind of record can never be opened as another).
     */
    private byte[] wrap(byte[] magic, byte[] body, int off, int len) {
        try {
            if (key == null) {
                byte[] out = new byte[magic.length + 1 + 8 + len];
                System.arraycopy(magic, 0, out, 0, magic.length);
                CRC32 crc = new CRC32();
                crc.update(body, off, len);
                LONG_BE.set(out, magic.length + 1, crc.getValue());
                System.arraycopy(body, off, out, magic.length + 9, len);
                return out;
            }
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(magic);
            int start = magic.length + 1 + IV_BYTES;
            byte[] out = new byte[start + c.getOutputSize(len)];
            System.arraycopy(magic, 0, out, 0, magic.length);
            out[magic.length] = FLAG_ENCRYPTED;
            System.arraycopy(iv, 0, out, magic.length + 1, IV_BYTES);
            int written = c.doFinal(body, off, len, out, start);
            return written == out.length - start ? out : Arrays.copyOf(out, start + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a " + new String(magic, StandardCharsets.US_ASCII), e);
        }
    }

    /** The body of what {@link #wrap} wrote with the same magic; checks the checksum or the GCM tag. */
    private Body unwrap(byte[] magic, byte[] stored, String what) throws CorruptDataException {
        int start = magic.length + 1;
        if (stored.length < start || !Arrays.equals(stored, 0, magic.length, magic, 0, magic.length)) {
            throw new CorruptDataException("not a stored " + what + " of this version");
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
                byte[] plain = c.doFinal(stored, start + IV_BYTES, stored.length - start - IV_BYTES);
                return new Body(plain, 0, plain.length);
            } catch (GeneralSecurityException e) {
                throw new CorruptDataException("authentication of the encrypted " + what + " failed");
            }
        }
        if (stored.length < start + 8) {
            throw new CorruptDataException("truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(stored, start + 8, stored.length - start - 8);
        if (crc.getValue() != (long) LONG_BE.get(stored, start)) {
            throw new CorruptDataException("checksum mismatch");
        }
        return new Body(stored, start + 8, stored.length - start - 8);
    }

    // ------------------------------------------------------------------ strings

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

    /** The LZ4 implementation: JNI where its native library loads, else pure Java (both bounds-checked here). */
    private static final class Lz4 {
        static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    }

    /** Stored bytes that cannot be read back as the frame that was written. */
    public static final class CorruptDataException extends Exception {
        private static final long serialVersionUID = 1L;

        public CorruptDataException(String message) {
            super(message);
        }
    }
}
