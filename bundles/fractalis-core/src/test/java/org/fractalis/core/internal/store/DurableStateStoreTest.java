package org.fractalis.core.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.BackendUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.fractalis.api.config.TypedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStateStoreTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<DurableStateStore> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (DurableStateStore s : open) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // already closed or crashed
            }
        }
    }

    private DurableStateStore open(long maxBytes, int commitDelayMillis) {
        DurableStateStore s = new DurableStateStore(new DurableStateStore.Options(dir.resolve("store.mv.db"), maxBytes,
                4, commitDelayMillis, false), now::get);
        open.add(s);
        return s;
    }

    private DurableStateStore open() {
        return open(64L << 20, 0);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void reopenAfterCloseKeepsValuesLifetimesAndAccounting() {
        DurableStateStore st = open();
        byte[] big = new byte[2 * 1024 * 1024 + 3];
        new Random(7).nextBytes(big);
        st.put("saved-state:1", b("{\"a\":1}"), Duration.ofDays(6));
        st.put("result:1", big, HOUR);
        st.put("short", b("x"), Duration.ofSeconds(10));
        st.update("job:1", cur -> b("SUCCESS"), HOUR);
        long used = st.usedBytes();
        st.close();

        DurableStateStore again = open();
        assertEquals("{\"a\":1}", s(again.get("saved-state:1").orElseThrow()));
        assertArrayEquals(big, again.get("result:1").orElseThrow());
        assertEquals("SUCCESS", s(again.get("job:1").orElseThrow()));
        assertEquals(used, again.usedBytes(), "the accounting is rebuilt from the file");
        now.addAndGet(10_000);
        assertTrue(again.get("short").isEmpty(), "the lifetime survives the restart too");
        assertTrue(again.get("result:1").isPresent());
        now.addAndGet(HOUR.toMillis());
        assertTrue(again.get("result:1").isEmpty());
        assertEquals(List.of("saved-state:1"), again.keys(""));
    }

    @Test
    void anAcknowledgedWriteSurvivesACrash() {
        DurableStateStore st = open();
        st.put("saved-state:1", b("kept"), HOUR);
        st.update("job:1", cur -> b("SUCCESS"), HOUR);
        st.put("gone", b("x"), HOUR);
        st.delete("gone");
        st.crash(); // no close: nothing written after the last acknowledged call

        DurableStateStore again = open();
        assertEquals("kept", s(again.get("saved-state:1").orElseThrow()));
        assertEquals("SUCCESS", s(again.get("job:1").orElseThrow()));
        assertTrue(again.get("gone").isEmpty(), "an acknowledged delete survives too");
    }

    /** The crash simulation is real: with commits in the background only, the last writes are lost. */
    @Test
    void withBackgroundCommitsACrashLosesTheLastWrites() {
        DurableStateStore st = open(64L << 20, 60_000);
        st.put("k", b("v"), HOUR);
        assertTrue(st.get("k").isPresent());
        st.crash();
        assertTrue(open().get("k").isEmpty());
    }

    @Test
    void fillingDeletingAndRefillingFreesTheBytes() {
        int value = 100_000;
        long max = 20 * DurableStateStore.size("frame:00", value);
        DurableStateStore st = open(max, 0);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String k = String.format("frame:%02d", i);
            st.put(k, new byte[value], HOUR);
            keys.add(k);
        }
        assertEquals(max, st.usedBytes());
        BackendUnavailableException full = assertThrows(BackendUnavailableException.class,
                () -> st.put("frame:xx", new byte[value], HOUR));
        assertTrue(full.getMessage().contains("full"), full.getMessage());

        keys.forEach(st::delete);
        assertEquals(0, st.usedBytes());
        for (String k : keys) {
            st.put(k, new byte[value], HOUR); // the whole bound is usable again
        }
        assertEquals(max, st.usedBytes());

        // and after a restart: the accounting of the file, not of the old process
        keys.subList(0, 10).forEach(st::delete);
        st.close();
        DurableStateStore again = open(max, 0);
        assertEquals(max / 2, again.usedBytes());
        for (int i = 0; i < 10; i++) {
            again.put("more:" + i + "x", new byte[value], HOUR);
        }
        assertThrows(BackendUnavailableException.class, () -> again.put("one-more", new byte[1], HOUR));
    }

    @Test
    void expiredEntriesAreSweptTheirBytesFreedAndTheyStayGoneAfterARestart() {
        long max = 3 * DurableStateStore.size("a", 1000);
        DurableStateStore st = open(max, 0);
        st.put("a", new byte[1000], Duration.ofSeconds(1));
        st.put("b", new byte[1000], Duration.ofSeconds(1));
        st.put("c", new byte[1000], HOUR);
        assertThrows(BackendUnavailableException.class, () -> st.put("d", new byte[1000], HOUR));
        now.addAndGet(1_000);
        assertEquals(2, st.sweep());
        assertEquals(DurableStateStore.size("c", 1000), st.usedBytes());
        st.put("d", new byte[1000], HOUR);
        st.crash();

        DurableStateStore again = open(max, 0);
        assertEquals(List.of("c", "d"), again.keys(""));
        assertEquals(2 * DurableStateStore.size("c", 1000), again.usedBytes());
        assertEquals(2, again.entryCount(), "swept entries are gone from the file");
    }

    @Test
    void anUpdateBeyondTheBoundIsRefusedAndKeepsTheOldValue() {
        DurableStateStore st = open(DurableStateStore.size("a", 100), 0);
        st.put("a", new byte[50], HOUR);
        assertThrows(BackendUnavailableException.class, () -> st.update("a", cur -> new byte[101], HOUR));
        assertEquals(50, st.get("a").orElseThrow().length);
        st.update("a", cur -> new byte[100], HOUR);
        assertEquals(DurableStateStore.size("a", 100), st.usedBytes());
    }

    @Test
    void aSecondNodeOnTheSameFileIsRefusedClearly() {
        open();
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().contains("another node"), e.getMessage());
    }

    @Test
    void accountingStaysExactUnderConcurrencyAndAcrossARestart() throws Exception {
        DurableStateStore st = open(1L << 26, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 500; i++) {
                        String key = "k" + ((i * 7 + seed) % 16);
                        int len = (i * 31 + seed) % 2000;
                        switch ((i + seed) % 4) {
                            case 0 -> st.put(key, new byte[len], HOUR);
                            case 1 -> st.update(key, cur -> cur == null ? new byte[len] : null, HOUR);
                            case 2 -> st.delete(key);
                            default -> st.putIfAbsent(key, new byte[len], HOUR);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long expected = 0;
        for (String k : st.keys("")) {
            expected += DurableStateStore.size(k, st.get(k).orElseThrow().length);
        }
        assertEquals(expected, st.usedBytes());
        st.crash();
        assertEquals(expected, open(1L << 26, 0).usedBytes(), "every acknowledged write is in the file");
    }

    @Test
    void concurrentWritersOfDifferentKeysNeverPassTheBoundTogether() throws Exception {
        int fits = 10;
        DurableStateStore st = open(fits * DurableStateStore.size("key-00", 10_000), 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = String.format("key-%02d", i);
                writes.add(pool.submit(() -> {
                    go.await();
                    try {
                        st.put(key, new byte[10_000], HOUR);
                        return true;
                    } catch (BackendUnavailableException full) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int written = 0;
            for (Future<Boolean> f : writes) {
                written += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(fits, written);
            assertEquals(fits, st.keys("").size());
            assertEquals(fits * DurableStateStore.size("key-00", 10_000), st.usedBytes());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void putIfAbsentOfAPresentKeyChangesNeitherValueNorLifetime() {
        DurableStateStore st = open();
        st.put("k", b("first"), Duration.ofSeconds(10));
        assertFalse(st.putIfAbsent("k", b("second"), HOUR));
        now.addAndGet(10_000);
        assertTrue(st.get("k").isEmpty(), "the first lifetime still applies");
    }

    @Test
    void configuration() {
        DurableStateStore.Options o = DurableStateStore.options(TypedConfig.of(DurableStateStore.Config.class,
                Map.of("max.megabytes", "10", "store.file", "/x/y.mv.db", "cache.megabytes", 8, "sync.writes",
                        "true")));
        assertEquals(10L << 20, o.maxBytes());
        assertEquals(Path.of("/x/y.mv.db"), o.file());
        assertEquals(8, o.cacheMegabytes());
        assertTrue(o.syncWrites());
        assertEquals(0, o.commitDelayMillis());
        DurableStateStore.Options dflt = DurableStateStore.options(TypedConfig.of(DurableStateStore.Config.class,
                Map.of()));
        assertTrue(dflt.file().endsWith(Path.of("fractalis", "store.mv.db")));
        assertFalse(dflt.syncWrites());
        assertEquals(2048L << 20, dflt.maxBytes());
    }
}
