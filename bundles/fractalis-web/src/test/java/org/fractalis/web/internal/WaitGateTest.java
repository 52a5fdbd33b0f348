package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code ?wait=1} blocks only when enabled and only for a few requests at once (issue 10, finding 6). */
class WaitGateTest {

    private static WaitGate gate(Map<String, Object> config) {
        return new WaitGate(() -> WebSettings.from(config, w -> { }));
    }

    @Test
    void byDefaultTheParameterIsIgnored() throws Exception {
        WaitGate g = gate(Map.of());
        assertEquals("now", g.call("1", l -> "blocked", () -> "now"));
        assertFalse(g.await("true", l -> {
            throw new AssertionError("must not block");
        }));
    }

    @Test
    void whenEnabledItBlocksWithTheConfiguredLimit() throws Exception {
        WaitGate g = gate(Map.of("wait.enabled", "true", "wait.seconds", "7"));
        assertEquals(Duration.ofSeconds(7), g.call("1", l -> l, () -> Duration.ZERO));
        assertEquals(Duration.ZERO, g.call(null, l -> l, () -> Duration.ZERO), "not asked");
        assertEquals(Duration.ZERO, g.call("0", l -> l, () -> Duration.ZERO), "not asked");
        assertEquals(0, g.waiting(), "the permit is given back");
    }

    @Test
    void beyondItsLimitARequestIsAnsweredAtOnce() throws Exception {
        WaitGate g = gate(Map.of("wait.enabled", "true", "wait.max.concurrent", "2"));
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> g.await("1", l -> {
                inside.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }));
            Future<?> b = pool.submit(() -> g.await("1", l -> {
                inside.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertEquals(2, g.waiting());
            assertEquals("now", g.call("1", l -> "blocked", () -> "now"), "a third is not held");
            release.countDown();
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            assertEquals(0, g.waiting());
            assertEquals("blocked", g.call("1", l -> "blocked", () -> "now"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPermitIsReturnedWhenTheWaitFails() throws Exception {
        WaitGate g = gate(Map.of("wait.enabled", "true", "wait.max.concurrent", "1"));
        try {
            g.await("1", l -> {
                throw new IllegalStateException("refused");
            });
        } catch (IllegalStateException expected) {
            // the service refused (e.g. 403): the permit must come back
        }
        assertEquals(0, g.waiting());
    }
}
