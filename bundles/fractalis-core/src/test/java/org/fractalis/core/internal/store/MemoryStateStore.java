package org.fractalis.core.internal.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.StateStore;

/**
 * A non-durable store for unit tests: entries in this JVM's heap with expiry, bounded in total bytes. The node's
 * embedded store is {@link DurableStateStore}.
 */
public final class MemoryStateStore implements StateStore {

    private record Entry(byte[] value, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    private final LongSupplier clock;
    /** Keys read with {@link #get}, in order, for tests that check what a call reads (cleared by the test). */
    public final List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A store with a bound and a clock; {@link #sweep()} removes expired entries. */
    public MemoryStateStore(long maxBytes, LongSupplier clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Removes expired entries; returns how many. */
    public int sweep() {
        long now = clock.getAsLong();
        int n = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().expiresAt <= now && entries.remove(e.getKey(), e.getValue())) {
                bytes.addAndGet(-size(e.getKey(), e.getValue().value));
                n++;
            }
        }
        return n;
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        return e == null || e.expiresAt <= clock.getAsLong() ? null : e;
    }

    @Override
    public Optional<byte[]> get(String key) {
        reads.add(key);
        Entry e = live(key);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        update(key, cur -> value, ttl); // accounts for the replaced value before checking the bound
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        boolean[] written = {false};
        update(key, cur -> {
            written[0] = cur == null;
            return cur == null ? value : cur;
        }, ttl);
        return written[0];
    }

    @Override
    public byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl) {
        long now = clock.getAsLong();
        Entry[] result = new Entry[1];
        entries.compute(key, (k, cur) -> {
            byte[] curValue = cur == null || cur.expiresAt <= now ? null : cur.value;
            byte[] next = update.apply(curValue);
            long delta = (next == null ? 0 : size(k, next)) - (cur == null ? 0 : size(k, cur.value));
            if (delta > 0 && bytes.get() + delta > maxBytes) {
                throw full();
            }
            bytes.addAndGet(delta);
            result[0] = next == null ? null : new Entry(next, expiry(ttl));
            return result[0];
        });
        return result[0] == null ? null : result[0].value;
    }

    @Override
    public boolean delete(String key) {
        Entry old = entries.remove(key);
        release(key, old);
        return old != null && old.expiresAt > clock.getAsLong();
    }

    @Override
    public List<String> keys(String prefix) {
        long now = clock.getAsLong();
        List<String> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && e.expiresAt > now) {
                out.add(k);
            }
        });
        return out;
    }

    /** Bytes held (keys and values). */
    public long usedBytes() {
        return bytes.get();
    }

    private void release(String key, Entry old) {
        if (old != null) {
            bytes.addAndGet(-size(key, old.value));
        }
    }

    private BackendUnavailableException full() {
        return new BackendUnavailableException(
                "The node's data store is full (" + (maxBytes / (1024 * 1024)) + " MiB). Try again later.");
    }

    private long expiry(Duration ttl) {
        long now = clock.getAsLong();
        long ms = ttl.toMillis();
        return ms >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
    }

    private static long size(String key, byte[] value) {
        return 2L * key.length() + value.length + 64;
    }
}
