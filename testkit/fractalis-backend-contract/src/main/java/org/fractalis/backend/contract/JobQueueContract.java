package org.fractalis.backend.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobQueue} must have, whatever its backend.
 *
 * <p>A subclass supplies queue instances ({@link #createQueue()}); instances created within one test share one
 * backend namespace (for RabbitMQ: the same broker and name prefix, fresh per test), so a distributed queue can
 * show redelivery and cancellation across nodes. Capabilities a backend lacks are declared by the flags
 * ({@link #routesByCapability()}, {@link #distributed()}) and their tests are skipped.
 */
public abstract class JobQueueContract {

    /** A new queue instance (a "node") in this test's namespace. */
    protected abstract JobQueue createQueue() throws Exception;

    /** Closes an instance; called after each test for every instance created. */
    protected void closeQueue(JobQueue queue) throws Exception {
    }

    /** Removes what the test left on the backend; called after every instance was closed. */
    protected void cleanUpBackend() throws Exception {
    }

    /** True if a consumer gets only jobs of the capabilities it consumes. */
    protected boolean routesByCapability() {
        return true;
    }

    /** True if instances share jobs and cancellations (several nodes). */
    protected boolean distributed() {
        return true;
    }

    /** Kills an instance as a crashing node would: no acknowledgement, nothing cleaned up. */
    protected void crash(JobQueue queue) throws Exception {
        throw new UnsupportedOperationException();
    }

    /** How long a test waits to be reasonably sure something does not happen. */
    protected Duration absenceWindow() {
        return Duration.ofMillis(750);
    }

    /** How long a test waits for something that must happen. */
    protected Duration deadline() {
        return Duration.ofSeconds(20);
    }

    private final List<JobQueue> created = new ArrayList<>();

    protected JobQueue newQueue() throws Exception {
        JobQueue q = createQueue();
        created.add(q);
        return q;
    }

    @AfterEach
    void closeQueues() throws Exception {
        try {
            for (JobQueue q : created) {
                closeQueue(q);
            }
        } finally {
            cleanUpBackend();
        }
    }

    protected static JobMessage analytics(String task) {
        return new JobMessage(UUID.randomUUID().toString(), JobMessage.Kind.ANALYTICS, task,
                UUID.randomUUID().toString(), List.of("d1", "d2"), "{\"args\":{\"x\":1}}", System.currentTimeMillis());
    }

    protected static JobMessage etl(String handler) {
        return new JobMessage(UUID.randomUUID().toString(), JobMessage.Kind.ETL, handler,
                UUID.randomUUID().toString(), List.of(), "{\"server\":\"s\",\"descriptor\":{}}",
                System.currentTimeMillis());
    }

    /**
     * A handler that records what it gets. A job whose id is in {@link #block} waits until released or
     * interrupted; one in {@link #fail} throws (its outcome "could not be stored").
     */
    public static final class Recorder implements JobHandler {
        public final BlockingQueue<JobMessage> received = new LinkedBlockingQueue<>();
        public final BlockingQueue<String> started = new LinkedBlockingQueue<>();
        public final BlockingQueue<String> interrupted = new LinkedBlockingQueue<>();
        public final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
        /** Jobs that found their thread already interrupted when they started (must never happen). */
        public final BlockingQueue<String> staleInterrupts = new LinkedBlockingQueue<>();
        public final Map<String, CountDownLatch> block = new ConcurrentHashMap<>();
        public final Set<String> fail = ConcurrentHashMap.newKeySet();
        /** Jobs the queue gave up on, as "id: reason". */
        public final BlockingQueue<String> givenUp = new LinkedBlockingQueue<>();
        /** How many calls of {@link #giveUp} should throw first (the outcome "could not be stored"). */
        public final java.util.concurrent.atomic.AtomicInteger giveUpFailures = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void giveUp(JobMessage job, String reason) {
            if (giveUpFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failure of " + job.id() + " could not be stored (test)");
            }
            givenUp.add(job.id() + ": " + reason);
        }

        @Override
        public void handle(JobMessage job) throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                staleInterrupts.add(job.id());
            }
            received.add(job);
            started.add(job.id());
            CountDownLatch latch = block.get(job.id());
            if (latch != null) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    interrupted.add(job.id());
                    throw e;
                }
            }
            if (fail.contains(job.id())) {
                throw new IllegalStateException("outcome of " + job.id() + " could not be stored (test)");
            }
            finished.add(job.id());
        }

        public void releaseAll() {
            block.values().forEach(CountDownLatch::countDown);
        }
    }

    protected <T> T take(BlockingQueue<T> q, String what) throws InterruptedException {
        T v = q.poll(deadline().toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(v, "timed out waiting for " + what);
        return v;
    }

    protected <T> void assertNothing(BlockingQueue<T> q, String what) throws InterruptedException {
        assertNull(q.poll(absenceWindow().toMillis(), TimeUnit.MILLISECONDS), what);
    }

    protected Set<String> takeIds(BlockingQueue<JobMessage> q, int n) throws InterruptedException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(take(q, "job " + (i + 1) + " of " + n).id());
        }
        return ids;
    }

    // ----------------------------------------------------------------------------------------------------------

    @Test
    void jobsReachTheHandlerIntactAndOnce() throws Exception {
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:sum", "etl:csv"));
        List<JobMessage> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(analytics("sum"));
            sent.add(etl("csv"));
        }
        for (JobMessage j : sent) {
            q.submit(j);
        }
        Map<String, JobMessage> got = new ConcurrentHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            JobMessage j = take(h.received, "job " + (i + 1));
            assertNull(got.put(j.id(), j), "delivered twice: " + j.id());
        }
        for (JobMessage j : sent) {
            assertEquals(j, got.get(j.id()), "the job arrives as it was sent");
        }
        assertNothing(h.received, "no extra deliveries");
    }

    @Test
    void jobsWaitUntilAConsumerComes() throws Exception {
        JobQueue q = newQueue();
        JobMessage a = analytics("later");
        JobMessage b = etl("later");
        q.submit(a);
        q.submit(b);
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:later", "etl:later"));
        assertEquals(Set.of(a.id(), b.id()), takeIds(h.received, 2));
    }

    @Test
    void aConsumerGetsOnlyTheCapabilitiesItHas() throws Exception {
        assumeTrue(routesByCapability(), "this queue does not route by capability");
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:have"));
        JobMessage missing = analytics("missing");
        JobMessage have = analytics("have");
        JobMessage etlSameName = etl("have"); // capability is kind + name: etl:have is another capability
        q.submit(missing);
        q.submit(etlSameName);
        q.submit(have);
        assertEquals(have.id(), take(h.received, "the job of the capability it has").id());
        assertNothing(h.received, "no job of a capability it lacks");

        q.consume(h, Set.of("analytics:have", "analytics:missing")); // the plugin was installed
        assertEquals(missing.id(), take(h.received, "the waiting job once the capability came").id());
        assertNothing(h.received, "etl:have still waits");
    }

    @Test
    void aRemovedCapabilityGetsNoMoreJobs() throws Exception {
        assumeTrue(routesByCapability(), "this queue does not route by capability");
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:a", "analytics:b"));
        JobMessage first = analytics("b");
        q.submit(first);
        assertEquals(first.id(), take(h.received, "job of b").id());

        q.consume(h, Set.of("analytics:a")); // plugin b was removed
        JobMessage second = analytics("b");
        JobMessage other = analytics("a");
        q.submit(second);
        q.submit(other);
        assertEquals(other.id(), take(h.received, "job of a").id());
        assertNothing(h.received, "no job of the removed capability");

        q.consume(h, Set.of("analytics:a", "analytics:b"));
        assertEquals(second.id(), take(h.received, "job of b after it came back").id());
    }

    @Test
    void aJobIsDeliveredAgainWhenItsConsumerDiesWithoutAck() throws Exception {
        assumeTrue(distributed(), "a single-node queue has no redelivery to another node");
        JobQueue nodeA = newQueue();
        Recorder a = new Recorder();
        JobMessage job = analytics("crashy");
        a.block.put(job.id(), new CountDownLatch(1));
        nodeA.consume(a, Set.of("analytics:crashy"));
        nodeA.submit(job);
        assertEquals(job.id(), take(a.started, "the job started on node A"));

        crash(nodeA); // dies while the job runs: no ack
        JobQueue nodeB = newQueue();
        Recorder b = new Recorder();
        nodeB.consume(b, Set.of("analytics:crashy"));
        assertEquals(job, take(b.received, "the job redelivered to node B"));
        assertEquals(job.id(), take(b.finished, "the job finished on node B"));
        a.releaseAll();
    }

    @Test
    void cancelInterruptsTheRunningJobAndNotTheNextOne() throws Exception {
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:slow"));
        JobMessage slow = analytics("slow");
        h.block.put(slow.id(), new CountDownLatch(1));
        q.submit(slow);
        assertEquals(slow.id(), take(h.started, "the slow job started"));

        q.cancel(slow.id());
        assertEquals(slow.id(), take(h.interrupted, "the slow job interrupted"));
        q.cancel(slow.id()); // idempotent, and too late to hit anything

        List<JobMessage> next = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            next.add(analytics("slow"));
        }
        for (JobMessage j : next) {
            q.submit(j);
        }
        Set<String> done = new HashSet<>();
        for (int i = 0; i < next.size(); i++) {
            done.add(take(h.finished, "next job " + (i + 1)));
        }
        assertEquals(next.stream().map(JobMessage::id).collect(java.util.stream.Collectors.toSet()), done);
        assertNull(h.staleInterrupts.peek(), "a cancel hit a later job on the same thread");
        assertNull(h.interrupted.poll(), "only the cancelled job was interrupted");
    }

    @Test
    void cancelOfAJobNotRunningIsHarmless() throws Exception {
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.cancel(UUID.randomUUID().toString());
        q.consume(h, Set.of("analytics:t"));
        JobMessage j = analytics("t");
        q.submit(j);
        assertEquals(j.id(), take(h.finished, "a job after an unrelated cancel"));
        assertNull(h.staleInterrupts.peek());
    }

    @Test
    void cancelReachesTheNodeRunningTheJob() throws Exception {
        assumeTrue(distributed(), "a single-node queue has no other node");
        JobQueue worker = newQueue();
        JobQueue web = newQueue();
        Recorder h = new Recorder();
        worker.consume(h, Set.of("analytics:remote"));
        JobMessage job = analytics("remote");
        h.block.put(job.id(), new CountDownLatch(1));
        web.submit(job);
        assertEquals(job.id(), take(h.started, "the job started on the worker"));
        web.cancel(job.id());
        assertEquals(job.id(), take(h.interrupted, "the job interrupted by a cancel from another node"));
    }

    @Test
    void stopConsumingInterruptsAndStopsDeliveries() throws Exception {
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:s"));
        JobMessage running = analytics("s");
        h.block.put(running.id(), new CountDownLatch(1));
        q.submit(running);
        assertEquals(running.id(), take(h.received, "the job started").id());

        q.stopConsuming(h);
        assertEquals(running.id(), take(h.interrupted, "the running job interrupted"));
        JobMessage waiting = analytics("s");
        q.submit(waiting);
        assertNothing(h.received, "no delivery after stopConsuming");

        Recorder h2 = new Recorder();
        q.consume(h2, Set.of("analytics:s"));
        JobMessage got = take(h2.received, "the waiting job reaches the next consumer");
        Set<String> expected = new HashSet<>(Set.of(waiting.id()));
        if (distributed() && !got.id().equals(waiting.id())) {
            // a distributed queue puts the interrupted job back for another worker; it may come first
            assertEquals(running.id(), got.id());
            assertEquals(waiting.id(), take(h2.received, "the waiting job").id());
        } else {
            assertEquals(expected, Set.of(got.id()));
        }
        assertFalse(h.received.contains(waiting), "the stopped handler never got the new job");
    }
}
