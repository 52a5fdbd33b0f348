package org.fractalis.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.store.MemoryStateStore;
import org.junit.jupiter.api.Test;

class LostJobsTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final Jobs jobs = new Jobs(new MemoryStateStore(1 << 20, now::get), null, Duration.ofDays(1),
            Duration.ofHours(1), now::get);

    private JobInfo create(String id, JobMessage.Kind kind, long submittedAt) {
        return jobs.create(new JobMessage(id, kind, "p", "s", List.of(), "{}", submittedAt));
    }

    @Test
    void jobsSubmittedBeforeTheQueueStartedFailAndLaterOnesAreKept() {
        long start = now.get();
        create("old-etl", JobMessage.Kind.ETL, start - 10);
        create("old-analysis", JobMessage.Kind.ANALYTICS, start - 5);
        create("done", JobMessage.Kind.ANALYTICS, start - 20);
        jobs.finish("done", JobState.SUCCESS, null);
        create("new", JobMessage.Kind.ETL, start);

        List<String> forgotten = new ArrayList<>();
        assertEquals(2, LostJobs.fail(jobs, start, forgotten::add));

        for (String id : List.of("old-etl", "old-analysis")) {
            JobInfo j = jobs.get(id).orElseThrow();
            assertEquals(JobState.FAILURE, j.state(), id);
            assertEquals(LostJobs.MESSAGE, j.message());
        }
        assertEquals(List.of("old-etl"), forgotten, "only an ETL has credentials to remove");
        assertEquals(JobState.SUCCESS, jobs.get("done").orElseThrow().state());
        assertNull(jobs.get("done").orElseThrow().message());
        assertEquals(JobState.SUBMITTED, jobs.get("new").orElseThrow().state(), "submitted to this queue");
        assertEquals(0, LostJobs.fail(jobs, start, forgotten::add), "a second pass changes nothing");
    }
}
