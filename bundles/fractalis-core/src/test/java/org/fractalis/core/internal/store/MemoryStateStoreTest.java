package org.fractalis.core.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.BackendUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class MemoryStateStoreTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private MemoryStateStore store(long maxBytes) {
        return new MemoryStateStore(maxBytes, now::get);
    }

    /** The store's accounting of one entry: key chars twice, value bytes, 64 bytes overhead. */
    private static long size(String key, int valueBytes) {
        return 2L * key.length() + valueBytes + 64;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, UTF_8);
    }

    @Test
    void putGetDelete() {
        MemoryStateStore st = store(1 << 20);
        assertTrue(st.get("a").isEmpty());
        st.put("a", b("1"), TEN_S);
        assertEquals("1", s(st.get("a").orElseThrow()));
        st.put("a", b("2"), TEN_S);
        assertEquals("2", s(st.get("a").orElseThrow()));
        assertTrue(st.delete("a"));
        assertFalse(st.delete("a"));
        assertTrue(st.get("a").isEmpty());
        assertEquals(0, st.usedBytes());
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        MemoryStateStore st = store(1 << 20);
        st.put("a", b("x"), TEN_S);
        st.put("b", b("y"), Duration.ofSeconds(20));
        now.addAndGet(9_999);
        assertTrue(st.get("a").isPresent());
        now.addAndGet(1);
        assertTrue(st.get("a").isEmpty(), "expired exactly at ttl");
        assertTrue(st.get("b").isPresent());
        assertEquals(List.of("b"), st.keys(""));
        assertFalse(st.delete("a"), "deleting an expired entry reports it as absent");
        now.addAndGet(10_000);
        assertTrue(st.get("b").isEmpty());
        assertTrue(st.keys("").isEmpty());
    }

    @Test
    void aPutRenewsTheTimeToLive() {
        MemoryStateStore st = store(1 << 20);
        st.put("a", b("x"), TEN_S);
        now.addAndGet(8_000);
        st.put("a", b("x"), TEN_S);
        now.addAndGet(8_000);
        assertTrue(st.get("a").isPresent());
    }

    @Test
    void sweepRemovesExpiredEntriesAndFreesTheirBytes() {
        MemoryStateStore st = store(1 << 20);
        st.put("short1", new byte[100], Duration.ofSeconds(1));
        st.put("short2", new byte[100], Duration.ofSeconds(1));
        st.put("long", new byte[100], Duration.ofDays(6));
        assertEquals(size("short1", 100) + size("short2", 100) + size("long", 100), st.usedBytes());
        assertEquals(0, st.sweep(), "nothing expired yet");
        now.addAndGet(1_000);
        assertEquals(2, st.sweep());
        assertEquals(size("long", 100), st.usedBytes());
        assertEquals(0, st.sweep());
        assertEquals(List.of("long"), st.keys(""));
    }

    @Test
    void expiredEntriesStillCountUntilSweptOrReplaced() {
        MemoryStateStore st = store(size("k", 100) + size("j", 100));
        st.put("k", new byte[100], Duration.ofSeconds(1));
        now.addAndGet(2_000);
        // replacing the expired entry reuses its room
        st.update("k", cur -> {
            assertNull(cur, "an expired value is not shown to update()");
            return new byte[100];
        }, TEN_S);
        assertEquals(size("k", 100), st.usedBytes());
    }

    @Test
    void keysByPrefix() {
        MemoryStateStore st = store(1 << 20);
        st.put("data:1", b("x"), TEN_S);
        st.put("data:2", b("x"), TEN_S);
        st.put("job:1", b("x"), TEN_S);
        assertEquals(Set.of("data:1", "data:2"), Set.copyOf(st.keys("data:")));
        assertEquals(List.of("job:1"), st.keys("job:"));
        assertEquals(3, st.keys("").size());
    }

    @Test
    void aPutBeyondTheBoundIsRefusedAndWritesNothing() {
        long max = size("a", 100) + size("b", 100);
        MemoryStateStore st = store(max);
        st.put("a", new byte[100], TEN_S);
        st.put("b", new byte[100], TEN_S);
        assertEquals(max, st.usedBytes());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> st.put("c", new byte[1], TEN_S));
        assertTrue(e.getMessage().contains("full"), e.getMessage());
        assertTrue(st.get("c").isEmpty());
        assertEquals(max, st.usedBytes());
        // room again after a delete
        st.delete("a");
        st.put("c", new byte[1], TEN_S);
        assertTrue(st.get("c").isPresent());
    }

    @Test
    void anUpdateBeyondTheBoundIsRefusedAndKeepsTheOldValue() {
        MemoryStateStore st = store(size("a", 100));
        st.put("a", new byte[50], TEN_S);
        long used = st.usedBytes();
        assertThrows(BackendUnavailableException.class, () -> st.update("a", cur -> new byte[101], TEN_S));
        assertEquals(50, st.get("a").orElseThrow().length);
        assertEquals(used, st.usedBytes());
        // an update that shrinks or keeps the size is fine even when the store is full
        st.update("a", cur -> new byte[100], TEN_S);
        assertEquals(size("a", 100), st.usedBytes());
        st.update("a", cur -> new byte[100], TEN_S);
        st.update("a", cur -> new byte[10], TEN_S);
        assertEquals(size("a", 10), st.usedBytes());
    }

    @Test
    void putIfAbsentBeyondTheBoundIsRefusedAndWritesNothing() {
        MemoryStateStore st = store(size("a", 10));
        assertThrows(BackendUnavailableException.class, () -> st.putIfAbsent("a", new byte[11], TEN_S));
        assertTrue(st.get("a").isEmpty());
        assertEquals(0, st.usedBytes());
    }

    /**
     * Replacing a value by one of the same size does not grow the store, so it must succeed in a full store (as
     * update() does). put() reserves the new value's bytes before it releases the old ones.
     */
    @Test
    void replacingAValueByOneOfTheSameSizeWorksInAFullStore() {
        MemoryStateStore st = store(size("a", 600) + 100);
        st.put("a", new byte[600], TEN_S);
        st.put("a", new byte[600], TEN_S);
        assertEquals(size("a", 600), st.usedBytes());
    }

    @Test
    void putIfAbsent() {
        MemoryStateStore st = store(1 << 20);
        assertTrue(st.putIfAbsent("k", b("first"), TEN_S));
        assertFalse(st.putIfAbsent("k", b("second"), TEN_S));
        assertEquals("first", s(st.get("k").orElseThrow()));
        now.addAndGet(10_000);
        assertTrue(st.putIfAbsent("k", b("third"), TEN_S), "an expired key counts as absent");
        assertEquals("third", s(st.get("k").orElseThrow()));
    }

    @Test
    void putIfAbsentRaceHasExactlyOneWinner() throws Exception {
        MemoryStateStore st = store(1 << 20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String me = "t" + t;
            results.add(pool.submit(() -> {
                go.await();
                return st.putIfAbsent("k", b(me), TEN_S);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, winners);
    }

    @Test
    void updateSeesTheCurrentValueAndNullDeletes() {
        MemoryStateStore st = store(1 << 20);
        assertEquals("1", s(st.update("n", cur -> {
            assertNull(cur);
            return b("1");
        }, TEN_S)));
        assertEquals("2", s(st.update("n", cur -> b(Integer.toString(Integer.parseInt(s(cur)) + 1)), TEN_S)));
        assertNull(st.update("n", cur -> null, TEN_S));
        assertTrue(st.get("n").isEmpty());
        assertEquals(0, st.usedBytes());
        assertNull(st.update("absent", cur -> null, TEN_S), "deleting an absent key is a no-op");
    }

    @Test
    void updateSetsTheTimeToLive() {
        MemoryStateStore st = store(1 << 20);
        st.put("k", b("v"), Duration.ofSeconds(1));
        st.update("k", cur -> cur, TEN_S);
        now.addAndGet(5_000);
        assertTrue(st.get("k").isPresent());
    }

    @Test
    void updateIsAtomicUnderContention() throws Exception {
        MemoryStateStore st = store(1 << 20);
        int threads = 8;
        int increments = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < increments; i++) {
                    st.update("counter", cur -> b(Integer.toString(cur == null ? 1 : Integer.parseInt(s(cur)) + 1)),
                            TEN_S);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(Integer.toString(threads * increments), s(st.get("counter").orElseThrow()));
    }

    @Test
    void byteAccountingStaysExactUnderConcurrentPutsUpdatesDeletesAndSweeps() throws Exception {
        MemoryStateStore st = store(1 << 24);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger errors = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 2000; i++) {
                    String key = "k" + ((i * 7 + seed) % 16);
                    int len = (i * 31 + seed) % 200;
                    Duration ttl = Duration.ofMillis(1 + (i % 3) * 5_000);
                    try {
                        switch ((i + seed) % 5) {
                            case 0 -> st.put(key, new byte[len], ttl);
                            case 1 -> st.update(key, cur -> cur == null ? new byte[len] : null, ttl);
                            case 2 -> st.delete(key);
                            case 3 -> st.putIfAbsent(key, new byte[len], ttl);
                            default -> {
                                now.addAndGet(1);
                                st.sweep();
                            }
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(0, errors.get());
        now.addAndGet(Duration.ofDays(1).toMillis());
        st.sweep();
        assertEquals(0, st.usedBytes(), "every byte accounted for once the store is empty");
    }

    @Test
    void valuesAreReturnedAsStored() {
        MemoryStateStore st = store(1 << 20);
        byte[] v = {0, 1, 2, (byte) 255};
        st.put("k", v, TEN_S);
        assertArrayEquals(v, st.get("k").orElseThrow());
    }

}
