package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.desc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Jobs that run past {@code task.time.limit} (1 s here) are interrupted and fail with TimeLimitExceeded. */
class TimeLimitTest {
    private static final String MESSAGE = "TimeLimitExceeded: The task took longer than 1 s and was stopped.";
    private CoreHarness n;

    @BeforeEach
    void start() {
        n = new CoreHarness(Settings.from(Map.of("task.time.limit", "1"))).startWorker();
    }

    @AfterEach
    void close() {
        n.close();
    }

    @Test
    void anAnalysisPastTheLimitFails() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        n.tasks.put("compute-forever", args -> {
            try {
                new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
                throw e;
            }
            return Map.of();
        });
        String s = n.newSession();
        TaskStatus st = n.run(s, "compute-forever", Map.of("a", 1));
        assertEquals(JobState.FAILURE, st.state());
        assertEquals(MESSAGE, st.result());
        assertTrue(interrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void anEtlPastTheLimitFails() throws Exception {
        n.connector.on("forever", r -> {
            new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String s = n.newSession();
        String id = n.load(s, desc(DataKind.NUMERICAL, "forever")).get(0);
        n.core.awaitSession(s, WAIT);
        DataStateView v = n.core.list(s).get(0);
        assertEquals(id, v.taskId());
        assertEquals(JobState.FAILURE, v.etlState());
        assertEquals(MESSAGE, v.etlMessage());
    }

    @Test
    void aTaskThatEndsInTimeIsNotAffectedAndTheWorkerThreadIsClean() throws Exception {
        n.tasks.put("compute-quick", args -> Map.of("interrupted", Thread.currentThread().isInterrupted()));
        String s = n.newSession();
        for (int i = 0; i < 4; i++) {
            TaskStatus st = n.run(s, "compute-quick", Map.of("a", i));
            assertEquals(JobState.SUCCESS, st.state());
            assertFalse(st.result().contains("true"), st.result());
        }
    }

    @Test
    void aJobAfterATimedOutJobOnTheSameThreadRunsNormally() throws Exception {
        n.tasks.put("compute-forever", args -> {
            new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
            return Map.of();
        });
        n.tasks.put("compute-quick", args -> {
            // would throw if a stale interrupt were pending
            new CountDownLatch(1).await(1, TimeUnit.MILLISECONDS);
            return Map.of("ok", true);
        });
        String s = n.newSession();
        assertEquals(MESSAGE, n.run(s, "compute-forever", Map.of("a", 1)).result());
        assertEquals(MESSAGE, n.run(s, "compute-forever", Map.of("a", 2)).result());
        // both worker threads have now run a timed-out job
        for (int i = 0; i < 4; i++) {
            assertEquals(JobState.SUCCESS, n.run(s, "compute-quick", Map.of("a", i)).state());
        }
    }

    /**
     * A task that swallows the interrupt (catches InterruptedException without restoring the flag, as library code
     * often does) and then fails with its own error: the user should still read that the time limit stopped it.
     */
    @Test
    void theTimeLimitMessageWinsWhenTheTaskSwallowsTheInterrupt() throws Exception {
        n.tasks.put("compute-swallow", args -> {
            try {
                new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // flag not restored
                throw new AnalyticsException("RuntimeError", "wrapped");
            }
            return Map.of();
        });
        assertEquals(MESSAGE, n.run(n.newSession(), "compute-swallow", Map.of("a", 1)).result());
    }
}
