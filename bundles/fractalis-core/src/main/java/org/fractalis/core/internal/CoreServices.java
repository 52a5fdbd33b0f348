package org.fractalis.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.config.ConfigurationIssue;
import org.fractalis.api.config.ConfigurationIssues;
import org.fractalis.api.metrics.GaugeSource;
import org.fractalis.api.metrics.Metrics;
import org.fractalis.api.backend.WorkerPoolHealth;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.AnalyticsService;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.DataMeta;
import org.fractalis.api.service.DataService;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.SavedStateView;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.api.service.SessionService;
import org.fractalis.api.service.StateService;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.analytics.AnalyticTasks;
import org.fractalis.core.internal.analytics.ArgumentResolver;
import org.fractalis.core.internal.config.Settings;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.data.FrameCodec;
import org.fractalis.core.internal.data.LoginGate;
import org.fractalis.core.internal.job.JobExecutor;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.job.LostJobs;
import org.fractalis.core.internal.job.MemoryBudget;
import org.fractalis.core.internal.job.SessionQuotas;
import org.fractalis.core.internal.queue.EmbeddedJobQueue;
import org.fractalis.core.internal.session.SessionPurge;
import org.fractalis.core.internal.session.Sessions;
import org.fractalis.core.internal.store.DurableStateStore;
import org.fractalis.core.internal.state.SavedStates;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of a node, wired to the configured store and queue (DS targets {@code store.target} and
 * {@code queue.target}, default the embedded ones). The logic lives in plain classes that tests build with
 * {@code new}; this component only assembles them.
 */
@Component(service = { DataService.class, AnalyticsService.class, StateService.class, SessionService.class,
        JobService.class, GaugeSource.class }, configurationPid = Settings.PID, immediate = true)
@Designate(ocd = CoreServices.Config.class)
public final class CoreServices implements DataService, AnalyticsService, StateService, SessionService, JobService,
        GaugeSource {

    @ObjectClassDefinition(name = "Fractalis core", description = "Lifetimes, limits and cache encryption. "
            + "Every key can be overridden by the environment variable FRACTALIS_<KEY> (dots as underscores); a "
            + "value outside its type, range or options is refused (WARN, fractalis:config-check) and the last "
            + "valid one stays. Changes apply live.")
    public @interface Config {
        @AttributeDefinition(description = "Seconds a loaded variable is kept (default 6 days; 60 to 10 years)",
                min = "60", max = "315360000")
        long data_lifetime() default 518400;

        @AttributeDefinition(description = "Seconds a session is kept after its last change (default 6 days; 60 to "
                + "10 years)", min = "60", max = "315360000")
        long session_lifetime() default 518400;

        @AttributeDefinition(description = "Seconds an analytics result is kept after the task ended (1 to 10 "
                + "years)", min = "1", max = "315360000")
        long result_lifetime() default 3600;

        @AttributeDefinition(description = "Seconds a job may run before it is stopped and fails (1 to 7 days)",
                min = "1", max = "604800")
        long task_time_limit() default 1200;

        @AttributeDefinition(description = "Encrypt cached data (AES-GCM, key derived from 'secret')")
        boolean encrypt_cache() default false;

        @AttributeDefinition(description = "Secret for cache encryption; set it through FRACTALIS_SECRET (never "
                + "written to etc/)", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
                required = false)
        String secret() default "";

        @AttributeDefinition(description = "Most descriptors accepted in one POST /data (1 to 100000)", min = "1",
                max = "100000")
        int max_descriptors() default 1000;

        @AttributeDefinition(description = "MiB of heap the jobs running at once may use together; a job that "
                + "cannot fit fails, others wait (0 = half of the maximum heap)", min = "0")
        long job_memory_megabytes() default 0;

        @AttributeDefinition(description = "An analysis is assumed to need this many times the heap of its input "
                + "data (1 to 1000)", min = "1", max = "1000")
        double analytics_memory_factor() default 4;

        @AttributeDefinition(description = "Largest analytics result (JSON, MiB) that is stored; larger ones fail "
                + "(1 to 4096)", min = "1", max = "4096")
        long result_max_megabytes() default 32;

        @AttributeDefinition(description = "MiB of cached data one session may keep (429 / FAILURE beyond; at least "
                + "1)", min = "1")
        long session_max_megabytes() default 512;

        @AttributeDefinition(description = "KiB of a cached frame per stored value: frames are stored in chunks of "
                + "at most this size, in the embedded store and in Redis (default 8 MiB; 4 to 65536, i.e. 64 MiB)",
                min = "4", max = "65536")
        int cache_chunk_kilobytes() default 8192;

        @AttributeDefinition(description = "Loads and analyses one session may have queued or running (429 "
                + "beyond; 1 to 100000)", min = "1", max = "100000")
        int session_max_jobs() default 200;

        @AttributeDefinition(description = "Seconds a data source's login may take during POST /data (503 beyond; "
                + "1 to 600)", min = "1", max = "600")
        long login_timeout() default 10;

        @AttributeDefinition(description = "Logins to data sources that may run at once (503 beyond; 1 to 1000)",
                min = "1", max = "1000")
        int login_concurrency() default 8;

        @AttributeDefinition(description = "The StateStore: embedded (this JVM, durable file) or redis (feature "
                + "fractalis-store-redis)", options = { @Option(value = Settings.EMBEDDED),
                    @Option(value = "(fractalis.backend=redis)") })
        String store_target() default Settings.EMBEDDED;

        @AttributeDefinition(description = "The JobQueue: embedded (this JVM) or rabbitmq (feature "
                + "fractalis-queue-rabbitmq)", options = { @Option(value = Settings.EMBEDDED),
                    @Option(value = "(fractalis.backend=rabbitmq)") })
        String queue_target() default Settings.EMBEDDED;
    }

    private final Logger logger = LoggerFactory.getLogger(CoreServices.class);
    private final StateStore store;
    private final JobQueue queue;
    private final ConnectorRegistry connectors;
    private final AnalyticsRegistry tasks;
    private final ClusterDirectory cluster;
    // rebuilt together from the settings by assemble(); volatile, so a changed lifetime or limit applies live
    private volatile Settings settings;
    private volatile Sessions sessions;
    private volatile Jobs jobs;
    private volatile DataTasks data;
    private volatile AnalyticTasks analytics;
    private volatile SavedStates states;
    private volatile JobExecutor executor;
    private volatile LoginGate logins;
    private volatile SessionPurge purge;
    /** Where a combination of values this component refuses is reported (fractalis:config-check, health). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationIssues issues;
    /** Job events go here when the metrics bundle is installed (fractalis-metrics); optional, may come and go. */
    private volatile Metrics metrics;
    /** Jobs running on this node now: ETL, analytics (kept across executor replacements). */
    private final AtomicInteger runningEtl = new AtomicInteger();
    private final AtomicInteger runningAnalytics = new AtomicInteger();

    @Activate
    public CoreServices(@Reference(name = "store") StateStore store, @Reference(name = "queue") JobQueue queue,
            @Reference ConnectorRegistry connectors, @Reference AnalyticsRegistry tasks,
            @Reference ClusterDirectory cluster, Config config) {
        this(store, queue, connectors, tasks, cluster, Settings.from(config));
    }

    public CoreServices(StateStore store, JobQueue queue, ConnectorRegistry connectors, AnalyticsRegistry tasks,
            ClusterDirectory cluster, Settings s) {
        this.store = store;
        this.queue = queue;
        this.connectors = connectors;
        this.tasks = tasks;
        this.cluster = cluster;
        assemble(s);
        if (store instanceof DurableStateStore && queue instanceof EmbeddedJobQueue q) {
            // a single node's own store outlives its in-JVM queue: end the jobs a restart took away
            int lost = LostJobs.fail(jobs, q.startedAt(), data::forgetCredentials);
            if (lost > 0) {
                logger.warn("{} job(s) were waiting or running when the node stopped: marked as failed", lost);
            }
        }
        logger.info("Fractalis core started: {} (frame cache LZ4: {})", s, FrameCodec.lz4Implementation());
    }

    /** Builds the parts from the settings (they keep their state in the store, so they can be replaced). */
    private void assemble(Settings s) {
        FrameCodec codec;
        if (s.encryptCache()) {
            if (s.secret().isEmpty()) {
                throw new IllegalStateException("encrypt.cache is on but no secret is configured (FRACTALIS_SECRET)");
            }
            codec = new FrameCodec(s.secret());
        } else {
            codec = new FrameCodec();
        }
        Sessions sessions = new Sessions(store, s.sessionLifetime());
        Jobs jobs = new Jobs(store, queue, s.dataLifetime(), s.resultLifetime(), System::currentTimeMillis);
        SessionQuotas quotas = new SessionQuotas(sessions, jobs, s.sessionMaxJobs());
        LoginGate logins = new LoginGate(s.loginTimeout(), s.loginConcurrency());
        DataTasks data = new DataTasks(store, queue, sessions, jobs, connectors, cluster, codec, s.cacheChunkBytes(),
                s.dataLifetime(), s.maxDescriptors(), System::currentTimeMillis, logins, quotas, s.sessionMaxBytes());
        this.purge = new SessionPurge(sessions, data, jobs);
        this.analytics = new AnalyticTasks(queue, sessions, jobs, tasks, cluster, System::currentTimeMillis, quotas);
        this.states = new SavedStates(store, sessions, data, jobs, s.dataLifetime());
        this.executor = new JobExecutor(jobs, data, new ArgumentResolver(data, jobs), connectors, tasks,
                s.taskTimeLimit(), new MemoryBudget(s.jobMemoryBytes()), s.analyticsMemoryFactor(),
                s.resultMaxBytes());
        this.executor.observe(() -> metrics);
        this.sessions = sessions;
        this.jobs = jobs;
        this.logins = logins;
        this.data = data;
        this.settings = s;
    }

    /**
     * A changed lifetime or limit applies to the next request and job, without taking the services down (the REST
     * API and the worker keep their references). Jobs already running finish under the limits they started with:
     * the replaced executor and login pool are closed once those jobs' time limit has passed. A combination that
     * cannot work (encrypt.cache without a secret) is refused and the previous settings stay.
     */
    @Modified
    void modified(Config config) {
        Settings before = settings;
        JobExecutor oldExecutor = executor;
        LoginGate oldLogins = logins;
        Settings next = Settings.from(config);
        if (next.equals(before)) {
            return; // e.g. only store.target or queue.target changed: DS rebinds the references
        }
        try {
            assemble(next);
        } catch (RuntimeException e) {
            logger.warn("Configuration {} refused: {}; keeping {}", Settings.PID, e.getMessage(), before);
            report(List.of(new ConfigurationIssue(Settings.PID, "encrypt.cache", "true",
                    "etc/" + Settings.PID + ".cfg / environment", e.getMessage() + ": allowed only with a secret",
                    "the previous settings (" + before + ")")));
            return;
        }
        report(List.of());
        Executor later = CompletableFuture.delayedExecutor(before.taskTimeLimit().toSeconds() + 60, TimeUnit.SECONDS);
        later.execute(oldExecutor::close);
        later.execute(oldLogins::close);
        logger.info("Fractalis core settings changed: {}", next);
    }

    private void report(List<ConfigurationIssue> refused) {
        ConfigurationIssues to = issues;
        if (to != null) {
            to.report(CoreServices.class.getName(), Settings.PID, refused);
        }
    }

    @Deactivate
    public void deactivate() {
        executor.close();
        logins.close();
    }

    // --- sessions
    @Override
    public String resolve(String cookieValue) {
        return sessions.resolve(cookieValue);
    }

    @Override
    public List<SessionInfo> sessions() {
        return sessions.list(data::label);
    }

    @Override
    public Optional<SessionInfo> session(String sessionId) {
        return purge.info(sessionId);
    }

    @Override
    public Optional<SessionInfo> purge(String sessionId) {
        return purge.purge(sessionId);
    }

    // --- data
    @Override
    public List<String> load(String sessionId, LoadRequest request) {
        return data.load(sessionId, request, false);
    }

    @Override
    public List<DataStateView> list(String sessionId) {
        return data.list(sessionId);
    }

    @Override
    public DataMeta meta(String sessionId, String taskId) {
        return data.meta(sessionId, taskId);
    }

    @Override
    public void delete(String sessionId, String taskId) {
        data.delete(sessionId, taskId);
    }

    @Override
    public void deleteAll(String sessionId) {
        data.deleteAll(sessionId);
    }

    @Override
    public void awaitSession(String sessionId, Duration timeout) throws InterruptedException {
        jobs.awaitFinal(sessions.get(sessionId).data(), timeout);
    }

    // --- analytics
    @Override
    public String submit(String sessionId, String taskName, Map<String, Object> args) {
        return analytics.submit(sessionId, taskName, args);
    }

    @Override
    public TaskStatus status(String sessionId, String taskId) {
        return analytics.status(sessionId, taskId);
    }

    @Override
    public TaskStatus awaitTask(String sessionId, String taskId, Duration timeout) throws InterruptedException {
        return analytics.await(sessionId, taskId, timeout);
    }

    @Override
    public void cancel(String sessionId, String taskId) {
        analytics.cancel(sessionId, taskId);
    }

    // --- saved states
    @Override
    public String save(String sessionId, Map<String, Object> state, String handler, String server) {
        return states.save(sessionId, state, handler, server);
    }

    @Override
    public void restore(String sessionId, String stateId, Map<String, Object> auth) {
        states.restore(sessionId, stateId, auth);
    }

    @Override
    public SavedStateView get(String sessionId, String stateId) {
        return states.get(sessionId, stateId);
    }

    @Override
    public SavedStateView awaitState(String sessionId, String stateId, Duration timeout) throws InterruptedException {
        return states.await(sessionId, stateId, timeout);
    }

    // --- jobs
    @Override
    public List<JobInfo> jobs() {
        return jobs.list();
    }

    @Override
    public Optional<JobInfo> get(String jobId) {
        return jobs.get(jobId);
    }

    @Override
    public boolean cancel(String jobId) {
        return jobs.cancel(jobId);
    }

    @Override
    public Optional<WorkerPoolHealth> workerPool() {
        return queue.workerPool();
    }

    @Override
    public void execute(JobMessage job) throws InterruptedException {
        AtomicInteger running = job.kind() == JobMessage.Kind.ETL ? runningEtl : runningAnalytics;
        running.incrementAndGet();
        try {
            executor.execute(job);
        } finally {
            running.decrementAndGet();
        }
    }

    /** Tests: analyses read their frames from the store again, as on another node or after a restart. */
    void forgetDecodedFrames() {
        data.forgetDecoded();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMetrics(Metrics m) {
        this.metrics = m;
    }

    void unsetMetrics(Metrics m) {
        if (this.metrics == m) {
            this.metrics = null;
        }
    }

    // --- levels for GET /metrics (asked at every scrape: only what is cheap to know on this node)
    @Override
    public void sample(Sink sink) {
        String help = "Jobs running on this node now";
        sink.gauge("fractalis_jobs_running", help, runningEtl.get(), "kind", "etl");
        sink.gauge("fractalis_jobs_running", help, runningAnalytics.get(), "kind", "analytics");
        if (queue instanceof EmbeddedJobQueue q) {
            // RabbitMQ's queue depths are the broker's to report (its own Prometheus plugin)
            sink.gauge("fractalis_jobs_waiting", "Jobs waiting in this node's embedded queue", q.pendingCount());
        }
        if (store instanceof DurableStateStore d) {
            // Redis reports its own size (INFO keyspace / redis_exporter); a SCAN per scrape would be too dear
            sink.gauge("fractalis_store_entries", "Entries in the embedded store (expired ones until swept)",
                    d.entryCount());
            sink.gauge("fractalis_store_bytes", "Accounted bytes of the embedded store's entries", d.usedBytes());
            sink.gauge("fractalis_sessions", "Sessions in the embedded store", d.keys(Sessions.KEY_PREFIX).size());
        }
    }

    @Override
    public boolean abandon(JobMessage job, String reason) {
        boolean ended = jobs.finish(job.id(), JobState.FAILURE, reason);
        if (job.kind() == JobMessage.Kind.ETL) {
            data.forgetCredentials(job.id());
        }
        return ended;
    }
}
