package org.fractalis.core.internal.data;

import static org.fractalis.core.internal.data.Frames.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.data.FrameCodec.Compression;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.fractalis.core.internal.data.FrameCodec.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final int SMALL = FrameCodec.MIN_CHUNK_BYTES;
    private static FrameCodec plain;
    private static FrameCodec secretA;
    private static FrameCodec secretA2;
    private static FrameCodec secretB;

    @BeforeAll
    static void codecs() {
        plain = new FrameCodec();
        secretA = new FrameCodec("correct horse battery staple");
        secretA2 = new FrameCodec("correct horse battery staple");
        secretB = new FrameCodec("another secret");
    }

    /** A stored frame: its manifest and its chunks, as a store would hold them. */
    record Stored(byte[] manifest, List<byte[]> chunks) {
        Stored with(int chunk, byte[] bytes) {
            List<byte[]> c = new ArrayList<>(chunks);
            c.set(chunk, bytes);
            return new Stored(manifest, c);
        }

        long bytes() {
            return manifest.length + chunks.stream().mapToLong(b -> b.length).sum();
        }
    }

    static Stored encode(FrameCodec c, Frame f, int chunkBytes) {
        List<byte[]> chunks = new ArrayList<>();
        Manifest m = c.encode(f, chunkBytes, c.newGeneration(), (i, b) -> {
            assertEquals(chunks.size(), i, "chunks come in order");
            chunks.add(b);
        });
        assertEquals(chunks.size(), m.chunks());
        assertEquals(chunks.stream().mapToLong(b -> b.length).sum(), m.storedBytes());
        return new Stored(c.manifestBytes(m), chunks);
    }

    static Stored encode(FrameCodec c, Frame f) {
        return encode(c, f, FrameCodec.MAX_CHUNK_BYTES);
    }

    static Frame decode(FrameCodec c, Stored s) throws CorruptDataException {
        return c.decode(c.manifest(s.manifest), i -> i < s.chunks.size() ? Optional.of(s.chunks.get(i))
                : Optional.empty());
    }

    static Frame categorical() {
        return Frame.builder(DataKind.CATEGORICAL)
                .add("p1", "gender", "male")
                .add("p2", "gender", (String) null)
                .add("p3", "gender", "")
                .add("Ünïcødé-😀", "gender", "女性")
                .add("p5", "gender", "--")
                .build();
    }

    static Frame numerical() {
        return Frame.builder(DataKind.NUMERICAL)
                .add("p1", "year_of_birth", 1941.0)
                .add("p2", "year_of_birth", Double.NaN)
                .add("p3", "year_of_birth", Double.POSITIVE_INFINITY)
                .add("p4", "year_of_birth", -0.0)
                .add("p5", "year_of_birth", Double.MIN_VALUE)
                .add("p6", "year_of_birth", -1.5e300)
                .build();
    }

    static Frame array() {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        Random r = new Random(42);
        for (int s = 0; s < 7; s++) {
            for (int f = 0; f < 5; f++) {
                b.add("sample-" + s, "hsa-mir-" + f + "-ß", f == s ? Double.NaN : r.nextGaussian());
            }
        }
        return b.build();
    }

    static Frame matrix(int samples, int features, long seed) {
        return Frames.matrix(samples, features, seed);
    }

    /** A dense matrix frame (the form of a cohort-sized array), with a missing cell. */
    static Frame dense(int samples, int features, long seed) {
        Random r = new Random(seed);
        String[] ids = new String[samples];
        for (int i = 0; i < samples; i++) {
            ids[i] = "TCGA-" + i;
        }
        String[] names = new String[features];
        double[] values = new double[samples * features];
        for (int f = 0; f < features; f++) {
            names[f] = "gene-" + f;
            for (int i = 0; i < samples; i++) {
                values[f * samples + i] = f == i ? Double.NaN : r.nextGaussian();
            }
        }
        return Frame.matrix(DataKind.NUMERICAL_ARRAY, ids, names, values);
    }

    static List<Frame> allKinds() {
        return List.of(categorical(), numerical(), array(), dense(7, 5, 42));
    }

    /** A matrix frame is stored without code columns and reads back as a matrix, cell for cell. */
    @Test
    void aMatrixStaysAMatrixAndStoresNoCodes() throws Exception {
        Frame m = dense(300, 40, 5);
        Frame asLong = m.filter(r -> true).select(java.util.stream.IntStream.range(0, m.size()).toArray());
        assertTrue(m.isMatrix() && !asLong.isMatrix());
        for (FrameCodec c : List.of(plain, secretA)) {
            for (int chunk : new int[] {SMALL, FrameCodec.MAX_CHUNK_BYTES}) {
                Stored s = encode(c, m, chunk);
                Frame back = decode(c, s);
                assertTrue(back.isMatrix());
                assertSameRows(m, back);
                assertEquals(m.ids(), back.ids());
                assertEquals(m.features(), back.features());
                assertTrue(s.bytes() < encode(c, asLong, chunk).bytes());
            }
        }
    }

    @Test
    void sealedSecretsOpenWithTheSameKeyOnlyAndNeverPassForFrames() throws Exception {
        byte[] secret = "{\"token\":\"t0k3n\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = secretA.seal(secret);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("t0k3n"));
        assertArrayEquals(secret, secretA2.open(sealed), "another node with the same secret opens it");
        assertThrows(CorruptDataException.class, () -> secretB.open(sealed));
        assertThrows(CorruptDataException.class, () -> plain.open(sealed));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(CorruptDataException.class, () -> secretA.open(tampered));
        assertArrayEquals(secret, plain.open(plain.seal(secret)));
        byte[] plainTampered = plain.seal(secret);
        plainTampered[plainTampered.length - 2] ^= 1;
        assertThrows(CorruptDataException.class, () -> plain.open(plainTampered));
        // a secret is not a frame and a frame is not a secret
        assertThrows(CorruptDataException.class, () -> secretA.manifest(sealed));
        Stored f = encode(secretA, numerical());
        assertThrows(CorruptDataException.class, () -> secretA.open(f.manifest));
        assertThrows(CorruptDataException.class, () -> secretA.open(f.chunks.get(0)));
    }

    @Test
    void roundTripOfEveryKindPlainAndEncryptedAndAcrossCodecsWithTheSameSecret() throws Exception {
        for (Frame f : allKinds()) {
            for (int chunk : new int[] {SMALL, FrameCodec.MAX_CHUNK_BYTES}) {
                Frame back = decode(plain, encode(plain, f, chunk));
                assertSameRows(f, back);
                assertEquals(f.features(), back.features());
                assertEquals(f.ids(), back.ids());
                Stored enc = encode(secretA, f, chunk);
                assertSameRows(f, decode(secretA, enc));
                assertSameRows(f, decode(secretA2, enc)); // another node with the same secret derives the same key
            }
        }
    }

    @Test
    void emptyFramesRoundTrip() throws Exception {
        for (DataKind k : DataKind.values()) {
            Frame empty = Frame.builder(k).build();
            assertSameRows(empty, decode(plain, encode(plain, empty)));
            assertSameRows(empty, decode(secretA, encode(secretA, empty, SMALL)));
        }
    }

    /** A frame many times the chunk size: every chunk within the bound, any compression, bit-exact values. */
    @Test
    void aLargeFrameIsCutIntoChunksWithinTheBoundAndReadBackExactly() throws Exception {
        Frame f = matrix(100, 200, 7);
        for (Compression c : Compression.values()) {
            for (FrameCodec codec : List.of(new FrameCodec(null, c), new FrameCodec("k", c))) {
                Stored s = encode(codec, f, SMALL);
                assertTrue(s.chunks.size() > 20, c + ": " + s.chunks.size() + " chunks");
                for (byte[] chunk : s.chunks) {
                    assertTrue(chunk.length <= SMALL, c + ": a chunk of " + chunk.length + " bytes");
                }
                Frame back = decode(codec, s);
                assertSameRows(f, back);
                for (int i = 0; i < f.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(f.number(i)), Double.doubleToRawLongBits(back.number(i)));
                }
            }
        }
    }

    /**
     * Every split of blocks over chunks: frames of growing size straddle the chunk and block boundaries at every
     * position; each reads back exactly with no chunk over the bound. Also with blocks that do not compress.
     */
    @Test
    void chunkBoundariesAtEveryPosition() throws Exception {
        Random r = new Random(3);
        for (int n = 0; n < 3000; n += 1 + r.nextInt(97)) {
            Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
            for (int i = 0; i < n; i++) {
                b.add("id-" + r.nextLong(), "v", Double.longBitsToDouble(r.nextLong()));
            }
            Frame f = b.build();
            for (FrameCodec c : List.of(plain, secretA)) {
                Stored s = encode(c, f, SMALL);
                s.chunks.forEach(chunk -> assertTrue(chunk.length <= SMALL));
                assertSameRows(f, decode(c, s));
            }
        }
        // a categorical column of long strings spans chunks as well
        Frame.Builder b = Frame.builder(DataKind.CATEGORICAL);
        for (int i = 0; i < 400; i++) {
            b.add("p" + i, "c", Long.toHexString(r.nextLong()).repeat(1 + i % 40));
        }
        Frame cat = b.build();
        Stored s = encode(secretA, cat, SMALL);
        assertTrue(s.chunks.size() > 3, s.chunks.size() + " chunks");
        assertSameRows(cat, decode(secretA, s));
    }

    @Test
    void measuredValuesCompressAndCodesAlmostVanish() {
        Frame f = matrix(100, 200, 9);
        long raw = 16L * f.size();
        long none = encode(new FrameCodec(null, Compression.NONE), f).bytes();
        long shuffled = encode(plain, f).bytes();
        assertTrue(none >= raw, none + " >= " + raw);
        // the codes (half of the raw bytes) compress to almost nothing, the high bytes of the doubles compress
        assertTrue(shuffled < 0.55 * raw, shuffled + " of " + raw);
    }

    @Test
    void aMissingChunkIsCorruptDataNamingIt() throws Exception {
        Frame f = matrix(50, 100, 1);
        for (FrameCodec c : List.of(plain, secretA)) {
            Stored s = encode(c, f, SMALL);
            Manifest m = c.manifest(s.manifest);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> c.decode(m,
                    i -> i == 2 ? Optional.empty() : Optional.of(s.chunks.get(i))));
            assertEquals("chunk 3 of " + s.chunks.size() + " is missing", e.getMessage());
        }
    }

    @Test
    void chunksOfAnotherWriteOrPositionAreRefused() throws Exception {
        Frame f = matrix(50, 100, 1);
        for (FrameCodec c : List.of(plain, secretA)) {
            Stored s = encode(c, f, SMALL);
            Stored again = encode(c, f, SMALL); // same frame, another generation
            assertEquals(s.chunks.size(), again.chunks.size());
            assertThrows(CorruptDataException.class, () -> decode(c, s.with(1, again.chunks.get(1))));
            assertThrows(CorruptDataException.class, () -> decode(c, s.with(1, s.chunks.get(2))));
            List<byte[]> fewer = new ArrayList<>(s.chunks.subList(0, s.chunks.size() - 1));
            assertThrows(CorruptDataException.class, () -> decode(c, new Stored(s.manifest, fewer)));
        }
    }

    @Test
    void encryptionUsesAFreshIvEveryTime() {
        Stored a = encode(secretA, numerical());
        Stored b = encode(secretA, numerical());
        assertFalse(Arrays.equals(a.chunks.get(0), b.chunks.get(0)));
        assertFalse(Arrays.equals(a.manifest, b.manifest));
    }

    @Test
    void encryptedChunksDoNotContainThePlainText() {
        Frame f = Frame.builder(DataKind.CATEGORICAL).add("p1", "f", "secret-value-" + "x".repeat(200)).build();
        Stored enc = encode(secretA, f);
        Stored pl = encode(plain, f);
        byte[] chunk = enc.chunks.get(0);
        assertEquals(0, pl.chunks.get(0)[4], "plain flag");
        assertEquals(1, chunk[4], "encrypted flag");
        assertFalse(new String(chunk, StandardCharsets.ISO_8859_1).contains("secret-value"));
        assertFalse(new String(enc.manifest, StandardCharsets.ISO_8859_1).contains("secret-value"));
    }

    @Test
    void flippedBytesAreDetected() throws Exception {
        for (FrameCodec c : List.of(plain, secretA)) {
            for (Frame f : allKinds()) {
                Stored s = encode(c, f);
                byte[] bad = s.chunks.get(0).clone();
                bad[bad.length / 2] ^= 0x10;
                assertThrows(CorruptDataException.class, () -> decode(c, s.with(0, bad)));
                byte[] badManifest = s.manifest.clone();
                badManifest[badManifest.length - 3] ^= 0x01;
                assertThrows(CorruptDataException.class, () -> decode(c, new Stored(badManifest, s.chunks)));
            }
        }
    }

    /**
     * Every single-bit flip anywhere in a stored frame (manifest and every chunk) is refused with
     * CorruptDataException or yields exactly the frame that was written. Nothing else may happen: no other
     * exception, no silently different frame.
     */
    @Test
    void everySingleBitFlipIsRefusedOrHarmlessPlain() {
        exhaustiveFlips(plain, allKinds());
    }

    @Test
    void everySingleBitFlipIsRefusedOrHarmlessEncrypted() {
        List<String> accepted = exhaustiveFlips(secretA, allKinds());
        // only the flags byte (position 4) is outside the authenticated data; every other byte is covered by GCM
        for (String a : accepted) {
            assertTrue(a.contains(" 4/"), "an accepted flip outside the flags byte: " + a);
        }
    }

    private static List<String> exhaustiveFlips(FrameCodec codec, List<Frame> frames) {
        List<String> problems = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Frame f : frames) {
            Stored s = encode(codec, f, SMALL);
            for (int part = -1; part < s.chunks.size(); part++) {
                byte[] stored = part < 0 ? s.manifest : s.chunks.get(part);
                for (int pos = 0; pos < stored.length; pos++) {
                    for (int bit = 0; bit < 8; bit++) {
                        byte[] bad = stored.clone();
                        bad[pos] ^= (byte) (1 << bit);
                        Stored flipped = part < 0 ? new Stored(bad, s.chunks) : s.with(part, bad);
                        String where = f.kind() + " part " + part + " " + pos + "/" + bit;
                        try {
                            Frame back = decode(codec, flipped);
                            if (!Frames.sameRows(f, back)) {
                                problems.add(where + ": a different frame was returned");
                            } else {
                                accepted.add(where);
                            }
                        } catch (CorruptDataException e) {
                            // detected
                        } catch (Throwable t) {
                            problems.add(where + " of " + stored.length + ": " + t);
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " bad outcomes, first: "
                + problems.subList(0, Math.min(10, problems.size())));
        return accepted;
    }

    /**
     * A chunk whose header says 2^31-1 rows although the frame is tiny, with valid checksums (as if the writer had
     * been broken): refused as corrupt, not an attempt to allocate the arrays. White-box: the plain layout.
     */
    @Test
    void hugeCountsWithValidChecksumsAreCorruptDataNotOutOfMemory() throws Exception {
        for (int[] counts : new int[][] {{Integer.MAX_VALUE, 0, 0}, {0, Integer.MAX_VALUE, 0}, {0, 0, 1 << 30}}) {
            ByteBuffer header = ByteBuffer.allocate(13);
            header.put((byte) DataKind.NUMERICAL.ordinal()).putInt(counts[0]).putInt(counts[1]).putInt(counts[2]);
            byte[] gen = new byte[FrameCodec.GENERATION_BYTES];
            ByteBuffer body = ByteBuffer.allocate(gen.length + 4 + 10 + 13);
            body.put(gen).putInt(0).put((byte) 0).put((byte) 0).putInt(13).putInt(13).put(header.array());
            byte[] chunk = crcSealed("FRC3", body.array());
            ByteBuffer m = ByteBuffer.allocate(gen.length + 20);
            m.put(gen).putInt(1).putLong(13).putLong(chunk.length);
            byte[] manifest = crcSealed("FRM3", m.array());
            Stored s = new Stored(manifest, List.of(chunk));
            assertSameRowsOrCorrupt(s, Arrays.toString(counts));
        }
    }

    private static void assertSameRowsOrCorrupt(Stored s, String what) {
        assertThrows(CorruptDataException.class, () -> decode(plain, s), what);
    }

    private static byte[] crcSealed(String magic, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void truncatedManifestsAndChunksAreDetected() {
        for (FrameCodec c : List.of(plain, secretA)) {
            Stored s = encode(c, array());
            for (int len : new int[] {0, 3, 4, 5, 10, s.manifest.length / 2, s.manifest.length - 1}) {
                Stored cut = new Stored(Arrays.copyOf(s.manifest, len), s.chunks);
                assertThrows(CorruptDataException.class, () -> decode(c, cut), "manifest length " + len);
            }
            byte[] chunk = s.chunks.get(0);
            for (int len : new int[] {0, 3, 4, 5, 10, chunk.length / 2, chunk.length - 1}) {
                Stored cut = s.with(0, Arrays.copyOf(chunk, len));
                assertThrows(CorruptDataException.class, () -> decode(c, cut), "chunk length " + len);
            }
        }
    }

    @Test
    void wrongKeyIsDetected() {
        Stored s = encode(secretA, categorical());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(secretB, s));
        assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    }

    @Test
    void encryptedFrameReadWithoutKeyIsRefused() {
        Stored s = encode(secretA, numerical());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(plain, s));
        assertEquals("the frame is encrypted but cache encryption is off", e.getMessage());
    }

    /** Garbage, and a frame of the previous single-value format (FRM2), are not frames: a clean error. */
    @Test
    void garbageAndOlderFormatsAreNotFrames() {
        assertThrows(CorruptDataException.class, () -> plain.manifest("hello world".getBytes()));
        assertThrows(CorruptDataException.class, () -> secretA.manifest(new byte[64]));
        byte[] older = crcSealed("FRM2", new byte[] {0, 0, 0, 1, 0});
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> plain.manifest(older));
        assertEquals("not a stored frame of this version", e.getMessage());
    }

    @Test
    void chunkSizeIsBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> plain.encode(numerical(), SMALL - 1, plain.newGeneration(), (i, b) -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> plain.encode(numerical(), FrameCodec.MAX_CHUNK_BYTES + 1, plain.newGeneration(), (i, b) -> { }));
    }

    @Test
    void keyDerivationNeedsASecretAndGivesAnAes256Key() {
        // determinism across nodes: see roundTrip... (secretA2); another secret: see wrongKeyIsDetected
        assertThrows(IllegalArgumentException.class, () -> new FrameCodec(""));
        assertThrows(IllegalArgumentException.class, () -> new FrameCodec((String) null));
        assertEquals(32, FrameCodec.deriveKey("s3cret").getEncoded().length);
    }
}
