package org.fractalis.core.internal.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded queue: a bounded in-JVM queue drained by a fixed pool of worker threads that hand each job
 * to the registered {@link JobHandler}. Jobs wait while no handler is registered (no worker yet).
 */
@Component(service = JobQueue.class, property = StateStore.BACKEND + "=embedded",
        configurationPid = "org.fractalis.core.queue")
@Designate(ocd = EmbeddedJobQueue.Config.class)
public final class EmbeddedJobQueue implements JobQueue {

    @ObjectClassDefinition(name = "Fractalis embedded queue", description = "In-JVM job queue of a single node")
    public @interface Config {
        @AttributeDefinition(description = "Worker threads running jobs concurrently")
        int worker_threads() default 4;

        @AttributeDefinition(description = "Jobs that may wait; beyond that submissions are refused (503)")
        int capacity() default 10000;
    }

    private final Logger logger = LoggerFactory.getLogger(EmbeddedJobQueue.class);
    private final LinkedBlockingDeque<JobMessage> pending = new LinkedBlockingDeque<>();
    /** Waiting jobs, including one a worker holds until a handler exists: the capacity bound. */
    private final Semaphore slots;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Thread> running = new HashMap<>();
    private final Object handlerLock = new Object();
    private JobHandler handler;
    private volatile boolean stopped;

    @Activate
    public EmbeddedJobQueue(Config config) {
        this(config.worker_threads(), config.capacity());
    }

    public EmbeddedJobQueue(int workerThreads, int capacity) {
        slots = new Semaphore(Math.max(1, capacity));
        for (int i = 0; i < Math.max(1, workerThreads); i++) {
            Thread t = new Thread(this::loop, "fractalis-worker-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Deactivate
    public void close() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    @Override
    public void submit(JobMessage job) {
        if (stopped || !slots.tryAcquire()) {
            throw new BackendUnavailableException("The job queue is full. Try again later.");
        }
        pending.add(job);
    }

    @Override
    public void cancel(String jobId) {
        if (pending.removeIf(j -> j.id().equals(jobId))) {
            slots.release();
        }
        synchronized (running) {
            Thread t = running.get(jobId);
            if (t != null) {
                t.interrupt();
            }
        }
    }

    @Override
    public void consume(JobHandler h, Set<String> plugins) {
        synchronized (handlerLock) {
            handler = h;
            handlerLock.notifyAll();
        }
    }

    @Override
    public void stopConsuming(JobHandler h) {
        synchronized (handlerLock) {
            if (handler == h) {
                handler = null;
            }
        }
        synchronized (running) {
            running.values().forEach(Thread::interrupt);
        }
    }

    /** Jobs waiting to run. */
    public int pendingCount() {
        return pending.size();
    }

    private JobHandler awaitHandler() throws InterruptedException {
        synchronized (handlerLock) {
            while (handler == null) {
                handlerLock.wait();
            }
            return handler;
        }
    }

    private void loop() {
        while (!stopped) {
            JobMessage job;
            try {
                awaitHandler(); // jobs stay in the queue (cancellable there) while nobody consumes
                job = pending.take();
            } catch (InterruptedException e) {
                continue;
            }
            // the handler current when the job is dispatched; if it went away meanwhile the job waits here for the
            // next one (it keeps its place in the capacity; a cancel still works: the handler skips REVOKED jobs)
            JobHandler h = null;
            while (h == null && !stopped) {
                try {
                    h = awaitHandler();
                } catch (InterruptedException e) {
                    // only close() interrupts an idle worker; keep the job unless stopping
                }
            }
            if (h == null) {
                return;
            }
            slots.release();
            synchronized (running) {
                running.put(job.id(), Thread.currentThread());
            }
            try {
                h.handle(job);
            } catch (InterruptedException e) {
                logger.debug("Job {} interrupted", job.id());
            } catch (RuntimeException e) {
                logger.error("Job {} could not be handled", job.id(), e);
                // nothing here delivers it again: end it now rather than leave it SUBMITTED for ever
                try {
                    h.giveUp(job, "RuntimeError: The job's outcome could not be stored: " + e.getMessage());
                } catch (RuntimeException again) {
                    logger.error("Job {} could not be marked as failed either: {}", job.id(), again.toString());
                }
            } finally {
                synchronized (running) {
                    running.remove(job.id());
                    Thread.interrupted(); // a cancel aimed at this job must not hit the next one
                }
            }
        }
    }
}
