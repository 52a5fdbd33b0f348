package org.fractalis.core.internal.job;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.metrics.LogIds;
import org.fractalis.api.metrics.Metrics;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.analytics.ArgumentResolver;
import org.fractalis.core.internal.data.DataRecord;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.data.FrameSizes;
import org.fractalis.core.internal.data.Integrity;
import org.fractalis.core.internal.json.ResultJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on this node with the plugin it names: ETL = load → integrity check → store → data state;
 * analytics = resolve args → run → JSON result. Every failure ends as FAILURE with a message for the user; a
 * job that runs past the time limit is interrupted and fails. Nothing a plugin throws escapes: an
 * {@link Error} (out of memory, stack overflow, a broken plugin's linkage error) also ends the job as FAILURE and
 * leaves the worker thread alive.
 *
 * <p>Memory is governed by a node-wide {@link MemoryBudget}: an ETL reserves its connector's estimate before it
 * loads (refused at once when it could never fit) and the decoded frame's size before it is encoded; an analysis
 * reserves a multiple of its input frames' size before it runs. Results larger than the configured cap fail
 * instead of being stored.
 */
public final class JobExecutor {
    private static final String ENTRY_GONE =
            "RuntimeError: ETL failed! The associated entry in the store has been removed while the ETL was running.";

    /** Whether the job on this thread ran into the time limit. */
    private static final ThreadLocal<AtomicBoolean> TIMED_OUT = new ThreadLocal<>();
    /** Rows the ETL on this thread stored (-1 until it stored any), for metrics and the audit line. */
    private static final ThreadLocal<long[]> STORED_ROWS = new ThreadLocal<>();
    /** Phases of the job running on this thread (name, nanoseconds), for the line logged when it ends. */
    private static final ThreadLocal<Map<String, Long>> PHASES = new ThreadLocal<>();
    /** A job at least this slow is logged at INFO with its phases (others at DEBUG). */
    static final long SLOW_JOB_NANOS = 1_000_000_000L;

    private final Logger logger = LoggerFactory.getLogger(JobExecutor.class);
    /** One line per ETL that ran here; a dedicated logger operators can route (etc/org.ops4j.pax.logging.cfg). */
    private static final Logger AUDIT = LoggerFactory.getLogger("org.fractalis.audit");
    /** Where job events go: the metrics service when it is installed, else nothing (null). */
    private volatile Supplier<Metrics> metrics = () -> null;
    private final Jobs jobs;
    private final DataTasks data;
    private final ArgumentResolver resolver;
    private final ConnectorRegistry connectors;
    private final AnalyticsRegistry analytics;
    private final Duration timeLimit;
    private final MemoryBudget memory;
    private final double analyticsMemoryFactor;
    private final long resultMaxBytes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fractalis-time-limit");
        t.setDaemon(true);
        return t;
    });

    public JobExecutor(Jobs jobs, DataTasks data, ArgumentResolver resolver, ConnectorRegistry connectors,
            AnalyticsRegistry analytics, Duration timeLimit, MemoryBudget memory, double analyticsMemoryFactor,
            long resultMaxBytes) {
        this.memory = memory;
        this.analyticsMemoryFactor = analyticsMemoryFactor;
        this.resultMaxBytes = resultMaxBytes;
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

    /** Where job events are reported (read for every job, so the metrics service may come and go). */
    public void observe(Supplier<Metrics> to) {
        this.metrics = to;
    }

    public void execute(JobMessage job) throws InterruptedException {
        Optional<JobInfo> info = jobs.get(job.id());
        if (info.isEmpty() || info.get().state() != JobState.SUBMITTED) {
            return; // cancelled before it started, expired, or already done (a redelivery)
        }
        jobs.start(job.id());
        long started = System.nanoTime();
        long waited = System.currentTimeMillis() - job.submittedAt();
        long[] rows = {-1};
        STORED_ROWS.set(rows);
        Map<String, Long> phases = new java.util.LinkedHashMap<>();
        PHASES.set(phases);
        try {
            run(job);
        } finally {
            STORED_ROWS.remove();
            PHASES.remove();
            long ran = System.nanoTime() - started;
            String outcome = outcome(job);
            ended(job, waited, ran, rows[0], outcome);
            logPhases(job, ran, phases, outcome);
        }
    }

    /** Marks the end of a phase that began at {@code since} (System.nanoTime); returns now. */
    private static long phase(String name, long since) {
        long now = System.nanoTime();
        Map<String, Long> p = PHASES.get();
        if (p != null) {
            p.merge(name, now - since, Long::sum);
        }
        return now;
    }

    /**
     * How the job ended, read once for the metrics, the audit line and the phase line: its state in lower case,
     * {@code requeued}, {@code expired}, or {@code unknown} when the store cannot be read now (never throws).
     */
    private String outcome(JobMessage job) {
        try {
            return jobs.get(job.id()).map(j -> j.state() == JobState.SUBMITTED ? Metrics.OUTCOME_REQUEUED
                    : j.state().name().toLowerCase(Locale.ROOT)).orElse("expired");
        } catch (RuntimeException e) {
            logger.debug("Could not read the outcome of job {}: {}", job.id(), e.toString());
            return "unknown";
        }
    }

    /** Where a slow job's time went (e.g. a cohort-sized load: the connector, the checks, the cache write). */
    private void logPhases(JobMessage job, long ranNanos, Map<String, Long> phases, String outcome) {
        boolean slow = ranNanos >= SLOW_JOB_NANOS;
        if (!slow && !logger.isDebugEnabled()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        phases.forEach((name, nanos) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.2f s", nanos / 1e9)));
        String state = outcome.toUpperCase(Locale.ROOT);
        if (slow) {
            logger.info("Job {} ({} {}) {} in {}{}{}", job.id(), job.kind(), job.plugin(), state,
                    String.format(Locale.ROOT, "%.2f s", ranNanos / 1e9), sb.length() == 0 ? "" : ": ", sb);
        } else {
            logger.debug("Job {} ({} {}) {} in {} ms{}{}", job.id(), job.kind(), job.plugin(), state,
                    ranNanos / 1_000_000, sb.length() == 0 ? "" : ": ", sb);
        }
    }

    /**
     * Reports a job that ran here: to the metrics (kind, plugin, outcome, wait and run time; rows and bytes of a
     * stored ETL) and, for an ETL, one audit line. Never throws; a job whose outcome the store could not tell
     * ({@code unknown}) is not reported.
     */
    private void ended(JobMessage job, long waitedMillis, long ranNanos, long rows, String outcome) {
        Metrics m = metrics.get();
        boolean etl = job.kind() == JobMessage.Kind.ETL;
        if (m == null && !etl || "unknown".equals(outcome)) {
            return;
        }
        try {
            Optional<DataRecord> rec = etl ? data.record(job.id()) : Optional.empty();
            if (m != null) {
                m.jobEnded(job.kind(), job.plugin(), outcome, waitedMillis, ranNanos);
                if (rows >= 0) {
                    m.etlLoaded(job.plugin(), rows, rec.map(DataRecord::bytes).orElse(0L));
                }
            }
            if (etl) {
                AUDIT.info("etl handler={} server={} descriptor={} session={} outcome={} rows={} ms={}", job.plugin(),
                        rec.map(r -> auditServer(r.server())).orElse("-"),
                        rec.map(r -> r.hash() == null ? "-" : r.hash().substring(0, Math.min(12, r.hash().length())))
                                .orElse("-"),
                        LogIds.hash(job.sessionId()), outcome, Math.max(rows, 0), ranNanos / 1_000_000);
            }
        } catch (RuntimeException e) {
            logger.debug("Could not report job {}: {}", job.id(), e.toString());
        }
    }

    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * The server as the audit line shows it: scheme, host, port and path of a URL (never user info, query or
     * fragment, where credentials could hide), a configured source's name as it is, anything else {@code -}.
     */
    static String auditServer(String server) {
        if (server == null || server.isEmpty() || server.length() > 2000) {
            return "-";
        }
        if (SOURCE_NAME.matcher(server).matches()) {
            return server;
        }
        try {
            URI u = new URI(server);
            if (u.getScheme() == null || u.getHost() == null) {
                return "-";
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            return (u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + path)
                    .replaceAll("[^\\x21-\\x7e]", "?");
        } catch (java.net.URISyntaxException e) {
            return "-";
        }
    }

    private void run(JobMessage job) throws InterruptedException {
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
        } catch (RuntimeException e) {
            throw e; // the store failed (plugin exceptions are handled above): the queue gives up or redelivers
        } catch (Throwable t) { // NOPMD: the guard; an Error of a plugin must not kill the worker thread
            guard(job, t);
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

    /** Ends a job that threw something the regular paths do not expect (an Error above all). */
    private void guard(JobMessage job, Throwable t) {
        Secrets secrets = job.kind() == JobMessage.Kind.ETL
                ? data.credentials(job.id()).map(Secrets::of).orElse(Secrets.none()) : Secrets.none();
        if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError) && !(t instanceof StackOverflowError)) {
            logger.error("Job {} ({} {}) hit a JVM error", job.id(), job.kind(), job.plugin(), t);
        } else {
            logger.error("Job {} ({} {}) failed", job.id(), job.kind(), job.plugin(), secrets.redact(t));
        }
        if (Thread.currentThread().isInterrupted() && (TIMED_OUT.get() == null || !TIMED_OUT.get().get())) {
            return; // cancelled meanwhile: REVOKED stays
        }
        fail(job.id(), failureMessage(job, t, secrets));
    }

    /** Longest exception message quoted to the user. */
    static final int MAX_QUOTED = 300;

    /**
     * "ExceptionType: message" of something a plugin threw, on one line, cut, with the job's credentials masked: what
     * a plugin author needs to see in the data box or on the chart.
     */
    static String describe(Throwable t, Secrets secrets) {
        String m = t.getMessage();
        String text = t.getClass().getSimpleName();
        if (m != null && !m.isBlank()) {
            String one = m.replaceAll("\\s+", " ").trim();
            if (one.length() > MAX_QUOTED) {
                one = one.substring(0, MAX_QUOTED) + "…";
            }
            text += ": " + one;
        }
        return secrets.redact(text);
    }

    /** What the user reads when a job died of a Throwable. */
    static String failureMessage(JobMessage job, Throwable t) {
        return failureMessage(job, t, Secrets.none());
    }

    static String failureMessage(JobMessage job, Throwable t, Secrets secrets) {
        String what = job.kind() == JobMessage.Kind.ETL ? "loading this variable" : "the task '" + job.plugin() + "'";
        if (t instanceof OutOfMemoryError) {
            return "MemoryError: The job needed more memory than this node can give it (" + what + " ran out of "
                    + "memory: " + t.getMessage() + "). Load or analyse fewer or smaller variables, or ask the "
                    + "operator for more memory.";
        }
        if (t instanceof StackOverflowError) {
            return "RecursionError: " + Character.toUpperCase(what.charAt(0)) + what.substring(1) + " ran out of "
                    + "stack (maximum recursion depth exceeded; see the node's log).";
        }
        if (t instanceof LinkageError) {
            return "RuntimeError: The plugin '" + job.plugin() + "' is broken or incompatible with this node ("
                    + t.getClass().getSimpleName() + "). Please tell the operator.";
        }
        return "RuntimeError: The job failed unexpectedly in " + what + " (" + describe(t, secrets) + ").";
    }

    private static String mib(long bytes) {
        return Long.toString((bytes + (1L << 20) - 1) >> 20);
    }

    private String tooLarge(String what, MemoryBudget.TooLargeException e) {
        return "MemoryError: " + what + " would need about " + mib(e.requested()) + " MiB of memory, more than "
                + "this node gives its jobs (" + mib(e.total()) + " MiB). Please select less data.";
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
        Secrets secrets = Secrets.of(credentials.get());
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
                logger.error("Connector '{}' failed to validate job {}", job.plugin(), job.id(), secrets.redact(e));
                fail(job.id(), "RuntimeError: Data extraction failed. Invalid descriptor for handler '"
                        + job.plugin() + "': " + describe(e, secrets));
                return;
            }
        } else {
            kind = DataKind.fromWireName(rec.get().dataType()).orElseThrow();
        }
        long values;
        try {
            values = c.get().estimateValues(descriptor);
        } catch (RuntimeException | LinkageError e) {
            values = -1; // an estimate is optional; the load itself reports real problems
        }
        try (MemoryBudget.Reservation reserved = memory.reserve(FrameSizes.beforeLoad(kind, values))) {
            loadAndStore(job, c.get(), payload, token, descriptor, kind, reserved, secrets.with(token));
        } catch (MemoryBudget.TooLargeException e) {
            fail(job.id(), tooLarge("This variable (" + values + " values)", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cancelled or timed out while waiting for memory
        }
    }

    private void loadAndStore(JobMessage job, Connector c, Map<String, Object> payload, String token,
            Map<String, Object> descriptor, DataKind kind, MemoryBudget.Reservation reserved, Secrets secrets) {
        Frame frame;
        long t = System.nanoTime();
        try {
            frame = c.load(new EtlRequest(job.id(), (String) payload.get("server"), token, descriptor));
        } catch (ConnectorException e) {
            String phase = e.phase() == ConnectorException.Phase.TRANSFORM ? "Data transformation failed. "
                    : "Data extraction failed. ";
            fail(job.id(), "RuntimeError: " + phase + e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            logger.error("Connector '{}' failed on job {}", job.plugin(), job.id(), secrets.redact(e));
            fail(job.id(), "RuntimeError: Data extraction failed. Unexpected error in connector '" + job.plugin()
                    + "': " + describe(e, secrets));
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        t = phase("connector", t);
        String problem = Integrity.check(frame, kind);
        if (problem != null) {
            fail(job.id(), "RuntimeError: Data transformation failed. " + problem);
            return;
        }
        long size = FrameSizes.of(frame);
        try {
            reserved.growTo(size + data.cachingHeap(size)); // the frame and the codec's buffers while it is stored
        } catch (MemoryBudget.TooLargeException e) {
            fail(job.id(), tooLarge("Caching this variable (" + frame.size() + " values)", e));
            return;
        }
        t = phase("checks", t);
        try {
            if (!data.storeLoaded(job.sessionId(), job.id(), frame)) {
                fail(job.id(), ENTRY_GONE);
                return;
            }
        } catch (DataTasks.SessionQuotaException e) {
            fail(job.id(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            logger.error("Storing data of job {} failed", job.id(), e);
            fail(job.id(), "RuntimeError: Data loading failed. " + e.getMessage());
            return;
        }
        phase("cache", t);
        long[] rows = STORED_ROWS.get();
        if (rows != null) {
            rows[0] = frame.size();
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
        MemoryBudget.Reservation reserved = null;
        long t = System.nanoTime();
        try {
            TaskArgs resolved = resolver.resolve(args instanceof Map ? (Map<String, Object>) args : Map.of(),
                    job.dataIds() == null ? List.of() : job.dataIds());
            t = phase("data", t);
            long input = inputBytes(resolved);
            try {
                reserved = memory.reserve((long) Math.min(Long.MAX_VALUE, input * analyticsMemoryFactor));
            } catch (MemoryBudget.TooLargeException e) {
                fail(job.id(), tooLarge("This analysis of " + mib(input) + " MiB of data", e));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            t = phase("memory", t);
            Map<String, Object> result = task.get().run(resolved);
            t = phase("task", t);
            if (result == null) {
                throw new AnalyticsException("TypeError", "The task returned no result object.");
            }
            json = ResultJson.write(result);
            phase("json", t);
        } catch (AnalyticsException e) {
            if (!Thread.currentThread().isInterrupted()) {
                fail(job.id(), e.clientMessage());
            }
            return;
        } catch (java.io.UncheckedIOException e) {
            logger.warn("Result of task '{}' (job {}) is not JSON: {}", job.plugin(), job.id(), e.getMessage());
            fail(job.id(), "TypeError: The result of task '" + job.plugin() + "' cannot be written as JSON.");
            return;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            logger.error("Task '{}' failed on job {}", job.plugin(), job.id(), e);
            fail(job.id(), "RuntimeError: The task '" + job.plugin() + "' failed unexpectedly: "
                    + describe(e, Secrets.none()));
            return;
        } finally {
            if (reserved != null) {
                reserved.close();
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        long resultBytes = utf8Length(json);
        if (resultBytes > resultMaxBytes) {
            fail(job.id(), "ValueError: The result of task '" + job.plugin() + "' would take " + mib(resultBytes)
                    + " MiB; this node keeps results of at most " + mib(resultMaxBytes) + " MiB. Please ask for a "
                    + "smaller result (fewer bins, variables or samples).");
            return;
        }
        jobs.putResult(job.id(), json);
        jobs.finish(job.id(), JobState.SUCCESS, null);
    }

    /** Heap of the frames an analysis got (the sizes of its resolved arguments). */
    private static long inputBytes(TaskArgs args) {
        long sum = 0;
        for (Object v : args.asMap().values()) {
            if (v instanceof Frame f) {
                sum += FrameSizes.of(f);
            } else if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Frame f) {
                        sum += FrameSizes.of(f);
                    }
                }
            }
        }
        return sum;
    }

    /** Bytes of a string in UTF-8, without encoding it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
