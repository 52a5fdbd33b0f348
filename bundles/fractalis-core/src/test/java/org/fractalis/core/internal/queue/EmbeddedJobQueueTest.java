package org.fractalis.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class EmbeddedJobQueueTest {
    private static final long WAIT_S = 10;
    private final List<EmbeddedJobQueue> queues = new ArrayList<>();

    @AfterEach
    void close() {
        queues.forEach(EmbeddedJobQueue::close);
    }

    private EmbeddedJobQueue queue(int threads, int capacity) {
        EmbeddedJobQueue q = new EmbeddedJobQueue(threads, capacity);
        queues.add(q);
        return q;
    }

    private static JobMessage job(String id) {
        return new JobMessage(id, JobMessage.Kind.ANALYTICS, "compute-test", "s", List.of(), "{}", 0);
    }

    private static String poll(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(WAIT_S, TimeUnit.SECONDS);
        assertNotNull(s, "timed out");
        return s;
    }

    @Test
    void jobsWaitUntilAHandlerConsumes() throws Exception {
        EmbeddedJobQueue q = queue(2, 10);
        q.submit(job("a"));
        q.submit(job("b"));
        q.submit(job("c"));
        assertEquals(3, q.pendingCount(), "no handler yet: every job waits");
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        Set<String> seen = Set.of(poll(handled), poll(handled), poll(handled));
        assertEquals(Set.of("a", "b", "c"), seen);
        assertEquals(0, q.pendingCount());
    }

    @Test
    void jobsRunInSubmissionOrderOnOneThread() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        for (int i = 0; i < 5; i++) {
            q.submit(job("j" + i));
        }
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        for (int i = 0; i < 5; i++) {
            assertEquals("j" + i, poll(handled));
        }
    }

    @Test
    void jobsRunConcurrentlyOnSeveralThreads() throws Exception {
        EmbeddedJobQueue q = queue(2, 10);
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        q.consume(j -> {
            bothRunning.countDown();
            release.await();
        }, Set.of());
        q.submit(job("a"));
        q.submit(job("b"));
        assertTrue(bothRunning.await(WAIT_S, TimeUnit.SECONDS), "two workers run two jobs at once");
        release.countDown();
    }

    @Test
    void cancelInterruptsTheRunningJob() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        q.consume(j -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // blocks until interrupted
                outcome.complete("not interrupted");
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
                throw e;
            }
        }, Set.of());
        q.submit(job("a"));
        assertTrue(started.await(WAIT_S, TimeUnit.SECONDS));
        q.cancel("b"); // another id: no effect
        q.cancel("a");
        assertEquals("interrupted", outcome.get(WAIT_S, TimeUnit.SECONDS));
    }

    /**
     * A cancel that lands just as a job ends (the handler returns with the interrupt flag still set) must not hit the
     * next job on the same worker thread.
     */
    @Test
    void aCancelDoesNotHitTheNextJobOnThatThread() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CompletableFuture<Boolean> secondSawInterrupt = new CompletableFuture<>();
        CompletableFuture<Boolean> secondWaitInterrupted = new CompletableFuture<>();
        q.consume(j -> {
            if (j.id().equals("first")) {
                firstStarted.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
                while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // wait for the cancel without clearing the flag
                }
                return; // returns normally with the flag still set
            }
            secondSawInterrupt.complete(Thread.currentThread().isInterrupted());
            try {
                new CountDownLatch(1).await(10, TimeUnit.MILLISECONDS);
                secondWaitInterrupted.complete(false);
            } catch (InterruptedException e) {
                secondWaitInterrupted.complete(true);
            }
        }, Set.of());
        q.submit(job("first"));
        assertTrue(firstStarted.await(WAIT_S, TimeUnit.SECONDS));
        q.submit(job("second"));
        q.cancel("first");
        assertFalse(secondSawInterrupt.get(WAIT_S, TimeUnit.SECONDS), "interrupt flag leaked into the next job");
        assertFalse(secondWaitInterrupted.get(WAIT_S, TimeUnit.SECONDS));
    }

    @Test
    void cancelOfAPendingJobDropsIt() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        q.submit(job("a"));
        q.submit(job("b"));
        q.submit(job("c"));
        q.cancel("b");
        assertEquals(2, q.pendingCount());
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        assertEquals("a", poll(handled));
        assertEquals("c", poll(handled));
        q.submit(job("marker"));
        assertEquals("marker", poll(handled), "b never ran");
    }

    @Test
    void cancelOfAnUnknownOrFinishedJobIsHarmless() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        q.submit(job("a"));
        assertEquals("a", poll(handled));
        q.cancel("a");
        q.cancel("a");
        q.cancel("nope");
        q.submit(job("b"));
        assertEquals("b", poll(handled));
    }

    @Test
    void aFullQueueRefusesWithBackendUnavailable() {
        EmbeddedJobQueue q = queue(1, 2);
        q.submit(job("a"));
        q.submit(job("b"));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> q.submit(job("c")));
        assertTrue(e.getMessage().contains("full"), e.getMessage());
        assertEquals(2, q.pendingCount());
        q.cancel("a");
        q.submit(job("c")); // room again
    }

    @Test
    void aClosedQueueRefusesJobs() {
        EmbeddedJobQueue q = queue(1, 10);
        q.close();
        assertThrows(BackendUnavailableException.class, () -> q.submit(job("a")));
    }

    @Test
    void aFailingHandlerDoesNotKillTheWorker() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> {
            handled.add(j.id());
            if (j.id().equals("boom")) {
                throw new IllegalStateException("handler failure");
            }
        }, Set.of());
        q.submit(job("boom"));
        q.submit(job("after"));
        assertEquals("boom", poll(handled));
        assertEquals("after", poll(handled));
    }

    @Test
    void aJobWhoseOutcomeCannotBeStoredIsGivenUpAtOnce() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> givenUp = new LinkedBlockingQueue<>();
        q.consume(new org.fractalis.api.backend.JobHandler() {
            @Override
            public void handle(org.fractalis.api.backend.JobMessage j) {
                throw new BackendUnavailableException("The node's data store is full (1 MiB).");
            }

            @Override
            public void giveUp(org.fractalis.api.backend.JobMessage j, String reason) {
                givenUp.add(j.id() + ": " + reason);
            }
        }, Set.of());
        q.submit(job("full"));
        assertEquals("full: RuntimeError: The job's outcome could not be stored: The node's data store is full (1 MiB).",
                poll(givenUp));
    }

    @Test
    void consumeBeforeAnyJobRanUsesTheLatestHandler() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        q.submit(job("a"));
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        // no handler was ever set, so the worker waits for one; the job goes to whichever is current when it is taken
        q.consume(j -> handled.add("h:" + j.id()), Set.of());
        assertEquals("h:a", poll(handled));
    }

    /**
     * A worker thread that is idle (blocked in the queue's take()) captured the handler it had before it blocked;
     * after consume() with a new handler, the next job must go to the new handler.
     */
    @Test
    void consumeAgainReplacesTheHandlerAlsoForIdleWorkers() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        q.consume(j -> first.add(j.id()), Set.of());
        q.submit(job("a"));
        assertEquals("a", poll(first));
        awaitWorkersBlockedInTake(q);
        q.consume(j -> second.add(j.id()), Set.of("compute-test"));
        q.submit(job("b"));
        assertEquals("b", poll(second));
        assertTrue(first.isEmpty());
    }

    /** After stopConsuming(h) no job may reach h, also when the worker was idle when h was stopped. */
    @Test
    void stopConsumingOnAnIdleQueueLetsLaterJobsWait() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> stopped = new LinkedBlockingQueue<>();
        JobHandler h = j -> stopped.add(j.id());
        q.consume(h, Set.of());
        awaitWorkersBlockedInTake(q);
        q.stopConsuming(h);
        q.submit(job("a"));
        BlockingQueue<String> next = new LinkedBlockingQueue<>();
        q.consume(j -> next.add(j.id()), Set.of());
        assertEquals("a", poll(next));
        assertTrue(stopped.isEmpty(), "a stopped handler got a job");
    }

    /**
     * A worker that took a job while no handler was set puts it back; if the queue filled up meanwhile, the job must
     * still not be lost. White-box: the test holds the queue's handler lock so that the worker stops right after
     * take(), fills the queue, then lets it go on.
     */
    @Test
    void aJobTakenWithoutHandlerIsNotLostWhenTheQueueIsFull() throws Exception {
        EmbeddedJobQueue q = queue(1, 2); // the job a worker holds still counts against the capacity
        JobHandler first = j -> { };
        q.consume(first, Set.of());
        awaitWorkersBlockedInTake(q);
        q.stopConsuming(first);
        Object lock = field(q, "handlerLock");
        Thread worker = this.<List<Thread>>field(q, "threads").get(0);
        synchronized (lock) {
            q.submit(job("a"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (worker.getState() != Thread.State.BLOCKED) { // took "a", waits for the lock
                assertTrue(System.nanoTime() < deadline, "worker never took the job");
                Thread.onSpinWait();
            }
            q.submit(job("b")); // the queue (capacity 2, one held by the worker) is full again
        }
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        assertEquals(Set.of("a", "b"), Set.of(poll(handled), poll(handled)));
    }

    @SuppressWarnings("unchecked")
    private <T> T field(EmbeddedJobQueue q, String name) throws Exception {
        Field f = EmbeddedJobQueue.class.getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(q);
    }

    /** White-box: waits (with a deadline, no sleep) until every worker thread of the queue blocks in take(). */
    @SuppressWarnings("unchecked")
    private static void awaitWorkersBlockedInTake(EmbeddedJobQueue q) throws Exception {
        Field f = EmbeddedJobQueue.class.getDeclaredField("threads");
        f.setAccessible(true);
        List<Thread> threads = (List<Thread>) f.get(q);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        for (Thread t : threads) {
            while (!inTake(t)) {
                assertTrue(System.nanoTime() < deadline, "worker never blocked in take()");
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    private static boolean inTake(Thread t) {
        if (t.getState() != Thread.State.WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("java.util.concurrent.LinkedBlockingDeque") && e.getMethodName().startsWith("take")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void stopConsumingInterruptsRunningJobsAndLaterJobsWait() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        JobHandler h = j -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
                throw e;
            }
        };
        q.consume(h, Set.of());
        q.submit(job("a"));
        assertTrue(started.await(WAIT_S, TimeUnit.SECONDS));
        q.stopConsuming(h);
        assertEquals("interrupted", outcome.get(WAIT_S, TimeUnit.SECONDS));
        // no handler now: a new job waits for the next consumer
        q.submit(job("b"));
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        assertEquals("b", poll(handled));
        assertEquals(1, runs.get(), "the stopped handler got no further job");
    }

    @Test
    void stopConsumingWithAnotherHandlerKeepsTheCurrentOne() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(j -> handled.add(j.id()), Set.of());
        q.stopConsuming(j -> { });
        q.submit(job("a"));
        assertEquals("a", poll(handled));
    }

    @Test
    void manyJobsOnSeveralThreadsAreEachHandledOnce() throws Exception {
        EmbeddedJobQueue q = queue(4, 1000);
        ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(500);
        q.consume(j -> {
            counts.computeIfAbsent(j.id(), k -> new AtomicInteger()).incrementAndGet();
            all.countDown();
        }, Set.of());
        for (int i = 0; i < 500; i++) {
            q.submit(job("j" + i));
        }
        assertTrue(all.await(WAIT_S * 3, TimeUnit.SECONDS));
        assertEquals(500, counts.size());
        counts.values().forEach(c -> assertEquals(1, c.get()));
    }
}
