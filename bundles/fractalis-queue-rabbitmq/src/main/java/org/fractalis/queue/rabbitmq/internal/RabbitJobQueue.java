package org.fractalis.queue.rabbitmq.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.metrics.Metrics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * The job queue on RabbitMQ.
 *
 * <ul>
 * <li><b>Routing by capability</b>: one durable quorum queue per capability, {@code <prefix>.jobs.etl:<handler>}
 * or {@code <prefix>.jobs.analytics:<task>}. A worker consumes exactly the queues of the plugins it has, so a
 * job for a plugin no worker has waits in its queue until one appears.</li>
 * <li><b>Submit</b> declares the queue (once per name), publishes the job as persistent JSON and returns only
 * when the broker confirmed it (publisher confirms), within the timeout, else {@link BackendUnavailableException}.
 * </li>
 * <li><b>Consume</b>: prefetch = worker threads, handlers run on this queue's own pool, manual ack after the
 * handler returned (the outcome is stored then). A handler that throws (outcome not stored) gets the job
 * again, up to {@code max.deliveries} deliveries, then the job is dead-lettered to {@code <prefix>.jobs.dead};
 * the queue's {@code x-delivery-limit} also catches workers that die on a job again and again.</li>
 * <li><b>Cancel</b>: broadcast on the fanout exchange {@code <prefix>.cancel}; every instance listens on an
 * exclusive auto-delete queue and interrupts the job if it runs it (never the next job on that thread).</li>
 * <li><b>Outages</b>: the client recovers connection, channels, queues and consumers by itself; meanwhile submit
 * fails at once. The component activates even while the broker is down and connects in the background.</li>
 * </ul>
 */
@Component(service = JobQueue.class, property = StateStore.BACKEND + "=rabbitmq",
        configurationPid = "org.fractalis.queue.rabbitmq")
@Designate(ocd = RabbitJobQueue.Settings.class)
public final class RabbitJobQueue implements JobQueue {

    @ObjectClassDefinition(name = "Fractalis RabbitMQ queue", description = "Job queue of a distributed deployment. "
            + "Every key can be overridden by FRACTALIS_<KEY> (dots as underscores), e.g. FRACTALIS_AMQP_URL; a value "
            + "outside its range is refused and the last valid one stays.")
    public @interface Settings {
        @AttributeDefinition(description = "AMQP URI amqp://user:password@host:port/vhost (amqps:// for TLS); "
                + "FRACTALIS_AMQP_URL (a password in it is never logged)")
        String amqp_url() default "amqp://guest:guest@127.0.0.1:5672/";

        @AttributeDefinition(description = "Jobs this node runs at the same time (= prefetch per capability queue; "
                + "1 to 256)", min = "1", max = "256")
        int worker_threads() default 4;

        @AttributeDefinition(description = "Deliveries of a job whose outcome cannot be stored before it is "
                + "dead-lettered (1 to 100)", min = "1", max = "100")
        int max_deliveries() default 3;

        @AttributeDefinition(description = "Milliseconds for connecting and for the broker's confirmation of a "
                + "submitted job (1 to 60000)", min = "1", max = "60000")
        int timeout_ms() default 1000;

        @AttributeDefinition(description = "Prefix of queue and exchange names (several deployments on one broker)")
        String name_prefix() default "fractalis";
    }

    /**
     * The settings in use.
     *
     * @param url the AMQP URI
     * @param workerThreads handler threads = prefetch
     * @param maxDeliveries deliveries before dead-lettering
     * @param timeoutMs connect and confirm timeout
     * @param namePrefix prefix of queue and exchange names
     */
    public record Options(String url, int workerThreads, int maxDeliveries, int timeoutMs, String namePrefix) {

        public Options {
            workerThreads = Math.max(1, workerThreads);
            maxDeliveries = Math.max(1, maxDeliveries);
            timeoutMs = timeoutMs > 0 ? timeoutMs : 1000;
            namePrefix = namePrefix == null || namePrefix.isBlank() ? "fractalis" : namePrefix.trim();
        }

        /** The configuration (FRACTALIS_&lt;KEY&gt; and ranges were applied by the plugin of fractalis-config). */
        public static Options of(Settings s) {
            return new Options(s.amqp_url().trim(), s.worker_threads(), s.max_deliveries(), s.timeout_ms(),
                    s.name_prefix());
        }

        @Override
        public String toString() { // never print the password
            return "Options[url=" + redact(url) + ", workerThreads=" + workerThreads + ", maxDeliveries="
                    + maxDeliveries + ", timeoutMs=" + timeoutMs + ", namePrefix=" + namePrefix + "]";
        }
    }

    private enum Outcome { ACK, REQUEUE, FAIL }

    private static final int MAX_QUEUE_NAME_BYTES = 255;
    private static final int REMEMBERED_IDS = 10_000;

    private final Logger logger = LoggerFactory.getLogger(RabbitJobQueue.class);
    private final Options options;
    private final ConnectionFactory factory;
    private final String jobsPrefix;
    private final String deadName;
    private final String cancelExchange;
    private final ExecutorService workers;
    private final ScheduledExecutorService maintenance;

    private final Object connectLock = new Object();
    private volatile Connection connection;
    private volatile boolean stopped;
    private volatile String blockedReason;

    private final Object publishLock = new Object();
    private Channel publishChannel;
    private final ConcurrentNavigableMap<Long, Pending> confirms = new ConcurrentSkipListMap<>();
    private final Map<String, Pending> byPublishId = new ConcurrentHashMap<>();

    private final Object declareLock = new Object();
    private Channel declareChannel;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    private final Object broadcastLock = new Object();
    private Channel broadcastChannel;
    private Channel cancelChannel;

    private final Map<JobHandler, Subscription> subscriptions = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, Thread> running = new HashMap<>();
    private final Map<String, Subscription> runningSubscription = new HashMap<>();
    private final Set<String> cancelled = boundedSet();
    private final Map<String, Integer> localFailures = boundedMap();

    @Activate
    public RabbitJobQueue(Settings settings) {
        this(Options.of(settings));
    }

    /** For tests and tools: a queue on explicit options. */
    public RabbitJobQueue(Options options) {
        this.options = options;
        this.jobsPrefix = options.namePrefix() + ".jobs.";
        this.deadName = options.namePrefix() + ".jobs.dead";
        this.cancelExchange = options.namePrefix() + ".cancel";
        this.factory = new ConnectionFactory();
        try {
            factory.setUri(options.url());
            if ("/".equals(URI.create(options.url()).getRawPath())) {
                // by the AMQP URI spec a bare "/" names the vhost "" (which does not exist); everybody means "/"
                factory.setVirtualHost("/");
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid AMQP URI " + redact(options.url()) + ": " + e.getMessage());
        }
        factory.setConnectionTimeout(options.timeoutMs());
        factory.setHandshakeTimeout(Math.max(2000, 2 * options.timeoutMs()));
        factory.setChannelRpcTimeout(Math.max(5000, 5 * options.timeoutMs()));
        factory.setRequestedHeartbeat(10);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000L);
        factory.setShutdownTimeout(2000);
        this.workers = Executors.newFixedThreadPool(options.workerThreads(), threads("fractalis-amqp-worker-"));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(threads("fractalis-amqp-maintenance-"));
        logger.info("RabbitMQ job queue on {} ({} worker threads, {} deliveries at most)", redact(options.url()),
                options.workerThreads(), options.maxDeliveries());
        maintenance.scheduleWithFixedDelay(this::maintain, 0, 2, TimeUnit.SECONDS);
    }

    @Deactivate
    public void close() {
        stopped = true;
        maintenance.shutdownNow();
        try {
            // a connect in progress must not declare anything after close returned
            maintenance.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Subscription> subs;
        synchronized (subscriptions) {
            subs = new ArrayList<>(subscriptions.values());
            subscriptions.clear();
        }
        subs.forEach(this::stop);
        workers.shutdownNow();
        failPending(new BackendUnavailableException("The job queue is shutting down."));
        Connection c = connection;
        if (c != null) {
            try {
                c.close(2000);
            } catch (IOException | RuntimeException e) {
                c.abort(1000);
            }
        }
    }

    // ----- submit -------------------------------------------------------------------------------------------

    @Override
    public void submit(JobMessage job) {
        String queue = queueName(capability(job));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
        byte[] body = JobCodec.write(job);
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection c = openConnection();
            String blocked = blockedReason;
            if (blocked != null) {
                throw new BackendUnavailableException("The job queue (RabbitMQ) accepts no jobs now: " + blocked);
            }
            declareJobQueue(c, queue);
            Pending p = publish(c, queue, job, body);
            awaitConfirm(p, deadline);
            if (!p.returned) {
                return;
            }
            // the queue disappeared after it was declared (deleted by an operator): declare it again
            declared.remove(queue);
        }
        throw new BackendUnavailableException("The job queue (RabbitMQ) could not route the job to " + queue + ".");
    }

    private Pending publish(Connection c, String queue, JobMessage job, byte[] body) {
        Pending p = new Pending(UUID.randomUUID().toString());
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .messageId(job.id())
                .correlationId(p.publishId)
                .type(job.kind().name())
                .timestamp(new java.util.Date(job.submittedAt()))
                .build();
        synchronized (publishLock) {
            try {
                Channel ch = publishChannel(c);
                long seq = ch.getNextPublishSeqNo();
                confirms.put(seq, p);
                byPublishId.put(p.publishId, p);
                p.seq = seq;
                ch.basicPublish("", queue, true, props, body);
            } catch (IOException | ShutdownSignalException e) {
                forget(p);
                throw unreachable(e);
            }
        }
        return p;
    }

    private void awaitConfirm(Pending p, long deadline) {
        try {
            p.confirmed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while waiting for the job queue (RabbitMQ).", e);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("The job queue (RabbitMQ) did not confirm the job within "
                    + options.timeoutMs() + " ms.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BackendUnavailableException b ? b
                    : new BackendUnavailableException("The job queue (RabbitMQ) refused the job.", e.getCause());
        } finally {
            forget(p);
        }
    }

    private void forget(Pending p) {
        byPublishId.remove(p.publishId);
        if (p.seq >= 0) {
            confirms.remove(p.seq, p);
        }
    }

    private Channel publishChannel(Connection c) throws IOException {
        if (publishChannel != null && publishChannel.isOpen()) {
            return publishChannel;
        }
        Channel ch = c.createChannel();
        ch.confirmSelect();
        ch.addConfirmListener((seq, multiple) -> confirm(seq, multiple, null),
                (seq, multiple) -> confirm(seq, multiple,
                        new BackendUnavailableException("The job queue (RabbitMQ) refused the job (nack).")));
        ch.addReturnListener(r -> {
            Pending p = r.getProperties() == null ? null : byPublishId.get(r.getProperties().getCorrelationId());
            if (p != null) {
                p.returned = true;
            }
        });
        // sequence numbers restart on a new or recovered channel: what was outstanding is lost
        ch.addShutdownListener(cause -> failPending(unreachable(cause)));
        publishChannel = ch;
        return ch;
    }

    private void confirm(long seq, boolean multiple, BackendUnavailableException nack) {
        Map<Long, Pending> done = multiple ? confirms.headMap(seq, true) : single(seq);
        for (Long k : new ArrayList<>(done.keySet())) {
            Pending p = confirms.remove(k);
            if (p != null) {
                if (nack == null) {
                    p.confirmed.complete(null);
                } else {
                    p.confirmed.completeExceptionally(nack);
                }
            }
        }
    }

    private Map<Long, Pending> single(long seq) {
        Pending p = confirms.get(seq);
        return p == null ? Map.of() : Map.of(seq, p);
    }

    private void failPending(BackendUnavailableException e) {
        for (Long k : new ArrayList<>(confirms.keySet())) {
            Pending p = confirms.remove(k);
            if (p != null) {
                p.confirmed.completeExceptionally(e);
            }
        }
    }

    // ----- cancel -------------------------------------------------------------------------------------------

    @Override
    public void cancel(String jobId) {
        interruptLocal(jobId);
        Connection c;
        try {
            c = openConnection();
        } catch (BackendUnavailableException e) {
            logger.warn("Cancellation of job {} not broadcast: {}", jobId, e.getMessage());
            return;
        }
        synchronized (broadcastLock) {
            try {
                if (broadcastChannel == null || !broadcastChannel.isOpen()) {
                    broadcastChannel = c.createChannel();
                }
                broadcastChannel.basicPublish(cancelExchange, "", null, jobId.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | ShutdownSignalException e) {
                logger.warn("Cancellation of job {} not broadcast: {}", jobId, e.getMessage());
            }
        }
    }

    /** Interrupts the job if it runs here; the interrupt never reaches the next job of that thread. */
    private void interruptLocal(String jobId) {
        cancelled.add(jobId);
        synchronized (running) {
            Thread t = running.get(jobId);
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /** Health checks: the connection is open (connecting if there is none yet) and the broker accepts publishing. */
    @Override
    public void probe() {
        openConnection();
        String blocked = blockedReason;
        if (blocked != null) {
            throw new BackendUnavailableException("The job queue (RabbitMQ) blocks publishing: " + blocked);
        }
    }

    // ----- consume ------------------------------------------------------------------------------------------

    @Override
    public void consume(JobHandler handler, Set<String> plugins) {
        if (stopped) {
            return;
        }
        Subscription sub;
        synchronized (subscriptions) {
            sub = subscriptions.computeIfAbsent(handler, Subscription::new);
        }
        synchronized (sub) {
            sub.desired = new TreeSet<>(plugins);
        }
        Connection c = connection;
        if (c == null) {
            maintainSoon(); // connect soon; subscribes when connected
        } else if (c.isOpen()) {
            ensureCancelListener(c);
            reconcile(sub, c);
        }
    }

    @Override
    public void stopConsuming(JobHandler handler) {
        Subscription sub = subscriptions.remove(handler);
        if (sub != null) {
            stop(sub);
        }
    }

    private void stop(Subscription sub) {
        synchronized (sub) {
            sub.closed = true;
            sub.desired = Set.of();
        }
        synchronized (running) {
            runningSubscription.forEach((jobId, s) -> {
                if (s == sub) {
                    running.get(jobId).interrupt();
                }
            });
        }
        synchronized (sub) {
            Channel ch = sub.channel;
            sub.channel = null;
            sub.consumers.clear();
            sub.deadTag = null;
            if (ch != null) {
                // unacknowledged deliveries (prefetched or interrupted) go back to their queues
                closeQuietly(ch);
            }
        }
    }

    /** Brings the subscription's consumers in line with its capabilities. */
    private void reconcile(Subscription sub, Connection c) {
        synchronized (sub) {
            if (sub.closed || stopped || !c.isOpen()) {
                return;
            }
            try {
                if (sub.channel == null || !sub.channel.isOpen()) {
                    Channel ch = c.createChannel();
                    ch.basicQos(options.workerThreads());
                    ch.addShutdownListener(cause -> sub.epoch.incrementAndGet());
                    sub.channel = ch;
                    sub.consumers.clear();
                    sub.deadTag = null;
                }
                for (String cap : new ArrayList<>(sub.consumers.keySet())) {
                    if (!sub.desired.contains(cap)) {
                        String tag = sub.consumers.remove(cap);
                        sub.channel.basicCancel(tag);
                        logger.debug("Stopped consuming {}", queueName(cap));
                    }
                }
                for (String cap : sub.desired) {
                    if (!sub.consumers.containsKey(cap)) {
                        String queue;
                        try {
                            queue = queueName(cap);
                        } catch (IllegalArgumentException e) {
                            logger.warn("Not consuming {}: {}", cap, e.getMessage());
                            continue;
                        }
                        declareJobQueue(c, queue);
                        String tag = "fractalis-" + UUID.randomUUID();
                        sub.channel.basicConsume(queue, false, tag, new JobConsumer(sub, cap));
                        sub.consumers.put(cap, tag);
                        logger.debug("Consuming {}", queue);
                    }
                }
                if (sub.deadTag == null) {
                    // every worker records the end of given-up jobs, whatever plugins it has
                    String tag = "fractalis-dead-" + UUID.randomUUID();
                    sub.channel.basicConsume(deadName, false, tag, new DeadLetterConsumer(sub));
                    sub.deadTag = tag;
                }
            } catch (IOException | ShutdownSignalException | BackendUnavailableException e) {
                if (!stopped && !sub.closed) {
                    logger.warn("Could not subscribe to the job queues yet (retrying): {}", message(e));
                }
            }
        }
    }

    /** Hands every delivery to the worker pool: jobs never run on the connection's own thread. */
    private abstract class PooledConsumer extends DefaultConsumer {
        final Subscription sub;

        PooledConsumer(Subscription sub) {
            super(sub.channel);
            this.sub = sub;
        }

        abstract void process(Channel ch, long epoch, Envelope envelope, AMQP.BasicProperties properties,
                byte[] body);

        @Override
        public final void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                byte[] body) {
            long epoch = sub.epoch.get();
            Channel ch = getChannel();
            try {
                workers.execute(() -> process(ch, epoch, envelope, properties, body));
            } catch (RejectedExecutionException e) {
                // shutting down: the delivery returns to its queue when the channel closes
            }
        }
    }

    private final class JobConsumer extends PooledConsumer {
        private final String capability;

        JobConsumer(Subscription sub, String capability) {
            super(sub);
            this.capability = capability;
        }

        @Override
        void process(Channel ch, long epoch, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            run(sub, ch, epoch, capability, envelope, properties, body);
        }

        @Override
        public void handleCancel(String consumerTag) {
            // the broker cancelled us (queue deleted): subscribe again on the next maintenance round
            synchronized (sub) {
                sub.consumers.values().remove(consumerTag);
            }
            declared.remove(queueName(capability));
            logger.warn("The broker cancelled consumption of {}; subscribing again", queueName(capability));
        }
    }

    /** Receives dead-lettered jobs and has the handler mark them FAILURE. */
    private final class DeadLetterConsumer extends PooledConsumer {

        DeadLetterConsumer(Subscription sub) {
            super(sub);
        }

        @Override
        void process(Channel ch, long epoch, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            giveUp(sub, ch, epoch, envelope, properties, body);
        }

        @Override
        public void handleCancel(String consumerTag) {
            synchronized (sub) {
                if (consumerTag.equals(sub.deadTag)) {
                    sub.deadTag = null; // subscribe again on the next maintenance round
                }
            }
        }
    }

    private void giveUp(Subscription sub, Channel ch, long epoch, Envelope envelope, AMQP.BasicProperties properties,
            byte[] body) {
        long tag = envelope.getDeliveryTag();
        if (sub.closed || sub.epoch.get() != epoch) {
            return;
        }
        JobMessage job;
        try {
            job = JobCodec.read(body);
        } catch (IOException e) {
            // nobody can run or record it: keeping it would only make every worker read it again and again
            logger.error("Dropped an unreadable dead-lettered message {} ({} bytes): {}", properties.getMessageId(),
                    body.length, e.getMessage());
            settle(sub, ch, epoch, tag, Outcome.ACK, null);
            return;
        }
        String reason = "RuntimeError: The job was given up after " + options.maxDeliveries() + " attempts: "
                + ("delivery_limit".equals(deathReason(properties))
                        ? "the worker running it stopped or lost its connection every time."
                        : "its outcome could not be stored.")
                + " Please try again later.";
        try {
            sub.handler.giveUp(job, reason);
            settle(sub, ch, epoch, tag, Outcome.ACK, null);
        } catch (RuntimeException e) {
            // the store is probably down too: try again in a while rather than in a tight loop
            logger.warn("Could not record that job {} was given up (retrying): {}", job.id(), e.toString());
            try {
                maintenance.schedule(() -> settle(sub, ch, epoch, tag, Outcome.REQUEUE, null), 2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                // closing: the channel closes and the broker keeps the message
            }
        }
    }

    /** Why the broker dead-lettered a message: {@code rejected}, {@code delivery_limit}, … (null if unknown). */
    private static String deathReason(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object reason = headers == null ? null : headers.get("x-first-death-reason");
        return reason == null ? null : reason.toString();
    }

    private void run(Subscription sub, Channel ch, long epoch, String capability, Envelope envelope,
            AMQP.BasicProperties properties, byte[] body) {
        long tag = envelope.getDeliveryTag();
        if (sub.closed || sub.epoch.get() != epoch) {
            return; // the channel closed since: the broker has put the delivery back already
        }
        if (!sub.wants(capability)) {
            settle(sub, ch, epoch, tag, Outcome.REQUEUE, null); // the plugin left this node: let another take it
            return;
        }
        JobMessage job;
        try {
            job = JobCodec.read(body);
        } catch (IOException e) {
            logger.error("Unreadable message {} on {} dead-lettered to {}: {}", properties.getMessageId(),
                    queueName(capability), deadName, e.getMessage());
            settle(sub, ch, epoch, tag, Outcome.FAIL, null);
            return;
        }
        Outcome outcome;
        synchronized (running) {
            running.put(job.id(), Thread.currentThread());
            runningSubscription.put(job.id(), sub);
        }
        try {
            sub.handler.handle(job);
            outcome = Outcome.ACK;
        } catch (InterruptedException e) {
            // cancelled: the canceller stored REVOKED; stopped: the job goes back for another worker
            outcome = cancelled.contains(job.id()) ? Outcome.ACK : Outcome.REQUEUE;
            logger.debug("Job {} interrupted ({})", job.id(), outcome == Outcome.ACK ? "cancelled" : "stopped");
        } catch (Throwable e) { // NOPMD: OutOfMemoryError too; the pool thread survives and the job is retried/failed
            outcome = Outcome.FAIL;
            logger.warn("Job {} ({}) could not be handled: {}", job.id(), capability, e.toString(), e);
        } finally {
            synchronized (running) {
                running.remove(job.id());
                runningSubscription.remove(job.id());
                Thread.interrupted(); // a cancel aimed at this job must not hit the next one
            }
        }
        if (outcome == Outcome.FAIL) {
            int deliveries = deliveries(job.id(), properties);
            if (deliveries >= options.maxDeliveries()) {
                logger.error("Job {} ({}) failed on {} deliveries; dead-lettered to {}", job.id(), capability,
                        deliveries, deadName);
            } else {
                // usually the store is briefly unreachable: back off (1 s, 2 s, …) so that a short outage does not
                // use up every delivery within milliseconds
                logger.warn("Job {} ({}) failed on delivery {} of {}; it will be delivered again in {} s", job.id(),
                        capability, deliveries, options.maxDeliveries(), deliveries);
                String id = job.id();
                try {
                    maintenance.schedule(() -> settle(sub, ch, epoch, tag, Outcome.REQUEUE, id), deliveries,
                            TimeUnit.SECONDS);
                    return;
                } catch (RejectedExecutionException stopping) {
                    outcome = Outcome.REQUEUE;
                }
            }
        }
        settle(sub, ch, epoch, tag, outcome, job.id());
    }

    /** Deliveries of a failing job so far: the quorum queue's count, or this node's own count as a fallback. */
    private int deliveries(String jobId, AMQP.BasicProperties properties) {
        int fromBroker = 1;
        Map<String, Object> headers = properties.getHeaders();
        Object count = headers == null ? null : headers.get("x-delivery-count");
        if (count instanceof Number n) {
            fromBroker = n.intValue() + 1;
        }
        int local;
        synchronized (localFailures) {
            local = localFailures.merge(jobId, 1, Integer::sum);
        }
        return Math.max(fromBroker, local);
    }

    private void settle(Subscription sub, Channel ch, long epoch, long tag, Outcome outcome, String jobId) {
        if (sub.epoch.get() != epoch) {
            return; // the delivery tag belongs to a channel that is gone; the broker redelivers the job
        }
        try {
            synchronized (sub) {
                switch (outcome) {
                    case ACK -> ch.basicAck(tag, false);
                    case REQUEUE -> ch.basicNack(tag, false, true);
                    case FAIL -> ch.basicNack(tag, false, false);
                }
            }
            if (outcome == Outcome.ACK && jobId != null) {
                synchronized (localFailures) {
                    localFailures.remove(jobId);
                }
            }
        } catch (IOException | ShutdownSignalException e) {
            logger.debug("Could not settle delivery {} ({}): {}", tag, outcome, e.getMessage());
        }
    }

    // ----- connection and topology ------------------------------------------------------------------------

    /** Connects if there is no connection yet, subscribes what is wanted, and heals what broke. */
    private void maintain() {
        try {
            maintainOnce();
        } catch (RuntimeException e) { // never let the periodic task die
            logger.warn("RabbitMQ maintenance failed (retrying): {}", e.toString(), e);
        }
    }

    private void maintainOnce() {
        if (stopped) {
            return;
        }
        Connection c = connection;
        if (c == null) {
            try {
                c = connect();
            } catch (BackendUnavailableException e) {
                logger.debug("RabbitMQ not reachable yet: {}", e.getMessage());
                return;
            }
        }
        if (!c.isOpen()) {
            return; // recovering
        }
        ensureCancelListener(c); // before the consumers: a job that runs here can always be cancelled
        List<Subscription> subs;
        synchronized (subscriptions) {
            subs = new ArrayList<>(subscriptions.values());
        }
        for (Subscription s : subs) {
            reconcile(s, c);
        }
    }

    private void maintainSoon() {
        try {
            maintenance.execute(this::maintain);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private Connection openConnection() {
        if (stopped) {
            throw new BackendUnavailableException("The job queue is shutting down.");
        }
        Connection c = connection;
        if (c == null) {
            c = connect();
        }
        if (!c.isOpen()) {
            throw new BackendUnavailableException("The job queue (RabbitMQ) is unreachable: reconnecting.");
        }
        return c;
    }

    private Connection connect() {
        synchronized (connectLock) {
            if (connection != null) {
                return connection;
            }
            Connection c;
            try {
                c = factory.newConnection("fractalis-" + hostName());
            } catch (IOException | TimeoutException e) {
                event("error");
                throw unreachable(e);
            }
            if (stopped) {
                c.abort(1000);
                throw new BackendUnavailableException("The job queue is shutting down.");
            }
            try {
                synchronized (declareLock) { // on the long-lived channel, so topology recovery can redeclare them
                    Channel ch = declareChannel(c);
                    ch.exchangeDeclare(deadName, BuiltinExchangeType.FANOUT, true);
                    ch.queueDeclare(deadName, true, false, false, null);
                    ch.queueBind(deadName, deadName, "");
                    ch.exchangeDeclare(cancelExchange, BuiltinExchangeType.FANOUT, true);
                }
            } catch (IOException | RuntimeException e) {
                c.abort(1000);
                throw unreachable(e);
            }
            if (c instanceof Recoverable r) {
                r.addRecoveryListener(new RecoveryListener() {
                    @Override
                    public void handleRecovery(Recoverable recoverable) {
                        event("reconnect");
                        logger.info("Connection to RabbitMQ recovered");
                        maintainSoon();
                    }

                    @Override
                    public void handleRecoveryStarted(Recoverable recoverable) {
                        event("error");
                        logger.warn("Connection to RabbitMQ lost; recovering");
                    }
                });
            }
            c.addBlockedListener(reason -> {
                blockedReason = reason;
                logger.warn("RabbitMQ blocks publishing: {}", reason);
            }, () -> {
                blockedReason = null;
                logger.info("RabbitMQ accepts publishing again");
            });
            if (stopped) {
                c.abort(1000);
                throw new BackendUnavailableException("The job queue is shutting down.");
            }
            connection = c;
            logger.info("Connected to RabbitMQ at {}", redact(options.url()));
            maintainSoon();
            return c;
        }
    }

    private void ensureCancelListener(Connection c) {
        synchronized (broadcastLock) {
            if (cancelChannel != null && cancelChannel.isOpen()) {
                return;
            }
            try {
                Channel ch = c.createChannel();
                String q = ch.queueDeclare("", false, true, true, null).getQueue();
                ch.queueBind(q, cancelExchange, "");
                ch.basicConsume(q, true, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties p,
                            byte[] body) {
                        interruptLocal(new String(body, StandardCharsets.UTF_8));
                    }
                });
                cancelChannel = ch;
            } catch (IOException | ShutdownSignalException e) {
                if (!stopped) {
                    logger.warn("Could not listen for cancellations yet (retrying): {}", message(e));
                }
            }
        }
    }

    /** Declares a job queue once per name (durable quorum queue, delivery limit, dead-letter exchange). */
    private void declareJobQueue(Connection c, String queue) {
        if (declared.contains(queue)) {
            return;
        }
        synchronized (declareLock) {
            if (declared.contains(queue)) {
                return;
            }
            Map<String, Object> args = new HashMap<>();
            args.put("x-queue-type", "quorum");
            args.put("x-delivery-limit", options.maxDeliveries() - 1);
            args.put("x-dead-letter-exchange", deadName);
            try {
                declareChannel(c).queueDeclare(queue, true, false, false, args);
            } catch (IOException | ShutdownSignalException e) {
                if (!isPreconditionFailed(e)) {
                    throw unreachable(e);
                }
                // declared elsewhere with other arguments (e.g. another max.deliveries): use it as it is
                logger.warn("Queue {} exists with other arguments than this node's; using it as it is", queue);
                try {
                    declareChannel(c).queueDeclarePassive(queue);
                } catch (IOException | ShutdownSignalException e2) {
                    throw unreachable(e2);
                }
            }
            declared.add(queue);
        }
    }

    private Channel declareChannel(Connection c) throws IOException {
        if (declareChannel == null || !declareChannel.isOpen()) {
            declareChannel = c.createChannel();
        }
        return declareChannel;
    }

    private static boolean isPreconditionFailed(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyCode() == AMQP.PRECONDITION_FAILED;
            }
            t = t.getCause();
        }
        return false;
    }

    // ----- names --------------------------------------------------------------------------------------------

    /** The capability a job needs: {@code etl:<handler>} or {@code analytics:<task>}. */
    static String capability(JobMessage job) {
        return (job.kind() == JobMessage.Kind.ETL ? "etl:" : "analytics:") + job.plugin();
    }

    /** The queue of a capability. */
    String queueName(String capability) {
        String name = jobsPrefix + capability;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_QUEUE_NAME_BYTES) {
            throw new IllegalArgumentException("Plugin name too long for a queue name: " + capability);
        }
        return name;
    }

    /** Queue names this instance declared (for tests and housekeeping). */
    Set<String> declaredQueues() {
        return Set.copyOf(declared);
    }

    /** The dead-letter queue (and exchange) name. */
    String deadLetterName() {
        return deadName;
    }

    /** The cancellation exchange name. */
    String cancelExchangeName() {
        return cancelExchange;
    }

    /** For tests: drops the connection as a crashing node would (no acks, no recovery). */
    void crashForTest() {
        Connection c = connection;
        if (c != null) {
            c.abort(1000);
        }
        stopped = true;
        maintenance.shutdownNow();
    }

    // ----- helpers ------------------------------------------------------------------------------------------

    private static final class Pending {
        final String publishId;
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        volatile long seq = -1;
        volatile boolean returned;

        Pending(String publishId) {
            this.publishId = publishId;
        }
    }

    private static final class Subscription {
        final JobHandler handler;
        final Map<String, String> consumers = new HashMap<>();
        /** Consumer tag on the dead-letter queue, null until subscribed on the current channel. */
        String deadTag;
        final AtomicLong epoch = new AtomicLong();
        Set<String> desired = Set.of();
        Channel channel;
        volatile boolean closed;

        Subscription(JobHandler handler) {
            this.handler = handler;
        }

        synchronized boolean wants(String capability) {
            return !closed && desired.contains(capability);
        }
    }

    /** Errors and reconnects for GET /metrics, when the metrics bundle is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Metrics metrics;

    private void event(String what) {
        Metrics m = metrics;
        if (m != null) {
            m.backendEvent("rabbitmq", what);
        }
    }

    private BackendUnavailableException unreachable(Throwable e) {
        return new BackendUnavailableException("The job queue (RabbitMQ) is unreachable: " + message(e), e);
    }

    private static String message(Throwable e) {
        if (e instanceof IOException && e.getCause() instanceof ShutdownSignalException s) {
            e = s;
        }
        String m = e.getMessage();
        if (e instanceof ShutdownSignalException s && s.getReason() != null) {
            m = s.getReason().protocolMethodName() + " " + s.getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(Channel ch) {
        try {
            ch.abort();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node";
        }
    }

    /** The URI without user information (the password is never logged). */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            if (u.getUserInfo() == null) {
                return url;
            }
            return u.getScheme() + "://***@" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(unparsable address)";
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static Set<String> boundedSet() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_IDS;
            }
        }));
    }

    private static Map<String, Integer> boundedMap() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > REMEMBERED_IDS;
            }
        };
    }
}
