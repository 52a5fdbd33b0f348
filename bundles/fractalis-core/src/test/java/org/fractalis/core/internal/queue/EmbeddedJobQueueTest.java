package org.fractalis.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.fractalis.api.backend.WorkerPoolHealth;
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
        return job(id, "s", JobMessage.Kind.ANALYTICS);
    }

    private static JobMessage job(String id, String session, JobMessage.Kind kind) {
        return new JobMessage(id, kind, kind == JobMessage.Kind.ETL ? "test" : "compute-test", session, List.of(),
                "{}", 0);
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
        q.submit(job("a", "s1", JobMessage.Kind.ANALYTICS));
        q.submit(job("b", "s2", JobMessage.Kind.ANALYTICS));
        assertTrue(bothRunning.await(WAIT_S, TimeUnit.SECONDS), "two workers run two sessions' jobs at once");
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

    /** White-box: waits (with a deadline, no sleep) until every worker thread of the queue waits for a job. */
    private static void awaitWorkersBlockedInTake(EmbeddedJobQueue q) throws Exception {
        List<Thread> threads = q.workerThreads();
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
            if (e.getClassName().equals(EmbeddedJobQueue.class.getName()) && e.getMethodName().equals("awaitJob")) {
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

    // --- workers that cannot die, fairness, separate pools (issue 10)

    @Test
    void anErrorOfTheHandlerEndsTheJobAndKeepsTheThread() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> givenUp = new LinkedBlockingQueue<>();
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(new JobHandler() {
            @Override
            public void handle(JobMessage j) {
                handled.add(j.id());
                if (j.id().equals("oom")) {
                    throw new OutOfMemoryError("Java heap space");
                }
            }

            @Override
            public void giveUp(JobMessage j, String reason) {
                givenUp.add(j.id() + ": " + reason);
            }
        }, Set.of());
        q.submit(job("oom"));
        assertEquals("oom: MemoryError: The job needed more memory than this node can give it (Java heap space).",
                poll(givenUp));
        q.submit(job("after"));
        assertEquals("oom", poll(handled));
        assertEquals("after", poll(handled));
        WorkerPoolHealth h = q.workerPool().orElseThrow();
        assertEquals(new WorkerPoolHealth(2, 2, 0), h, "one ETL and one analytics thread, none replaced");
    }

    /** An error that escapes even the guard (here: one whose toString() throws while it is logged). */
    private static final class Poison extends Error {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new IllegalStateException("poisoned");
        }
    }

    @Test
    void aWorkerThreadThatDiesIsReplacedAndCounted() throws Exception {
        EmbeddedJobQueue q = queue(1, 10);
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        q.consume(new JobHandler() {
            @Override
            public void handle(JobMessage j) {
                handled.add(j.id());
                if (j.id().equals("kill")) {
                    throw new IllegalStateException("fails");
                }
            }

            @Override
            public void giveUp(JobMessage j, String reason) {
                throw new Poison();
            }
        }, Set.of());
        List<Thread> before = q.workerThreads();
        q.submit(job("kill"));
        assertEquals("kill", poll(handled));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (q.workerPool().orElseThrow().replaced() < 1) {
            assertTrue(System.nanoTime() < deadline, "the dead thread was not replaced");
            Thread.onSpinWait();
        }
        assertTrue(before.stream().anyMatch(t -> !q.workerThreads().contains(t)), "a thread was swapped");
        WorkerPoolHealth h = q.workerPool().orElseThrow();
        assertEquals(2, h.configured());
        assertEquals(2, h.alive());
        assertTrue(h.intact());
        q.submit(job("next"));
        assertEquals("next", poll(handled), "the replacement runs jobs");
    }

    @Test
    void analyticsRunWhileEveryEtlThreadIsBusy() throws Exception {
        EmbeddedJobQueue q = queue(2, 10);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        q.consume(j -> {
            started.add(j.id());
            if (j.kind() == JobMessage.Kind.ETL) {
                release.await();
            }
        }, Set.of());
        q.submit(job("slow-1", "a", JobMessage.Kind.ETL));
        q.submit(job("slow-2", "b", JobMessage.Kind.ETL));
        assertEquals(Set.of("slow-1", "slow-2"), Set.of(poll(started), poll(started)));
        q.submit(job("analysis", "c", JobMessage.Kind.ANALYTICS));
        assertEquals("analysis", poll(started), "the analysis did not wait for the loads");
        release.countDown();
    }

    @Test
    void oneSessionTakesAtMostItsShareOfAPool() throws Exception {
        EmbeddedJobQueue q = new EmbeddedJobQueue(4, 4, 0, 100); // share: 2 of 4
        queues.add(q);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        q.consume(j -> {
            started.add(j.id());
            if (j.sessionId().equals("greedy")) {
                release.await();
            }
        }, Set.of());
        for (int i = 1; i <= 4; i++) {
            q.submit(job("greedy-" + i, "greedy", JobMessage.Kind.ETL));
        }
        assertEquals(Set.of("greedy-1", "greedy-2"), Set.of(poll(started), poll(started)));
        q.submit(job("other", "other", JobMessage.Kind.ETL));
        assertEquals("other", poll(started), "another session got a free thread");
        assertEquals(2, q.pendingCount(), "greedy-3 and greedy-4 wait for the greedy session's share");
        release.countDown();
        assertEquals(Set.of("greedy-3", "greedy-4"), Set.of(poll(started), poll(started)));
    }

    @Test
    void sessionsTakeTurnsOnABusyPool() throws Exception {
        EmbeddedJobQueue q = queue(1, 100);
        CountDownLatch first = new CountDownLatch(1);
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        q.consume(j -> {
            started.add(j.id());
            if (j.id().equals("a1")) {
                first.await();
            }
        }, Set.of());
        q.submit(job("a1", "a", JobMessage.Kind.ETL));
        assertEquals("a1", poll(started));
        q.submit(job("a2", "a", JobMessage.Kind.ETL));
        q.submit(job("a3", "a", JobMessage.Kind.ETL));
        q.submit(job("b1", "b", JobMessage.Kind.ETL));
        q.submit(job("b2", "b", JobMessage.Kind.ETL));
        first.countDown();
        List<String> order = List.of(poll(started), poll(started), poll(started), poll(started));
        assertEquals(List.of("b1", "a2", "b2", "a3"), order, "round robin between the sessions");
    }
}
