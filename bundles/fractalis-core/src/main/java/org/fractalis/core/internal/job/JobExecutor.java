package org.fractalis.core.internal.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.analytics.ArgumentResolver;
import org.fractalis.core.internal.data.DataRecord;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.data.Integrity;
import org.fractalis.core.internal.json.ResultJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on this node with the plugin it names: ETL = load → integrity check → store → data state;
 * analytics = resolve args → run → JSON result. Every failure ends as FAILURE with a message for the user; a
 * job that runs past the time limit is interrupted and fails.
 */
public final class JobExecutor {
    private static final String ENTRY_GONE =
            "RuntimeError: ETL failed! The associated entry in the store has been removed while the ETL was running.";

    /** Whether the job on this thread ran into the time limit. */
    private static final ThreadLocal<AtomicBoolean> TIMED_OUT = new ThreadLocal<>();

    private final Logger logger = LoggerFactory.getLogger(JobExecutor.class);
    private final Jobs jobs;
    private final DataTasks data;
    private final ArgumentResolver resolver;
    private final ConnectorRegistry connectors;
    private final AnalyticsRegistry analytics;
    private final Duration timeLimit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fractalis-time-limit");
        t.setDaemon(true);
        return t;
    });

    public JobExecutor(Jobs jobs, DataTasks data, ArgumentResolver resolver, ConnectorRegistry connectors,
            AnalyticsRegistry analytics, Duration timeLimit) {
        this.jobs = jobs;
        this.data = data;
        this.resolver = resolver;
        this.connectors = connectors;
        this.analytics = analytics;
        this.timeLimit = timeLimit;
    }

    public void close() {
        timer.shutdownNow();
    }

    public void execute(JobMessage job) throws InterruptedException {
        Optional<JobInfo> info = jobs.get(job.id());
        if (info.isEmpty() || info.get().state() != JobState.SUBMITTED) {
            return; // cancelled before it started, expired, or already done (a redelivery)
        }
        Thread worker = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        TIMED_OUT.set(timedOut);
        ScheduledFuture<?> limit = timer.schedule(() -> {
            timedOut.set(true);
            worker.interrupt();
        }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (job.kind() == JobMessage.Kind.ETL) {
                runEtl(job);
            } else {
                runAnalytics(job);
            }
        } finally {
            limit.cancel(false);
            TIMED_OUT.remove();
        }
        boolean interrupted = Thread.interrupted();
        if (timedOut.get()) {
            jobs.finish(job.id(), JobState.FAILURE, timeLimitMessage());
        }
        if (job.kind() == JobMessage.Kind.ETL && jobs.get(job.id()).map(j -> j.state() != JobState.SUBMITTED)
                .orElse(true)) {
            data.forgetCredentials(job.id()); // ended for good; a job put back for another worker keeps them
        }
        if (timedOut.get()) {
            return;
        }
        if (interrupted) {
            throw new InterruptedException();
        }
    }

    private String timeLimitMessage() {
        return "TimeLimitExceeded: The task took longer than " + timeLimit.toSeconds() + " s and was stopped.";
    }

    /**
     * Fails the job. A failure after our time-limit interrupt is reported as the time limit (even when the task
     * swallowed the interrupt); after a cancel (interrupt without time-out) nothing is written: the job is
     * REVOKED already.
     */
    private void fail(String id, String message) {
        AtomicBoolean timedOut = TIMED_OUT.get();
        if (timedOut != null && timedOut.get()) {
            jobs.finish(id, JobState.FAILURE, timeLimitMessage());
        } else if (!Thread.currentThread().isInterrupted()) {
            jobs.finish(id, JobState.FAILURE, message);
        }
    }

    @SuppressWarnings("unchecked")
    private void runEtl(JobMessage job) {
        Map<String, Object> payload = ResultJson.parseObject(job.payload());
        Optional<DataRecord> rec = data.record(job.id());
        if (rec.isEmpty()) {
            fail(job.id(), ENTRY_GONE);
            return;
        }
        Optional<Connector> c = connectors.find(job.plugin());
        if (c.isEmpty()) {
            fail(job.id(), "RuntimeError: Data extraction failed. No connector for handler '" + job.plugin()
                    + "' is installed on this node.");
            return;
        }
        Map<String, Object> descriptor = (Map<String, Object>) payload.get("descriptor");
        Optional<Map<String, Object>> credentials = data.credentials(job.id());
        if (credentials.isEmpty()) {
            fail(job.id(), "RuntimeError: Data extraction failed. The credentials of this request are gone (it "
                    + "waited longer than the data lifetime, or the cache key changed); please load the data again.");
            return;
        }
        String token = credentials.get().get("token") instanceof String t ? t : "";
        DataKind kind;
        if (rec.get().dataType() == null) {
            // submitted by a web node without this connector: authenticate and validate here
            try {
                Map<String, Object> auth = credentials.get().get("auth") instanceof Map<?, ?> a
                        ? (Map<String, Object>) a : Map.of();
                token = token.isEmpty() ? c.get().login((String) payload.get("server"), auth) : token;
                kind = c.get().kind(descriptor);
                if (kind == null || !data.describe(job.id(), kind, c.get().label(descriptor))) {
                    fail(job.id(), kind == null ? "RuntimeError: Data extraction failed. No data type for this "
                            + "descriptor." : ENTRY_GONE);
                    return;
                }
            } catch (ConnectorException e) {
                fail(job.id(), "RuntimeError: Data extraction failed. " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                logger.error("Connector '{}' failed to validate job {}", job.plugin(), job.id(), e);
                fail(job.id(), "RuntimeError: Data extraction failed. Invalid descriptor for handler '"
                        + job.plugin() + "'.");
                return;
            }
        } else {
            kind = DataKind.fromWireName(rec.get().dataType()).orElseThrow();
        }
        Frame frame;
        try {
            frame = c.get().load(new EtlRequest(job.id(), (String) payload.get("server"), token, descriptor));
        } catch (ConnectorException e) {
            String phase = e.phase() == ConnectorException.Phase.TRANSFORM ? "Data transformation failed. "
                    : "Data extraction failed. ";
            fail(job.id(), "RuntimeError: " + phase + e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            logger.error("Connector '{}' failed on job {}", job.plugin(), job.id(), e);
            fail(job.id(), "RuntimeError: Data extraction failed. Unexpected error in connector '" + job.plugin()
                    + "' (see the node's log).");
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        String problem = Integrity.check(frame, kind);
        if (problem != null) {
            fail(job.id(), "RuntimeError: Data transformation failed. " + problem);
            return;
        }
        try {
            if (!data.storeLoaded(job.id(), frame)) {
                fail(job.id(), ENTRY_GONE);
                return;
            }
        } catch (RuntimeException e) {
            logger.error("Storing data of job {} failed", job.id(), e);
            fail(job.id(), "RuntimeError: Data loading failed. " + e.getMessage());
            return;
        }
        jobs.finish(job.id(), JobState.SUCCESS, null);
    }

    @SuppressWarnings("unchecked")
    private void runAnalytics(JobMessage job) {
        Optional<AnalyticsTask> task = analytics.find(job.plugin());
        if (task.isEmpty()) {
            fail(job.id(), "LookupError: Task with name '" + job.plugin() + "' is not installed on this node.");
            return;
        }
        Map<String, Object> payload = ResultJson.parseObject(job.payload());
        Object args = payload.get("args");
        String json;
        try {
            TaskArgs resolved = resolver.resolve(args instanceof Map ? (Map<String, Object>) args : Map.of(),
                    job.dataIds() == null ? List.of() : job.dataIds());
            Map<String, Object> result = task.get().run(resolved);
            if (result == null) {
                throw new AnalyticsException("TypeError", "The task returned no result object.");
            }
            json = ResultJson.write(result);
        } catch (AnalyticsException e) {
            if (!Thread.currentThread().isInterrupted()) {
                fail(job.id(), e.clientMessage());
            }
            return;
        } catch (java.io.UncheckedIOException e) {
            logger.warn("Result of task '{}' (job {}) is not JSON: {}", job.plugin(), job.id(), e.getMessage());
            fail(job.id(), "TypeError: The result of task '" + job.plugin() + "' cannot be written as JSON.");
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            logger.error("Task '{}' failed on job {}", job.plugin(), job.id(), e);
            fail(job.id(), "RuntimeError: The task '" + job.plugin() + "' failed unexpectedly (see the node's log).");
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        jobs.putResult(job.id(), json);
        jobs.finish(job.id(), JobState.SUCCESS, null);
    }
}
