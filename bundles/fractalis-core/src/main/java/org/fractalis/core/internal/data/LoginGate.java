package org.fractalis.core.internal.data;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.service.ServiceException;

/**
 * Runs a data source's login for {@code POST /data} with a time bound and a bound on how many run at once, so a
 * slow or hanging source cannot hold the node's request threads: the login runs on a thread of its own (the
 * request thread waits at most the timeout, then answers 503), and beyond the concurrency bound a new login waits
 * at most the timeout for a permit, then answers 503.
 */
public final class LoginGate {
    private final Duration timeout;
    private final int concurrency;
    private final Semaphore permits;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fractalis-login-" + threadNumber.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public LoginGate(Duration timeout, int concurrency) {
        this.timeout = timeout;
        this.concurrency = Math.max(1, concurrency);
        this.permits = new Semaphore(this.concurrency);
    }

    public void close() {
        threads.shutdownNow();
    }

    /** A permit, waiting at most the login timeout for one (a burst of quick logins need not fail). */
    private boolean acquire() {
        try {
            return permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The connector's login, bounded.
     *
     * @throws ConnectorException as the connector threw it
     * @throws ServiceException 503 when the source did not answer in time or too many logins are running
     */
    public String login(Connector c, String server, Map<String, Object> auth) throws ConnectorException {
        if (!acquire()) {
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE, "Too many logins to data sources are "
                    + "in progress on this node (at most " + concurrency + "). Please try again in a moment.");
        }
        // the permit is held until the login really ends, also after the caller gave up waiting; released once
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        Future<String> f;
        try {
            f = threads.submit(() -> {
                started.set(true);
                try {
                    return c.login(server, auth);
                } finally {
                    release.run();
                }
            });
        } catch (RuntimeException e) {
            release.run();
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE, "The node is stopping.");
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            if (!started.get()) {
                release.run(); // it never ran (a cancelled task is not started any more)
            }
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE, "Could not authenticate with API. The "
                    + "data source did not answer the login within " + timeout.toSeconds() + " s. Please try again "
                    + "later.");
        } catch (InterruptedException e) {
            f.cancel(true);
            if (!started.get()) {
                release.run();
            }
            Thread.currentThread().interrupt();
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE, "The request was interrupted.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectorException ce) {
                throw ce;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("login failed: " + cause, cause);
        }
    }
}
