package org.fractalis.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.store.MemoryStateStore;
import org.junit.jupiter.api.Test;

/** Job states move once from SUBMITTED to a final state; results of jobs that did not end as SUCCESS vanish. */
class JobsTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final MemoryStateStore store = new MemoryStateStore(1 << 24, now::get);
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final JobQueue queue = new JobQueue() {
        @Override
        public void submit(JobMessage job) {
        }

        @Override
        public void cancel(String jobId) {
            cancelled.add(jobId);
        }

        @Override
        public void consume(JobHandler handler, Set<String> plugins) {
        }

        @Override
        public void stopConsuming(JobHandler handler) {
        }
    };
    private final Jobs jobs = new Jobs(store, queue, Duration.ofDays(6), Duration.ofSeconds(30), now::get);

    private static JobMessage job(String id, JobMessage.Kind kind) {
        return new JobMessage(id, kind, "p", "s", List.of(), "{}", 1);
    }

    @Test
    void aJobEndsOnceAndKeepsItsFirstFinalState() {
        jobs.create(job("a", JobMessage.Kind.ANALYTICS));
        assertEquals(JobState.SUBMITTED, jobs.get("a").orElseThrow().state());
        assertTrue(jobs.finish("a", JobState.FAILURE, "ValueError: x"));
        assertFalse(jobs.finish("a", JobState.SUCCESS, null));
        assertFalse(jobs.finish("a", JobState.REVOKED, null));
        JobInfo j = jobs.get("a").orElseThrow();
        assertEquals(JobState.FAILURE, j.state());
        assertEquals("ValueError: x", j.message());
        assertEquals(now.get(), j.finishedAt());
    }

    @Test
    void aLateSuccessAfterACancelDropsItsResult() {
        jobs.create(job("a", JobMessage.Kind.ANALYTICS));
        assertTrue(jobs.cancel("a"));
        assertEquals(List.of("a"), cancelled);
        jobs.putResult("a", "{\"late\":true}");
        assertFalse(jobs.finish("a", JobState.SUCCESS, null));
        assertTrue(jobs.result("a").isEmpty());
        assertEquals(JobState.REVOKED, jobs.get("a").orElseThrow().state());
        assertFalse(jobs.cancel("a"), "already ended: no second cancel");
        assertEquals(List.of("a"), cancelled);
    }

    @Test
    void finishingAnUnknownJobDoesNothing() {
        assertFalse(jobs.finish("nope", JobState.SUCCESS, null));
        assertTrue(jobs.get("nope").isEmpty());
        assertFalse(jobs.cancel("nope"));
        assertTrue(cancelled.isEmpty());
    }

    @Test
    void analyticsStatesLiveAsLongAsResultsAndEtlStatesAsLongAsData() {
        jobs.create(job("a", JobMessage.Kind.ANALYTICS));
        jobs.create(job("e", JobMessage.Kind.ETL));
        jobs.putResult("a", "{}");
        jobs.finish("a", JobState.SUCCESS, null);
        jobs.finish("e", JobState.SUCCESS, null);
        now.addAndGet(31_000);
        assertTrue(jobs.get("a").isEmpty());
        assertTrue(jobs.result("a").isEmpty());
        assertTrue(jobs.get("e").isPresent());
    }

    @Test
    void concurrentFinishesHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "j" + round;
                jobs.create(job(id, JobMessage.Kind.ANALYTICS));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    JobState st = t % 2 == 0 ? JobState.SUCCESS : JobState.REVOKED;
                    results.add(pool.submit(() -> {
                        go.await();
                        return jobs.finish(id, st, null);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitFinalReturnsOnceTheJobsHaveEnded() throws Exception {
        jobs.create(job("a", JobMessage.Kind.ETL));
        jobs.create(job("b", JobMessage.Kind.ETL));
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                jobs.awaitFinal(List.of("a", "b", "unknown"), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - t0;
        });
        jobs.finish("a", JobState.SUCCESS, null);
        jobs.finish("b", JobState.FAILURE, "x");
        long nanos = waited.get(20, TimeUnit.SECONDS);
        assertTrue(nanos < TimeUnit.SECONDS.toNanos(20), "returned long before its 30 s timeout");
    }

    @Test
    void listIsOrderedBySubmission() {
        jobs.create(new JobMessage("late", JobMessage.Kind.ETL, "p", "s", List.of(), "{}", 20));
        jobs.create(new JobMessage("early", JobMessage.Kind.ETL, "p", "s", List.of(), "{}", 10));
        assertEquals(List.of("early", "late"), jobs.list().stream().map(JobInfo::id).toList());
    }
}
