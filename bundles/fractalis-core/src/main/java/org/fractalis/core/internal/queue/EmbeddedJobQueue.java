package org.fractalis.core.internal.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.backend.WorkerPoolHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded queue: a bounded in-JVM queue drained by two fixed pools of worker threads, one for ETLs and one
 * for analytics, so slow loads never hold the threads analyses need. Within a pool no session runs more than its
 * share of the threads at once (default half the pool), and the next job comes from the session with the fewest
 * jobs running, then round robin between sessions, so one session's many slow jobs cannot delay another's.
 *
 * <p>Workers cannot die of a job: whatever the handler throws ({@link Error}s included) ends the job through
 * {@link JobHandler#giveUp}, and a thread that dies anyway is replaced at once (logged at ERROR and counted in
 * {@link #workerPool()}). Jobs wait while no handler is registered (no worker yet).
 */
@Component(service = JobQueue.class, property = StateStore.BACKEND + "=embedded",
        configurationPid = "org.fractalis.core.queue")
@Designate(ocd = EmbeddedJobQueue.Config.class)
public final class EmbeddedJobQueue implements JobQueue {

    @ObjectClassDefinition(name = "Fractalis embedded queue", description = "In-JVM job queue of a single node")
    public @interface Config {
        @AttributeDefinition(description = "Threads running ETLs (data loads) concurrently")
        int etl_threads() default 4;

        @AttributeDefinition(description = "Threads running analytics concurrently")
        int analytics_threads() default 4;

        @AttributeDefinition(description = "Most threads of one pool that one session's jobs may use at once "
                + "(0 = half of the pool, rounded up)")
        int session_max_running() default 0;

        @AttributeDefinition(description = "Jobs that may wait; beyond that submissions are refused (503)")
        int capacity() default 10000;

        @AttributeDefinition(description = "Deprecated: sets both etl.threads and analytics.threads when they are "
                + "not set")
        int worker_threads() default 0;
    }

    private final Logger logger = LoggerFactory.getLogger(EmbeddedJobQueue.class);
    private final Object lock = new Object();
    private final Pool etl;
    private final Pool analytics;
    private final int capacity;
    private final AtomicLong replaced = new AtomicLong();
    /** Guarded by lock. */
    private final Map<String, Thread> running = new HashMap<>();
    /** Guarded by lock. */
    private int pendingTotal;
    /** Guarded by lock. */
    private JobHandler handler;
    private volatile boolean stopped;
    /** Epoch ms when this queue was created: jobs submitted earlier cannot be in it (they were lost with the JVM). */
    private final long startedAt = System.currentTimeMillis();

    /** One bounded pool of threads for one kind of job, with its waiting jobs in submission order. */
    private final class Pool {
        final String name;
        final int size;
        final int perSession;
        final List<JobMessage> pending = new ArrayList<>();
        final Map<String, Integer> runningBySession = new HashMap<>();
        /** When each session with jobs here last started one (a sequence number), for round robin. */
        final Map<String, Long> lastStarted = new HashMap<>();
        final List<Thread> threads = new ArrayList<>();
        long starts;
        int numbered;

        Pool(String name, int size, int perSession) {
            this.name = name;
            this.size = size;
            this.perSession = perSession;
        }

        /** Starts a thread (holding lock or in the constructor). */
        void spawn() {
            // named "fractalis-worker-…" as before: tools count the queue's threads by that prefix
            Thread t = new Thread(() -> run(this), "fractalis-worker-" + name + "-" + (++numbered));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        /**
         * The next job fairly (holding lock): of the sessions below their share, the one with fewest jobs running,
         * then the one that started a job least recently (round robin), then the oldest job. Null when nothing may
         * run now.
         */
        JobMessage take() {
            int best = -1;
            int bestRunning = Integer.MAX_VALUE;
            long bestStarted = Long.MAX_VALUE;
            for (int i = 0; i < pending.size(); i++) {
                String session = pending.get(i).sessionId();
                int r = runningBySession.getOrDefault(session, 0);
                long started = lastStarted.getOrDefault(session, -1L);
                if (r < perSession && (r < bestRunning || r == bestRunning && started < bestStarted)) {
                    best = i;
                    bestRunning = r;
                    bestStarted = started;
                }
            }
            if (best < 0) {
                return null;
            }
            JobMessage job = pending.remove(best);
            lastStarted.put(job.sessionId(), ++starts);
            return job;
        }

        /** Forgets a session's turn once it has nothing waiting or running here (holding lock). */
        void ended(String session) {
            runningBySession.computeIfPresent(session, (k, n) -> n <= 1 ? null : n - 1);
            forgetIfIdle(session);
        }

        void forgetIfIdle(String session) {
            if (!runningBySession.containsKey(session)
                    && pending.stream().noneMatch(j -> session.equals(j.sessionId()))) {
                lastStarted.remove(session);
            }
        }
    }

    @Activate
    public EmbeddedJobQueue(Config config, Map<String, Object> properties) {
        this(threads(properties, "etl.threads", config.etl_threads(), config.worker_threads()),
                threads(properties, "analytics.threads", config.analytics_threads(), config.worker_threads()),
                config.session_max_running(), config.capacity());
    }

    /** A queue with the same number of threads for ETLs and for analytics (tests). */
    public EmbeddedJobQueue(int workerThreads, int capacity) {
        this(workerThreads, workerThreads, 0, capacity);
    }

    public EmbeddedJobQueue(int etlThreads, int analyticsThreads, int sessionMaxRunning, int capacity) {
        this.capacity = Math.max(1, capacity);
        this.etl = new Pool("etl", Math.max(1, etlThreads), share(Math.max(1, etlThreads), sessionMaxRunning));
        this.analytics = new Pool("analytics", Math.max(1, analyticsThreads),
                share(Math.max(1, analyticsThreads), sessionMaxRunning));
        synchronized (lock) {
            for (Pool p : List.of(etl, analytics)) {
                for (int i = 0; i < p.size; i++) {
                    p.spawn();
                }
            }
        }
        logger.info("Embedded job queue: {} ETL and {} analytics threads, at most {} and {} per session, {} jobs "
                + "may wait", etl.size, analytics.size, etl.perSession, analytics.perSession, this.capacity);
    }

    /** A pool's thread count: its own key, else the deprecated worker.threads, else the default. */
    private static int threads(Map<String, Object> properties, String key, int value, int legacy) {
        return properties.get(key) == null && legacy > 0 ? legacy : value;
    }

    private static int share(int size, int configured) {
        return configured > 0 ? Math.min(configured, size) : Math.max(1, (size + 1) / 2);
    }

    @Deactivate
    public void close() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
            for (Pool p : List.of(etl, analytics)) {
                p.threads.forEach(Thread::interrupt);
            }
        }
    }

    @Override
    public void submit(JobMessage job) {
        synchronized (lock) {
            if (stopped || pendingTotal >= capacity) {
                throw new BackendUnavailableException("The job queue is full. Try again later.");
            }
            pool(job).pending.add(job);
            pendingTotal++;
            lock.notifyAll();
        }
    }

    private Pool pool(JobMessage job) {
        return job.kind() == JobMessage.Kind.ETL ? etl : analytics;
    }

    @Override
    public void cancel(String jobId) {
        synchronized (lock) {
            for (Pool p : List.of(etl, analytics)) {
                for (Iterator<JobMessage> it = p.pending.iterator(); it.hasNext();) {
                    JobMessage j = it.next();
                    if (j.id().equals(jobId)) {
                        it.remove();
                        pendingTotal--;
                        p.forgetIfIdle(j.sessionId());
                    }
                }
            }
            Thread t = running.get(jobId);
            if (t != null) {
                t.interrupt();
            }
        }
    }

    @Override
    public void consume(JobHandler h, Set<String> plugins) {
        synchronized (lock) {
            handler = h;
            lock.notifyAll();
        }
    }

    @Override
    public void stopConsuming(JobHandler h) {
        synchronized (lock) {
            if (handler == h) {
                handler = null;
            }
            running.values().forEach(Thread::interrupt);
        }
    }

    /** Epoch ms when this queue was created (restart recovery of the durable embedded store). */
    public long startedAt() {
        return startedAt;
    }

    /** Jobs waiting to run. */
    public int pendingCount() {
        synchronized (lock) {
            return pendingTotal;
        }
    }

    @Override
    public Optional<WorkerPoolHealth> workerPool() {
        int alive = 0;
        synchronized (lock) {
            for (Pool p : List.of(etl, analytics)) {
                for (Thread t : p.threads) {
                    if (t.isAlive()) {
                        alive++;
                    }
                }
            }
        }
        return Optional.of(new WorkerPoolHealth(etl.size + analytics.size, alive, replaced.get()));
    }

    /** The worker threads now (tests). */
    List<Thread> workerThreads() {
        synchronized (lock) {
            List<Thread> all = new ArrayList<>(etl.threads);
            all.addAll(analytics.threads);
            return all;
        }
    }

    /** A worker thread's life: the loop, and a replacement if it ends while the queue runs. */
    private void run(Pool p) {
        Throwable cause = null;
        try {
            loop(p);
        } catch (Throwable t) { // NOPMD: whatever killed the loop, the pool must not shrink
            cause = t;
        } finally {
            if (!stopped) {
                replace(p, Thread.currentThread(), cause);
            }
        }
    }

    private void replace(Pool p, Thread dead, Throwable cause) {
        synchronized (lock) {
            p.threads.remove(dead);
            if (stopped) {
                return;
            }
            p.spawn();
        }
        replaced.incrementAndGet();
        try {
            logger.error("Worker thread {} died ({}); a new thread replaces it", dead.getName(),
                    cause == null ? "unknown cause" : cause.getClass().getName(), cause);
        } catch (Throwable t) { // NOPMD: a dying thread; the replacement runs already
            // nothing more to do
        }
    }

    /** Waits (holding lock) until the pool may run a job and a handler exists; null when stopping. */
    private JobMessage awaitJob(Pool p) {
        while (!stopped) {
            if (handler != null) {
                JobMessage job = p.take();
                if (job != null) {
                    return job;
                }
            }
            try {
                lock.wait();
            } catch (InterruptedException e) {
                // close() wakes idle workers this way; a cancel cannot reach an idle worker (it is not running)
            }
        }
        return null;
    }

    private void loop(Pool p) {
        while (true) {
            JobMessage job;
            JobHandler h;
            synchronized (lock) {
                job = awaitJob(p);
                if (job == null) {
                    return;
                }
                h = handler;
                pendingTotal--;
                p.runningBySession.merge(job.sessionId(), 1, Integer::sum);
                running.put(job.id(), Thread.currentThread());
                Thread.interrupted(); // only a cancel aimed at this job may interrupt it
            }
            try {
                h.handle(job);
            } catch (InterruptedException e) {
                logger.debug("Job {} interrupted", job.id());
            } catch (Throwable e) { // NOPMD: the guard of last resort; JobExecutor already catches plugin errors
                logger.error("Job {} could not be handled", job.id(), e);
                // nothing here delivers it again: end it now rather than leave it SUBMITTED for ever
                try {
                    h.giveUp(job, giveUpReason(e));
                } catch (Throwable again) { // NOPMD
                    logger.error("Job {} could not be marked as failed either: {}", job.id(), again.toString());
                }
            } finally {
                synchronized (lock) {
                    running.remove(job.id());
                    p.ended(job.sessionId());
                    Thread.interrupted(); // a cancel aimed at this job must not hit the next one
                    lock.notifyAll(); // the session may run its next job now
                }
            }
        }
    }

    static String giveUpReason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "MemoryError: The job needed more memory than this node can give it (" + e.getMessage() + ").";
        }
        if (e instanceof RuntimeException) {
            return "RuntimeError: The job's outcome could not be stored: " + e.getMessage();
        }
        return "RuntimeError: The job could not be run (" + e.getClass().getSimpleName() + "; see the node's log).";
    }
}
