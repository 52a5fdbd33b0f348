package org.fractalis.core.internal.data;

import static org.fractalis.core.internal.data.Frames.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.fractalis.core.internal.store.MemoryStateStore;
import org.junit.jupiter.api.Test;

/** Frames as chunks in a store: bounded values, clean errors, and no chunk left behind. */
class CachedFramesTest {
    private static final int CHUNK = FrameCodec.MIN_CHUNK_BYTES;
    private static final Duration TTL = Duration.ofHours(1);
    private static final String ID = "0b7c4a4e-7f0e-4c1a-9d55-1d6c2f1b0a11";

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryStateStore store = new MemoryStateStore(1L << 30, clock::get);
    private final Frame frame = FrameCodecTest.matrix(60, 100, 5);

    @Test
    void aFrameIsStoredAsBoundedChunksAndReadBack() throws Exception {
        for (FrameCodec codec : List.of(new FrameCodec(), new FrameCodec("s3cret"))) {
            CachedFrames frames = new CachedFrames(store, codec, CHUNK);
            long bytes = frames.write(ID, frame, TTL);
            List<String> keys = store.keys("frame:" + ID);
            assertTrue(keys.size() > 10, keys.size() + " keys");
            long sum = 0;
            for (String k : keys) {
                byte[] v = store.get(k).orElseThrow();
                assertTrue(v.length <= CHUNK, k + ": " + v.length + " bytes");
                sum += v.length;
            }
            assertEquals(sum, bytes, "the size counted against the session's quota is what the store holds");
            assertSameRows(frame, frames.read(ID).orElseThrow());
            frames.delete(ID);
            assertEquals(List.of(), store.keys(""));
            assertEquals(Optional.empty(), frames.read(ID));
        }
    }

    @Test
    void rewritingAFrameRemovesTheChunksOfTheFormerWrite() throws Exception {
        CachedFrames frames = new CachedFrames(store, new FrameCodec(), CHUNK);
        frames.write(ID, frame, TTL);
        int first = store.keys("frame:").size();
        Frame other = FrameCodecTest.matrix(10, 10, 6);
        frames.write(ID, other, TTL); // a redelivered load of the same job
        assertTrue(store.keys("frame:").size() < first);
        assertSameRows(other, frames.read(ID).orElseThrow());
        frames.delete(ID);
        assertEquals(List.of(), store.keys(""));
    }

    @Test
    void aMissingChunkIsACleanError() {
        CachedFrames frames = new CachedFrames(store, new FrameCodec(), CHUNK);
        frames.write(ID, frame, TTL);
        String victim = store.keys("frame:" + ID + ":").stream().filter(k -> k.endsWith(":4")).findFirst()
                .orElseThrow();
        store.delete(victim);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> frames.read(ID));
        assertTrue(e.getMessage().startsWith("chunk 5 of "), e.getMessage());
        frames.delete(ID);
        assertEquals(List.of(), store.keys(""), "the remaining chunks are removed too");
    }

    /** A frame of an older format, or under another key, still goes away with every chunk of its id. */
    @Test
    void anUnreadableManifestIsACleanErrorAndItsChunksAreStillRemoved() {
        CachedFrames frames = new CachedFrames(store, new FrameCodec("one secret"), CHUNK);
        frames.write(ID, frame, TTL);
        CachedFrames otherKey = new CachedFrames(store, new FrameCodec("another secret"), CHUNK);
        assertThrows(CorruptDataException.class, () -> otherKey.read(ID));
        store.put("frame:" + ID, new byte[] {'F', 'R', 'M', '2', 0, 1, 2}, TTL);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> frames.read(ID));
        assertEquals("not a stored frame of this version", e.getMessage());
        otherKey.delete(ID);
        assertEquals(List.of(), store.keys(""));
    }

    @Test
    void chunksExpireWithTheFrame() throws Exception {
        CachedFrames frames = new CachedFrames(store, new FrameCodec(), CHUNK);
        frames.write(ID, frame, TTL);
        clock.addAndGet(TTL.toMillis() + 1);
        store.sweep();
        assertEquals(List.of(), store.keys(""));
        assertEquals(Optional.empty(), frames.read(ID));
    }

    /** A store that fails in the middle of a write (full): no chunk is left behind. */
    @Test
    void aFailedWriteLeavesNoChunks() {
        CachedFrames frames = new CachedFrames(failing(7, false), new FrameCodec(), CHUNK);
        assertThrows(BackendUnavailableException.class, () -> frames.write(ID, frame, TTL));
        assertEquals(List.of(), store.keys(""));
    }

    /**
     * A write that never finished and could not clean up (the store went away, or the worker was killed or the
     * node restarted mid-write, as LostJobs then reports): its pending manifest names the chunks, so reading it is
     * a clean error and deleting the variable removes every chunk.
     */
    @Test
    void anUnfinishedWriteIsACleanErrorAndItsChunksAreRemovedByDelete() {
        CachedFrames broken = new CachedFrames(failing(7, true), new FrameCodec(), CHUNK);
        assertThrows(BackendUnavailableException.class, () -> broken.write(ID, frame, TTL));
        assertEquals(6, store.keys("frame:").size(), "the pending manifest and 5 chunks");
        CachedFrames frames = new CachedFrames(store, new FrameCodec(), CHUNK);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> frames.read(ID));
        assertTrue(e.getMessage().contains("never completely stored"), e.getMessage());
        frames.delete(ID);
        assertEquals(List.of(), store.keys(""));
    }

    /** The test store; from the n-th put on, puts fail, and with {@code deletesFail} deletes too. */
    private StateStore failing(int failingPut, boolean deletesFail) {
        int[] puts = {0};
        return new StateStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, byte[] value, Duration ttl) {
                if (++puts[0] >= failingPut) {
                    throw new BackendUnavailableException("store full");
                }
                store.put(key, value, ttl);
            }

            @Override
            public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                return store.putIfAbsent(key, value, ttl);
            }

            @Override
            public byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl) {
                return store.update(key, update, ttl);
            }

            @Override
            public boolean delete(String key) {
                if (deletesFail && puts[0] >= failingPut) {
                    throw new BackendUnavailableException("store gone");
                }
                return store.delete(key);
            }

            @Override
            public List<String> keys(String prefix) {
                return store.keys(prefix);
            }
        };
    }
}
