package org.fractalis.core.internal.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.json.Json;

/**
 * Job states under {@code job:<id>} and analytics results under {@code result:<id>}. A state only ever moves
 * from SUBMITTED to one final state (atomic update), so a late result of a cancelled job, or a job redelivered
 * after it finished, changes nothing.
 */
public final class Jobs {
    private static final String JOB = "job:";
    private static final String RESULT = "result:";

    private final StateStore store;
    private final JobQueue queue;
    private final Duration dataLifetime;
    private final Duration resultLifetime;
    private final LongSupplier clock;
    private final Object signal = new Object();

    public Jobs(StateStore store, JobQueue queue, Duration dataLifetime, Duration resultLifetime, LongSupplier clock) {
        this.store = store;
        this.queue = queue;
        this.dataLifetime = dataLifetime;
        this.resultLifetime = resultLifetime;
        this.clock = clock;
    }

    /** Records a new job as SUBMITTED (not yet queued). */
    public JobInfo create(JobMessage m) {
        JobInfo info = new JobInfo(m.id(), m.kind(), m.plugin(), m.sessionId(), JobState.SUBMITTED, null,
                m.submittedAt(), 0, 0, ArgsSummary.of(m));
        store.put(JOB + m.id(), Json.bytes(info), dataLifetime);
        return info;
    }

    public Optional<JobInfo> get(String id) {
        return store.get(JOB + id).map(b -> Json.read(b, JobInfo.class));
    }

    public Optional<String> result(String id) {
        return store.get(RESULT + id).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Stores an analytics result before the job is marked SUCCESS, so SUCCESS always has a result. */
    public void putResult(String id, String json) {
        store.put(RESULT + id, json.getBytes(StandardCharsets.UTF_8), resultLifetime);
    }

    /**
     * Ends a job if it is still SUBMITTED.
     *
     * @return true if this call ended it
     */
    public boolean finish(String id, JobState state, String message) {
        boolean[] applied = {false};
        JobState[] stored = {null};
        Duration ttl = dataLifetime;
        Optional<JobInfo> current = get(id);
        if (current.isPresent() && current.get().kind() == JobMessage.Kind.ANALYTICS) {
            ttl = resultLifetime;
        }
        store.update(JOB + id, cur -> {
            applied[0] = false;
            if (cur == null) {
                return null;
            }
            JobInfo j = Json.read(cur, JobInfo.class);
            stored[0] = j.state();
            if (j.state() != JobState.SUBMITTED) {
                return cur;
            }
            applied[0] = true;
            return Json.bytes(new JobInfo(j.id(), j.kind(), j.plugin(), j.sessionId(), state, message,
                    j.submittedAt(), clock.getAsLong(), j.startedAt(), j.args()));
        }, ttl);
        // a late success of a cancelled or failed job leaves no result behind; when a redelivered duplicate run
        // succeeds after the first one did, the (equivalent) result stays
        if (!applied[0] && state == JobState.SUCCESS && stored[0] != JobState.SUCCESS) {
            store.delete(RESULT + id);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        return applied[0];
    }

    /** Notes that a worker starts the job now (a redelivered job notes its latest start); only while SUBMITTED. */
    public void start(String id) {
        Duration ttl = dataLifetime; // a SUBMITTED job keeps the lifetime it was created with
        store.update(JOB + id, cur -> {
            if (cur == null) {
                return null;
            }
            JobInfo j = Json.read(cur, JobInfo.class);
            if (j.state() != JobState.SUBMITTED) {
                return cur;
            }
            return Json.bytes(new JobInfo(j.id(), j.kind(), j.plugin(), j.sessionId(), j.state(), j.message(),
                    j.submittedAt(), j.finishedAt(), clock.getAsLong(), j.args()));
        }, ttl);
    }

    /** Revokes a running job (REVOKED) and asks the queue to interrupt it; true if it was still running. */
    public boolean cancel(String id) {
        boolean revoked = finish(id, JobState.REVOKED, null);
        if (revoked) {
            queue.cancel(id);
        }
        return revoked;
    }

    /**
     * Removes an analysis's result once its task was deleted (nobody can read it any more), so its bytes are free at
     * once instead of after the result lifetime. A run still going stores nothing: its late SUCCESS finds the job
     * REVOKED and removes the result again.
     */
    public void deleteResult(String id) {
        store.delete(RESULT + id);
    }

    /** Removes a job's state and result. */
    public void delete(String id) {
        store.delete(JOB + id);
        store.delete(RESULT + id);
    }

    public List<JobInfo> list() {
        List<JobInfo> out = new ArrayList<>();
        for (String k : store.keys(JOB)) {
            store.get(k).ifPresent(b -> out.add(Json.read(b, JobInfo.class)));
        }
        out.sort((a, b) -> Long.compare(a.submittedAt(), b.submittedAt()));
        return out;
    }

    /**
     * Waits until none of the jobs is SUBMITTED any more, or the timeout passes. Woken at once by jobs ending
     * on this node; otherwise re-checks the store after 5 ms, 10 ms, … up to every 100 ms (jobs ending on other
     * nodes: short ones are seen soon, long ones cost few reads).
     */
    public void awaitFinal(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            boolean pending = false;
            for (String id : ids) {
                Optional<JobInfo> j = get(id);
                if (j.isPresent() && j.get().state() == JobState.SUBMITTED) {
                    pending = true;
                    break;
                }
            }
            long left = deadline - System.nanoTime();
            if (!pending || left <= 0) {
                return;
            }
            synchronized (signal) {
                signal.wait(Math.max(1, Math.min(pause, left / 1_000_000)));
            }
            pause = Math.min(100, pause * 2);
        }
    }
}
