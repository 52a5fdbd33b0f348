package org.fractalis.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
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
import org.fractalis.core.internal.job.JobExecutor;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.session.Sessions;
import org.fractalis.core.internal.state.SavedStates;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of a node, wired to the configured store and queue (DS targets {@code store.target} and
 * {@code queue.target}, default the embedded ones). The logic lives in plain classes that tests build with
 * {@code new}; this component only assembles them.
 */
@Component(service = { DataService.class, AnalyticsService.class, StateService.class, SessionService.class,
        JobService.class }, configurationPid = Settings.PID, immediate = true)
@Designate(ocd = CoreServices.Config.class)
public final class CoreServices implements DataService, AnalyticsService, StateService, SessionService, JobService {

    @ObjectClassDefinition(name = "Fractalis core", description = "Lifetimes, limits and cache encryption. "
            + "Every key can be overridden by the environment variable FRACTALIS_<KEY> (dots as underscores).")
    public @interface Config {
        @AttributeDefinition(description = "Seconds a loaded variable is kept (default 6 days)")
        long data_lifetime() default 518400;

        @AttributeDefinition(description = "Seconds a session is kept after its last change (default 6 days)")
        long session_lifetime() default 518400;

        @AttributeDefinition(description = "Seconds an analytics result is kept after the task ended")
        long result_lifetime() default 3600;

        @AttributeDefinition(description = "Seconds a job may run before it is stopped and fails")
        long task_time_limit() default 1200;

        @AttributeDefinition(description = "Encrypt cached data (AES-GCM, key derived from 'secret')")
        boolean encrypt_cache() default false;

        @AttributeDefinition(description = "Secret for cache encryption; set it through FRACTALIS_SECRET",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String secret() default "";

        @AttributeDefinition(description = "Most descriptors accepted in one POST /data")
        int max_descriptors() default 1000;

        @AttributeDefinition(description = "LDAP filter selecting the StateStore")
        String store_target() default "(fractalis.backend=embedded)";

        @AttributeDefinition(description = "LDAP filter selecting the JobQueue")
        String queue_target() default "(fractalis.backend=embedded)";
    }

    private final Logger logger = LoggerFactory.getLogger(CoreServices.class);
    private final Sessions sessions;
    private final Jobs jobs;
    private final DataTasks data;
    private final AnalyticTasks analytics;
    private final SavedStates states;
    private final JobExecutor executor;

    @Activate
    public CoreServices(@Reference(name = "store") StateStore store, @Reference(name = "queue") JobQueue queue,
            @Reference ConnectorRegistry connectors, @Reference AnalyticsRegistry tasks,
            @Reference ClusterDirectory cluster, Map<String, Object> config) {
        this(store, queue, connectors, tasks, cluster, Settings.from(config, System::getenv));
    }

    public CoreServices(StateStore store, JobQueue queue, ConnectorRegistry connectors, AnalyticsRegistry tasks,
            ClusterDirectory cluster, Settings s) {
        FrameCodec codec;
        if (s.encryptCache()) {
            if (s.secret().isEmpty()) {
                throw new IllegalStateException("encrypt.cache is on but no secret is configured (FRACTALIS_SECRET)");
            }
            codec = new FrameCodec(s.secret());
        } else {
            codec = new FrameCodec();
        }
        this.sessions = new Sessions(store, s.sessionLifetime());
        this.jobs = new Jobs(store, queue, s.dataLifetime(), s.resultLifetime(), System::currentTimeMillis);
        this.data = new DataTasks(store, queue, sessions, jobs, connectors, cluster, codec, s.dataLifetime(),
                s.maxDescriptors(), System::currentTimeMillis);
        this.analytics = new AnalyticTasks(queue, sessions, jobs, tasks, cluster, System::currentTimeMillis);
        this.states = new SavedStates(store, sessions, data, jobs, s.dataLifetime());
        this.executor = new JobExecutor(jobs, data, new ArgumentResolver(data, jobs), connectors, tasks,
                s.taskTimeLimit());
        logger.info("Fractalis core started: {}", s);
    }

    @Deactivate
    public void deactivate() {
        executor.close();
    }

    // --- sessions
    @Override
    public String resolve(String cookieValue) {
        return sessions.resolve(cookieValue);
    }

    @Override
    public List<SessionInfo> sessions() {
        return sessions.list();
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
    public void execute(JobMessage job) throws InterruptedException {
        executor.execute(job);
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
