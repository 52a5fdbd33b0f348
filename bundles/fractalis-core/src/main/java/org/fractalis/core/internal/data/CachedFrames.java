package org.fractalis.core.internal.data;

import java.time.Duration;
import java.util.Optional;

import org.fractalis.api.backend.StateStore;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.fractalis.core.internal.data.FrameCodec.Manifest;

/**
 * Frames in the store as chunks, above the {@link StateStore} SPI so every store (the embedded one, Redis) holds
 * frames of any size in values of bounded size: {@code frame:<id>} is the manifest, {@code
 * frame:<id>:<generation>:<n>} the chunks. A write first puts a pending manifest (its generation, no chunks), then
 * the chunks in order, then the complete manifest: a reader never takes a frame whose chunks are not all written,
 * and a delete always finds the chunks, also of a write that never finished (a worker killed mid-write, a node
 * restarted during a load), by their generation. Every chunk has the frame's lifetime, so nothing outlives it.
 */
public final class CachedFrames {
    private static final String FRAME = "frame:";

    private final StateStore store;
    private final FrameCodec codec;
    private final int chunkBytes;

    public CachedFrames(StateStore store, FrameCodec codec, int chunkBytes) {
        this.store = store;
        this.codec = codec;
        this.chunkBytes = chunkBytes;
    }

    private static String chunkKey(String id, String generation, int index) {
        return FRAME + id + ":" + generation + ":" + index;
    }

    /**
     * Stores a frame, replacing one stored under the same id before (its chunks are removed).
     *
     * @return bytes stored (chunks and manifest)
     */
    public long write(String id, Frame frame, Duration ttl) {
        Optional<Manifest> previous = manifest(id);
        byte[] generation = codec.newGeneration();
        String gen = java.util.HexFormat.of().formatHex(generation);
        int[] written = {0};
        Manifest m;
        store.put(FRAME + id, codec.manifestBytes(FrameCodec.pending(generation)), ttl);
        try {
            m = codec.encode(frame, chunkBytes, generation, (i, chunk) -> {
                store.put(chunkKey(id, gen, i), chunk, ttl);
                written[0] = i + 1;
            });
        } catch (RuntimeException | Error e) {
            try { // a full store: leave no chunks behind (with a lost connection, delete() finds them later)
                for (int i = 0; i < written[0]; i++) {
                    store.delete(chunkKey(id, gen, i));
                }
                store.delete(FRAME + id);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        byte[] manifest = codec.manifestBytes(m);
        try {
            store.put(FRAME + id, manifest, ttl);
        } catch (RuntimeException e) {
            try {
                deleteChunks(id, m);
                store.delete(FRAME + id);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        previous.filter(p -> !p.generationHex().equals(gen)).ifPresent(p -> deleteChunks(id, p));
        return m.storedBytes() + manifest.length;
    }

    /**
     * The frame stored under the id, empty if none is.
     *
     * @throws CorruptDataException if it cannot be read: a chunk missing or altered, another key, an older format
     */
    public Optional<Frame> read(String id) throws CorruptDataException {
        Optional<byte[]> stored = store.get(FRAME + id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Manifest m = codec.manifest(stored.get());
        String gen = m.generationHex();
        return Optional.of(codec.decode(m, i -> store.get(chunkKey(id, gen, i))));
    }

    /** Removes a stored frame with all its chunks. */
    public void delete(String id) {
        Optional<byte[]> stored = store.get(FRAME + id);
        if (stored.isEmpty()) {
            return;
        }
        Manifest m = null;
        try {
            m = codec.manifest(stored.get());
        } catch (CorruptDataException e) {
            // unreadable (another key, an older format): find its chunks by name (rare, so the key scan is fine)
        }
        store.delete(FRAME + id);
        if (m != null) {
            deleteChunks(id, m);
        } else {
            for (String k : store.keys(FRAME + id + ":")) {
                store.delete(k);
            }
        }
    }

    /** The chunks of a write; of a pending one (count unknown) those from 0 up to the first that is not there. */
    private void deleteChunks(String id, Manifest m) {
        String gen = m.generationHex();
        if (m.chunks() == 0) {
            for (int i = 0; store.delete(chunkKey(id, gen, i)); i++) {
                // chunks are written in order: the first gap is the end
            }
            return;
        }
        for (int i = 0; i < m.chunks(); i++) {
            store.delete(chunkKey(id, gen, i));
        }
    }

    private Optional<Manifest> manifest(String id) {
        Optional<byte[]> stored = store.get(FRAME + id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.manifest(stored.get()));
        } catch (CorruptDataException e) {
            return Optional.empty();
        }
    }
}
