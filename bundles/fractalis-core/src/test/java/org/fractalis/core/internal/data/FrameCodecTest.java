package org.fractalis.core.internal.data;

import static org.fractalis.core.internal.data.Frames.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
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

    static List<Frame> allKinds() {
        return List.of(categorical(), numerical(), array());
    }

    @Test
    void sealedSecretsOpenWithTheSameKeyOnlyAndNeverPassForFrames() throws Exception {
        byte[] secret = "{\"token\":\"t0k3n\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sealed = secretA.seal(secret);
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("t0k3n"));
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
        assertThrows(CorruptDataException.class, () -> secretA.decode(sealed));
        assertThrows(CorruptDataException.class, () -> secretA.open(secretA.encode(numerical())));
    }

    @Test
    void plainRoundTripOfEveryKind() throws Exception {
        for (Frame f : allKinds()) {
            byte[] stored = plain.encode(f);
            Frame back = plain.decode(stored);
            assertSameRows(f, back);
            assertEquals(f.features(), back.features());
            assertEquals(f.ids(), back.ids());
        }
    }

    @Test
    void encryptedRoundTripOfEveryKindAndAcrossCodecsWithTheSameSecret() throws Exception {
        for (Frame f : allKinds()) {
            byte[] stored = secretA.encode(f);
            assertSameRows(f, secretA.decode(stored));
            // another node with the same secret derives the same key
            assertSameRows(f, secretA2.decode(stored));
        }
    }

    @Test
    void emptyFramesRoundTrip() throws Exception {
        for (DataKind k : DataKind.values()) {
            Frame empty = Frame.builder(k).build();
            assertSameRows(empty, plain.decode(plain.encode(empty)));
            assertSameRows(empty, secretA.decode(secretA.encode(empty)));
        }
    }

    @Test
    void largeArrayRoundTrip() throws Exception {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        Random r = new Random(7);
        for (int s = 0; s < 100; s++) {
            for (int f = 0; f < 200; f++) {
                b.add("s" + s, "f" + f, r.nextDouble());
            }
        }
        Frame f = b.build();
        assertSameRows(f, plain.decode(plain.encode(f)));
        assertSameRows(f, secretA.decode(secretA.encode(f)));
    }

    @Test
    void encryptionUsesAFreshIvEveryTime() {
        Frame f = numerical();
        assertFalse(Arrays.equals(secretA.encode(f), secretA.encode(f)));
    }

    @Test
    void encryptedFrameDoesNotContainThePlainText() {
        Frame f = Frame.builder(DataKind.CATEGORICAL).add("p1", "f", "x".repeat(200)).build();
        byte[] enc = secretA.encode(f);
        // the plain codec writes deflated text; the encrypted one must differ from it apart from the header
        byte[] pl = plain.encode(f);
        assertEquals(pl[4], 0, "plain flag");
        assertEquals(enc[4], 1, "encrypted flag");
        assertArrayEquals(Arrays.copyOf(pl, 4), Arrays.copyOf(enc, 4), "magic");
        byte[] plainBody = Arrays.copyOfRange(pl, 5, pl.length);
        assertFalse(indexOf(enc, plainBody) >= 0, "plain body found inside the encrypted frame");
    }

    @Test
    void flippedByteInPlainBodyIsDetected() throws Exception {
        for (Frame f : allKinds()) {
            byte[] stored = plain.encode(f);
            byte[] bad = stored.clone();
            bad[stored.length / 2] ^= 0x10;
            assertThrows(CorruptDataException.class, () -> plain.decode(bad));
        }
    }

    @Test
    void flippedByteInEncryptedFrameIsDetected() {
        for (Frame f : allKinds()) {
            byte[] stored = secretA.encode(f);
            for (int pos : new int[] {5, 5 + 11, stored.length / 2, stored.length - 1}) {
                byte[] bad = stored.clone();
                bad[pos] ^= 0x01;
                assertThrows(CorruptDataException.class, () -> secretA.decode(bad), "flip at " + pos);
            }
        }
    }

    /**
     * Every single-bit flip anywhere in a stored frame either is refused with CorruptDataException or (for bits that
     * carry no data, e.g. the zlib trailer) still yields exactly the frame that was written. Nothing else may happen:
     * no other exception, no silently different frame.
     */
    @Test
    void everySingleBitFlipIsRefusedOrHarmlessPlain() {
        exhaustiveFlips(plain, allKinds());
    }

    /**
     * A stored frame whose id count says 2^31-1 although the body is tiny, with a valid outer checksum (as if the
     * writer had been broken, or a checksum collision): the codec must refuse it as corrupt, not try to allocate
     * the array. White-box: builds the plain layout MAGIC, flags 0, CRC32 of the body (8 bytes), deflated body.
     */
    @Test
    void hugeCountInAFrameWithAValidChecksumIsCorruptDataNotOutOfMemory() throws Exception {
        for (int[] counts : new int[][] {{Integer.MAX_VALUE, 0, 0}, {0, Integer.MAX_VALUE, 0}, {0, 0, 1 << 30}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(body))) {
                out.writeByte(DataKind.NUMERICAL.ordinal());
                out.writeInt(counts[0]); // id levels
                if (counts[0] == 0) {
                    out.writeInt(counts[1]); // feature levels
                    if (counts[1] == 0) {
                        out.writeInt(counts[2]); // rows
                    }
                }
            }
            byte[] deflated = body.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(deflated);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            stored.write(new byte[] {'F', 'R', 'M', '1', 0});
            new DataOutputStream(stored).writeLong(crc.getValue());
            stored.write(deflated);
            byte[] bytes = stored.toByteArray();
            assertThrows(CorruptDataException.class, () -> plain.decode(bytes), Arrays.toString(counts));
        }
    }

    @Test
    void everySingleBitFlipIsRefusedOrHarmlessEncrypted() {
        List<String> accepted = exhaustiveFlips(secretA, allKinds());
        // only the flags byte (position 4) is outside the authenticated data; every other byte is covered by GCM
        for (String a : accepted) {
            assertTrue(a.startsWith("4/"), "an accepted flip outside the flags byte: " + a);
        }
    }

    private static List<String> exhaustiveFlips(FrameCodec codec, List<Frame> frames) {
        List<String> problems = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Frame f : frames) {
            byte[] stored = codec.encode(f);
            for (int pos = 0; pos < stored.length; pos++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = stored.clone();
                    bad[pos] ^= (byte) (1 << bit);
                    try {
                        Frame back = codec.decode(bad);
                        if (!Frames.sameRows(f, back)) {
                            problems.add(f.kind() + " " + pos + "/" + bit + ": a different frame was returned");
                        } else {
                            accepted.add(pos + "/" + bit);
                        }
                    } catch (CorruptDataException e) {
                        // detected
                    } catch (Throwable t) {
                        problems.add(f.kind() + " " + pos + "/" + bit + " of " + stored.length + ": " + t);
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " bad outcomes, first: "
                + problems.subList(0, Math.min(10, problems.size())));
        return accepted;
    }

    @Test
    void truncatedFramesAreDetected() {
        for (FrameCodec c : List.of(plain, secretA)) {
            byte[] stored = c.encode(array());
            for (int len : new int[] {0, 3, 4, 5, 10, stored.length / 2}) {
                byte[] cut = Arrays.copyOf(stored, len);
                assertThrows(CorruptDataException.class, () -> c.decode(cut), "length " + len);
            }
        }
        // the last bytes of a plain frame are the zlib trailer, read by nobody after the CRC: either refused or exact
        byte[] stored = plain.encode(array());
        for (int cut = 1; cut <= 4; cut++) {
            byte[] shorter = Arrays.copyOf(stored, stored.length - cut);
            try {
                assertSameRows(array(), plain.decode(shorter));
            } catch (CorruptDataException e) {
                // fine
            }
        }
        // every truncation of an encrypted frame breaks the GCM tag
        byte[] enc = secretA.encode(array());
        assertThrows(CorruptDataException.class, () -> secretA.decode(Arrays.copyOf(enc, enc.length - 1)));
    }

    @Test
    void wrongKeyIsDetected() {
        byte[] stored = secretA.encode(categorical());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> secretB.decode(stored));
        assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    }

    @Test
    void encryptedFrameReadWithoutKeyIsRefused() {
        byte[] stored = secretA.encode(numerical());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> plain.decode(stored));
        assertEquals("the frame is encrypted but cache encryption is off", e.getMessage());
    }

    @Test
    void garbageIsNotAFrame() {
        assertThrows(CorruptDataException.class, () -> plain.decode("hello world".getBytes()));
        assertThrows(CorruptDataException.class, () -> secretA.decode(new byte[64]));
    }

    @Test
    void keyDerivationNeedsASecretAndGivesAnAes256Key() {
        // determinism across nodes: see encryptedRoundTrip... (secretA2); another secret: see wrongKeyIsDetected
        assertThrows(IllegalArgumentException.class, () -> new FrameCodec(""));
        assertThrows(IllegalArgumentException.class, () -> new FrameCodec((String) null));
        assertEquals(32, FrameCodec.deriveKey("s3cret").getEncoded().length);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
