package org.fractalis.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.fractalis.api.backend.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have, whatever its backend. A subclass supplies the store
 * ({@link #createStore()}) and, for a store with a controllable clock, how time passes ({@link #passTime}).
 *
 * <p>Every key of a test lives under a fresh namespace ({@link #ns}), so runs against a shared server do not
 * collide; {@link #cleanUp()} removes them.
 */
public abstract class StateStoreContract {

    /** A fresh store; called before each test. */
    protected abstract StateStore createStore() throws Exception;

    /** Releases the store; called after each test (after its keys were deleted). */
    protected void closeStore(StateStore store) throws Exception {
    }

    /** A time to live short enough to wait for in a test. */
    protected Duration shortTtl() {
        return Duration.ofMillis(300);
    }

    /**
     * Lets time pass while a test waits for an expiry. A store on the wall clock needs nothing (the default);
     * one on a test clock advances it.
     */
    protected void passTime(Duration d) {
    }

    /** How long an expected expiry may take to show (wall clock). */
    protected Duration expiryDeadline() {
        return Duration.ofSeconds(10);
    }

    protected StateStore store;
    protected String ns;

    @BeforeEach
    void setUpStore() throws Exception {
        ns = "contract-" + UUID.randomUUID() + ":";
        store = createStore();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (String k : store.keys(ns)) {
                store.delete(k);
            }
        } finally {
            closeStore(store);
        }
    }

    private static final Duration LONG = Duration.ofMinutes(10);

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Waits until the condition holds, letting time pass; fails after the deadline. */
    protected void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + expiryDeadline().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting: " + what);
            }
            passTime(Duration.ofMillis(10));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void absentKeyHasNoValue() {
        assertTrue(store.get(ns + "nothing").isEmpty());
    }

    @Test
    void putThenGetReturnsTheSameBytes() {
        store.put(ns + "a", b("hello"), LONG);
        assertEquals("hello", s(store.get(ns + "a").orElseThrow()));
    }

    @Test
    void valuesAreOpaqueBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        store.put(ns + "all", all, LONG);
        store.put(ns + "big", big, LONG);
        store.put(ns + "empty", new byte[0], LONG);
        assertArrayEquals(all, store.get(ns + "all").orElseThrow());
        assertArrayEquals(big, store.get(ns + "big").orElseThrow());
        assertArrayEquals(new byte[0], store.get(ns + "empty").orElseThrow());
    }

    @Test
    void putOverwrites() {
        store.put(ns + "a", b("1"), LONG);
        store.put(ns + "a", b("2"), LONG);
        assertEquals("2", s(store.get(ns + "a").orElseThrow()));
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        store.put(ns + "short", b("x"), shortTtl());
        store.put(ns + "long", b("y"), LONG);
        assertTrue(store.get(ns + "short").isPresent());
        await("expiry of 'short'", () -> store.get(ns + "short").isEmpty());
        assertTrue(store.get(ns + "long").isPresent());
        assertFalse(store.keys(ns).contains(ns + "short"), "expired keys are not listed");
        assertFalse(store.delete(ns + "short"), "an expired key does not count as existing");
    }

    @Test
    void putRenewsTheTimeToLive() {
        store.put(ns + "k", b("1"), LONG);
        store.put(ns + "k", b("2"), shortTtl());
        await("expiry after the second put", () -> store.get(ns + "k").isEmpty());
    }

    @Test
    void putIfAbsentWritesOnlyOnce() {
        assertTrue(store.putIfAbsent(ns + "p", b("first"), LONG));
        assertFalse(store.putIfAbsent(ns + "p", b("second"), LONG));
        assertEquals("first", s(store.get(ns + "p").orElseThrow()));
    }

    @Test
    void putIfAbsentSetsTheTimeToLiveAndWritesAgainAfterExpiry() {
        assertTrue(store.putIfAbsent(ns + "p", b("first"), shortTtl()));
        await("expiry of 'p'", () -> store.get(ns + "p").isEmpty());
        assertTrue(store.putIfAbsent(ns + "p", b("again"), LONG));
        assertEquals("again", s(store.get(ns + "p").orElseThrow()));
    }

    @Test
    void putIfAbsentUnderConcurrencyHasExactlyOneWinner() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Boolean> results = runConcurrently(threads, i -> () -> {
            start.await(10, TimeUnit.SECONDS);
            return store.putIfAbsent(ns + "race", b("t" + i), LONG);
        });
        assertEquals(1, results.stream().filter(Boolean::booleanValue).count());
    }

    @Test
    void updateSeesTheCurrentValueAndReturnsTheNewOne() {
        byte[] first = store.update(ns + "u", cur -> {
            assertNull(cur, "an absent key is passed as null");
            return b("1");
        }, LONG);
        assertEquals("1", s(first));
        byte[] second = store.update(ns + "u", cur -> b(s(cur) + "2"), LONG);
        assertEquals("12", s(second));
        assertEquals("12", s(store.get(ns + "u").orElseThrow()));
    }

    @Test
    void updateReturningNullDeletes() {
        store.put(ns + "u", b("x"), LONG);
        assertNull(store.update(ns + "u", cur -> null, LONG));
        assertTrue(store.get(ns + "u").isEmpty());
        assertNull(store.update(ns + "absent", cur -> null, LONG));
        assertTrue(store.get(ns + "absent").isEmpty());
    }

    @Test
    void updateOfAnExpiredEntrySeesNull() {
        store.put(ns + "u", b("old"), shortTtl());
        await("expiry of 'u'", () -> store.get(ns + "u").isEmpty());
        assertEquals("new", s(store.update(ns + "u", cur -> cur == null ? b("new") : b("stale"), LONG)));
    }

    @Test
    void updateSetsTheTimeToLive() {
        store.put(ns + "u", b("1"), LONG);
        store.update(ns + "u", cur -> b("2"), shortTtl());
        await("expiry after update with a short ttl", () -> store.get(ns + "u").isEmpty());
    }

    @Test
    void updateKeepsTheNewTimeToLive() {
        // 'u' starts short-lived; the update gives it a long life. A witness written at the same time with the
        // same short ttl shows when the old ttl has passed.
        store.put(ns + "u", b("1"), shortTtl());
        store.put(ns + "witness", b("w"), shortTtl());
        store.update(ns + "u", cur -> b(s(cur) + "2"), LONG);
        await("expiry of the witness", () -> store.get(ns + "witness").isEmpty());
        assertEquals("12", s(store.get(ns + "u").orElseThrow()), "update must not lose the ttl it sets");
    }

    @Test
    void updateIsAtomicUnderConcurrency() throws Exception {
        int threads = 8;
        int increments = 200;
        CyclicBarrier start = new CyclicBarrier(threads);
        runConcurrently(threads, i -> () -> {
            start.await(10, TimeUnit.SECONDS);
            for (int n = 0; n < increments; n++) {
                store.update(ns + "counter", cur -> b(Long.toString(cur == null ? 1 : Long.parseLong(s(cur)) + 1)),
                        LONG);
            }
            return true;
        });
        assertEquals(Long.toString((long) threads * increments), s(store.get(ns + "counter").orElseThrow()));
    }

    @Test
    void deleteRemovesAndTellsWhetherTheKeyExisted() {
        store.put(ns + "d", b("x"), LONG);
        assertTrue(store.delete(ns + "d"));
        assertTrue(store.get(ns + "d").isEmpty());
        assertFalse(store.delete(ns + "d"));
        assertFalse(store.delete(ns + "never"));
    }

    @Test
    void keysListsExactlyThoseWithThePrefix() {
        store.put(ns + "job:1", b("a"), LONG);
        store.put(ns + "job:2", b("b"), LONG);
        store.put(ns + "jobs", b("c"), LONG);
        store.put(ns + "result:1", b("d"), LONG);
        assertEquals(List.of(ns + "job:1", ns + "job:2"), sorted(store.keys(ns + "job:")));
        assertEquals(List.of(ns + "job:1", ns + "job:2", ns + "jobs"), sorted(store.keys(ns + "job")));
        assertEquals(List.of(), store.keys(ns + "nothing:"));
    }

    @Test
    void keysTakesThePrefixLiterally() {
        store.put(ns + "a*b", b("1"), LONG);
        store.put(ns + "a?b", b("2"), LONG);
        store.put(ns + "a[b]", b("3"), LONG);
        store.put(ns + "axb", b("4"), LONG);
        store.put(ns + "a\\b", b("5"), LONG);
        assertEquals(List.of(ns + "a*b"), store.keys(ns + "a*"));
        assertEquals(List.of(ns + "a?b"), store.keys(ns + "a?"));
        assertEquals(List.of(ns + "a[b]"), store.keys(ns + "a[b"));
        assertEquals(List.of(ns + "a\\b"), store.keys(ns + "a\\"));
    }

    @Test
    void keysListsManyEntries() {
        int n = 2500;
        for (int i = 0; i < n; i++) {
            store.put(ns + "many:" + i, b("v"), LONG);
        }
        List<String> keys = store.keys(ns + "many:");
        assertEquals(n, keys.size());
        assertEquals(n, keys.stream().distinct().count(), "no key listed twice");
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    /** Task factory by thread index. */
    protected interface Indexed<T> {
        Callable<T> task(int index);
    }

    protected static <T> List<T> runConcurrently(int threads, Indexed<T> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(tasks.task(i)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
