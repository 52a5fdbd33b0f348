package org.fractalis.web.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * {@code ?wait=1}: a test switch that makes a call block until its tasks end. Off unless {@code wait.enabled};
 * when on, at most {@code wait.max.concurrent} requests block at once so that it can never hold many server
 * threads. When off or full, the request is answered as without the parameter.
 */
final class WaitGate {
    /** A blocking call of a service. */
    interface Blocking<T> {
        T call(Duration limit) throws InterruptedException;
    }

    /** The non-blocking alternative. */
    interface Immediate<T> {
        T call();
    }

    /** wait.enabled and wait.seconds follow the configuration live; wait.max.concurrent is read at start. */
    private final Supplier<WebSettings> settings;
    private final int max;
    private final Semaphore permits;

    WaitGate(Supplier<WebSettings> settings) {
        this.settings = settings;
        this.max = settings.get().waitMaxConcurrent();
        this.permits = new Semaphore(max);
    }

    static boolean asked(String wait) {
        return "1".equals(wait) || "true".equalsIgnoreCase(wait);
    }

    /** {@code blocking} if the request asked to wait and may, else {@code immediate}. */
    <T> T call(String wait, Blocking<T> blocking, Immediate<T> immediate) throws InterruptedException {
        WebSettings now = settings.get();
        if (!now.waitEnabled() || !asked(wait) || !permits.tryAcquire()) {
            return immediate.call();
        }
        try {
            return blocking.call(Duration.ofSeconds(now.waitSeconds()));
        } finally {
            permits.release();
        }
    }

    /** Blocks in {@code blocking} if the request asked to wait and may; returns whether it did. */
    boolean await(String wait, Blocking<?> blocking) throws InterruptedException {
        return call(wait, l -> {
            blocking.call(l);
            return Boolean.TRUE;
        }, () -> Boolean.FALSE);
    }

    /** Requests blocking right now (for tests). */
    int waiting() {
        return max - permits.availablePermits();
    }
}
