package org.fractalis.queue.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.backend.contract.JobQueueContract;
import org.fractalis.backend.contract.TcpProxy;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The queue contract against the machine's RabbitMQ (amqp://guest:guest@127.0.0.1:5672/, or
 * FRACTALIS_TEST_AMQP_URL), with fresh queue and exchange names per test, plus RabbitMQ-only behaviour:
 * dead-lettering, fail-fast outages and recovery (through a local TCP proxy; the shared broker is never stopped).
 */
class RabbitJobQueueTest extends JobQueueContract {

    static final String URL = System.getenv().getOrDefault("FRACTALIS_TEST_AMQP_URL",
            "amqp://guest:guest@127.0.0.1:5672/");

    private final String prefix = "fractalis-test-" + UUID.randomUUID();
    private final List<RabbitJobQueue> instances = new ArrayList<>();

    private RabbitJobQueue queue(String url, int timeoutMs) {
        RabbitJobQueue q = new RabbitJobQueue(new RabbitJobQueue.Options(url, 2, 3, timeoutMs, prefix));
        instances.add(q);
        return q;
    }

    @Override
    protected JobQueue createQueue() {
        // a generous confirm timeout: the contract is about behaviour, and on a loaded machine the first publish
        // to a new quorum queue (leader election, WAL fsync) can take seconds
        return queue(URL, 15_000);
    }

    @Override
    protected void closeQueue(JobQueue queue) {
        ((RabbitJobQueue) queue).close();
    }

    @Override
    protected void crash(JobQueue queue) {
        ((RabbitJobQueue) queue).crashForTest();
    }

    @Override
    protected void cleanUpBackend() throws Exception {
        Set<String> queues = new HashSet<>();
        for (RabbitJobQueue q : instances) {
            q.close();
            queues.addAll(q.declaredQueues());
        }
        queues.add(prefix + ".jobs.dead");
        try (Connection c = rawConnection()) {
            for (String name : queues) {
                Channel ch = c.createChannel();
                ch.queueDelete(name);
                ch.close();
            }
            Channel ch = c.createChannel();
            ch.exchangeDelete(prefix + ".jobs.dead");
            ch.exchangeDelete(prefix + ".cancel");
            ch.close();
        }
    }

    private static Connection rawConnection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        if ("/".equals(URI.create(URL).getRawPath())) {
            f.setVirtualHost("/");
        }
        return f.newConnection("fractalis-test-cleanup");
    }

    // ----- RabbitMQ only --------------------------------------------------------------------------------------

    @Test
    void aJobWhoseOutcomeCannotBeStoredIsRetriedThenGivenUp() throws Exception {
        RabbitJobQueue q = (RabbitJobQueue) newQueue();
        Recorder h = new Recorder();
        h.giveUpFailures.set(1); // the first attempt to record the failure fails too: it is retried
        JobMessage poison = analytics("poison");
        h.fail.add(poison.id());
        q.consume(h, Set.of("analytics:poison"));
        q.submit(poison);
        for (int i = 1; i <= 3; i++) {
            assertEquals(poison.id(), take(h.started, "delivery " + i));
        }
        assertNothing(h.started, "no fourth delivery (max.deliveries = 3)");
        String given = take(h.givenUp, "the dead-lettered job given up");
        assertTrue(given.startsWith(poison.id() + ": RuntimeError: The job was given up after 3 attempts: its "
                + "outcome could not be stored."), given);
        assertEquals(0, h.giveUpFailures.get());
        assertNothing(h.givenUp, "given up once");
        awaitEmpty(q.deadLetterName());
        // the queue goes on with other jobs
        JobMessage fine = analytics("poison");
        q.submit(fine);
        assertEquals(fine.id(), take(h.finished, "the next job"));
    }

    @Test
    void aJobThatKillsItsWorkersIsGivenUpByTheBrokersDeliveryLimit() throws Exception {
        RabbitJobQueue q = (RabbitJobQueue) newQueue();
        JobMessage deadly = analytics("deadly");
        q.submit(deadly);
        // three workers take the job in turn and die while running it (no ack, connection gone)
        for (int i = 1; i <= 3; i++) {
            RabbitJobQueue victim = (RabbitJobQueue) newQueue();
            Recorder v = new Recorder();
            v.block.put(deadly.id(), new CountDownLatch(1));
            victim.consume(v, Set.of("analytics:deadly"));
            assertEquals(deadly.id(), take(v.started, "delivery " + i));
            victim.crashForTest();
            v.releaseAll();
        }
        // a healthy worker without that plugin records the end of the job
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:other"));
        String given = take(h.givenUp, "the job given up");
        assertTrue(given.startsWith(deadly.id() + ": RuntimeError: The job was given up after 3 attempts: the "
                + "worker running it stopped or lost its connection every time."), given);
        assertNothing(h.received, "the job never reaches the healthy worker");
        awaitEmpty(q.deadLetterName());
    }

    @Test
    void unreadableMessagesAreDroppedNotRun() throws Exception {
        RabbitJobQueue q = (RabbitJobQueue) newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:x"));
        JobMessage ok = analytics("x");
        q.submit(ok); // declares the queue
        assertEquals(ok.id(), take(h.received, "a valid job").id());
        try (Connection c = rawConnection()) {
            Channel ch = c.createChannel();
            ch.basicPublish("", q.queueName("analytics:x"), null, "not json".getBytes(StandardCharsets.UTF_8));
        }
        awaitEmpty(q.queueName("analytics:x"));
        awaitEmpty(q.deadLetterName());
        assertNothing(h.received, "the handler never sees it");
        assertNothing(h.givenUp, "there is no job to record");
        JobMessage next = analytics("x");
        q.submit(next);
        assertEquals(next.id(), take(h.received, "the next job").id());
    }

    @Test
    void aJobInterruptedByStopConsumingGoesBackToTheQueue() throws Exception {
        JobQueue q = newQueue();
        Recorder h = new Recorder();
        q.consume(h, Set.of("analytics:back"));
        JobMessage job = analytics("back");
        h.block.put(job.id(), new CountDownLatch(1));
        q.submit(job);
        assertEquals(job.id(), take(h.started, "the job started"));
        q.stopConsuming(h);
        assertEquals(job.id(), take(h.interrupted, "interrupted by stopConsuming"));
        JobQueue other = newQueue();
        Recorder h2 = new Recorder();
        other.consume(h2, Set.of("analytics:back"));
        assertEquals(job, take(h2.received, "the job on another worker"));
    }

    @Test
    void submitFailsFastWhenTheBrokerIsUnreachable() throws Exception {
        RabbitJobQueue q = queue("amqp://guest:guest@127.0.0.1:" + TcpProxy.closedPort() + "/", 1000);
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> q.submit(analytics("any")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= 1500, "took " + ms + " ms");
            assertTrue(e.getMessage().startsWith("The job queue (RabbitMQ) is unreachable"), e.getMessage());
        }
        q.cancel("whatever"); // best effort, never throws
        q.consume(new Recorder(), Set.of("analytics:any")); // accepted; subscribes once the broker is there
    }

    @Test
    void consumersAndSubmitsComeBackAfterAnOutage() throws Exception {
        URI u = URI.create(URL);
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
            String viaProxy = "amqp://guest:guest@127.0.0.1:" + proxy.port() + "/";
            RabbitJobQueue worker = queue(viaProxy, 15_000);
            RabbitJobQueue web = queue(viaProxy, 1000);
            RabbitJobQueue direct = queue(URL, 15_000);
            Recorder h = new Recorder();
            worker.consume(h, Set.of("analytics:outage"));
            JobMessage before = analytics("outage");
            direct.submit(before);
            assertEquals(before.id(), take(h.finished, "a job before the outage"));

            proxy.stop();
            long t0 = System.nanoTime();
            assertThrows(BackendUnavailableException.class, () -> web.submit(analytics("outage")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= 1500, "submit during the outage took " + ms + " ms");
            JobMessage during = analytics("outage");
            direct.submit(during); // the broker itself is fine: the job waits for the worker

            proxy.start();
            // at least once: 'before' may come again if its ack was lost with the connection
            awaitFinished(h, during, before);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JobMessage after = analytics("outage");
            while (true) {
                try {
                    web.submit(after);
                    break;
                } catch (BackendUnavailableException e) {
                    assertTrue(System.nanoTime() < deadline, "submit did not recover: " + e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
            awaitFinished(h, after, before);
        }
    }

    /** Health checks: probe() passes while the broker is reachable, fails quickly during an outage, recovers. */
    @Test
    void probeSaysWhetherTheBrokerCanTakeJobs() throws Exception {
        RabbitJobQueue closed = queue("amqp://guest:guest@127.0.0.1:" + TcpProxy.closedPort() + "/", 1000);
        BackendUnavailableException never = assertThrows(BackendUnavailableException.class, closed::probe);
        assertTrue(never.getMessage().startsWith("The job queue (RabbitMQ) is unreachable"), never.getMessage());
        URI u = URI.create(URL);
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
            RabbitJobQueue q = queue("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/", 1000);
            q.probe(); // connects
            proxy.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) { // the client notices the closed socket within moments
                long t0 = System.nanoTime();
                try {
                    q.probe();
                } catch (BackendUnavailableException e) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(ms <= 1500, "probe during the outage took " + ms + " ms");
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "probe passed during the outage");
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            proxy.start();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    q.probe();
                    break;
                } catch (BackendUnavailableException e) {
                    assertTrue(System.nanoTime() < deadline, "probe did not recover: " + e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
        }
    }

    /** Waits until a queue holds no message, ready or unacknowledged (settling is asynchronous). */
    private void awaitEmpty(String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = rawConnection()) {
            Channel ch = c.createChannel();
            while (true) {
                // messageCount counts ready messages only; the consumers' unacked ones are checked by the callers
                // through the handler's records
                if (ch.queueDeclarePassive(queue).getMessageCount() == 0) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, queue + " still holds messages");
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private void awaitFinished(Recorder h, JobMessage expected, JobMessage mayRepeat) throws InterruptedException {
        while (true) {
            String id = take(h.finished, "job " + expected.id());
            if (id.equals(expected.id())) {
                return;
            }
            assertEquals(mayRepeat.id(), id, "an unexpected job");
        }
    }

    @Test
    void theQueueStartsWhileTheBrokerIsDownAndConnectsLater() throws Exception {
        URI u = URI.create(URL);
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
            proxy.stop();
            RabbitJobQueue worker = queue("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/", 15_000);
            Recorder h = new Recorder();
            worker.consume(h, Set.of("analytics:late"));
            JobMessage job = analytics("late");
            queue(URL, 15_000).submit(job);
            assertNothing(h.received, "nothing while the broker is unreachable");
            proxy.start();
            assertEquals(job.id(), take(h.finished, "the job once the worker connected"));
        }
    }

    @Test
    void capabilityAndQueueNames() {
        RabbitJobQueue q = queue(URL, 1000);
        assertEquals("analytics:compute-boxplot", RabbitJobQueue.capability(analytics("compute-boxplot")));
        assertEquals("etl:ada", RabbitJobQueue.capability(etl("ada")));
        assertEquals(prefix + ".jobs.etl:ada", q.queueName("etl:ada"));
        assertThrows(IllegalArgumentException.class, () -> q.queueName("analytics:" + "x".repeat(300)));
    }

    @Test
    void passwordsAreNotPrinted() {
        RabbitJobQueue.Settings s = new RabbitJobQueue.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RabbitJobQueue.Settings.class;
            }

            @Override
            public String amqp_url() {
                return "amqp://u:envsecret@env:5672/vh";
            }

            @Override
            public int worker_threads() {
                return 4;
            }

            @Override
            public int max_deliveries() {
                return 3;
            }

            @Override
            public int timeout_ms() {
                return 1000;
            }

            @Override
            public String name_prefix() {
                return "fractalis";
            }
        };
        RabbitJobQueue.Options o = RabbitJobQueue.Options.of(s);
        assertEquals("amqp://u:envsecret@env:5672/vh", o.url());
        assertFalse(o.toString().contains("envsecret"));
        assertEquals("amqp://***@env:5672/vh", RabbitJobQueue.redact(o.url()));
        assertEquals(4, o.workerThreads());
        assertEquals(3, o.maxDeliveries());
    }
}
