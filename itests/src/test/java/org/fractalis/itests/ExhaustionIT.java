package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.api.backend.WorkerPoolHealth;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.service.JobService;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 10, findings 1–3 over HTTP on one node with a 1 GiB heap (the job memory budget is then 512 MiB): huge
 * loads, slow sources and logins, and the per-session quotas. After each attack another session loads a variable
 * and analyses it, and the time it took is printed (the issue's "latency of another session during each attack").
 * The slow source is a connector this test registers as an OSGi service: its loads and logins block until the test
 * releases them, so no test waits for a clock.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExhaustionIT extends FractalisTestSupport {
    private static final String SLOW = "itest_slow";
    private static final Duration QUICK = Duration.ofSeconds(10);

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<CountDownLatch> latches = Collections.synchronizedList(new ArrayList<>());

    @Configuration
    public Option[] config() {
        return baseConfig(
                vmOption("-Xmx1g"),
                // small enough that a 1,000,000-value load (about 92 MiB estimated) can never fit
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "job.memory.megabytes", "64"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "session.max.jobs", "6"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "session.max.megabytes", "1"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "login.timeout", "2"),
                editConfigurationFilePut("etc/org.fractalis.core.cfg", "login.concurrency", "1"));
    }

    @After
    public void release() {
        latches.forEach(CountDownLatch::countDown);
        registrations.forEach(ServiceRegistration::unregister);
    }

    /** A source whose loads (and logins, without a token) block until released. */
    public static final class SlowSource implements Connector {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger loading = new AtomicInteger();

        @Override
        public String login(String server, Map<String, Object> auth) {
            awaitRelease();
            return "token";
        }

        @Override
        public DataKind kind(Map<String, Object> d) {
            return DataKind.NUMERICAL;
        }

        @Override
        public String label(Map<String, Object> d) {
            return String.valueOf(d.get("field"));
        }

        @Override
        public Frame load(EtlRequest r) {
            loading.incrementAndGet();
            awaitRelease();
            return Frame.builder(DataKind.NUMERICAL).add("p1", "v", 1).add("p2", "v", 2).build();
        }

        /** Like a blocking HTTP client: an interrupt does not end the wait, only the release does. */
        private void awaitRelease() {
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SlowSource slowSource(String handler) {
        SlowSource s = new SlowSource();
        latches.add(s.release);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Connector.HANDLER, handler);
        registrations.add(bundleContext.registerService(Connector.class, s, props));
        return s;
    }

    private static List<Map<String, Object>> numbers(String label, double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(row("p" + i, label, values[i]));
        }
        return List.of(rows("numerical", label, rows));
    }

    /** Another session loads a variable and analyses it; returns how long that took (fails beyond QUICK). */
    private long anotherSessionLoadsAndAnalyses(String during) {
        long start = System.nanoTime();
        Browser other = browser();
        List<String> ids = load(other, numbers("numerical", 1, 2, 3, 4));
        assertEquals("SUCCESS", dataState(other, ids.get(0)).get("etl_state").asText());
        Browser.Reply r = analyse(other, "sum_df_test_task", Map.of("a", ref(ids.get(0))));
        assertEquals(r.toString(), "SUCCESS", r.json().get("state").asText());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ExhaustionIT: another session's load + analysis " + during + ": " + millis + " ms");
        assertTrue("load + analysis " + during + " took " + millis + " ms", millis < QUICK.toMillis());
        return millis;
    }

    private WorkerPoolHealth workerPool() {
        ServiceReference<JobService> ref = bundleContext.getServiceReference(JobService.class);
        try {
            return bundleContext.getService(ref).workerPool().orElseThrow();
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static Browser.Reply postData(Browser b, String handler, Map<String, Object> auth,
            List<Map<String, Object>> descriptors) {
        return b.post("/data", Map.of("handler", handler, "server", "http://source", "auth", auth, "descriptors",
                descriptors));
    }

    private static List<JsonNode> states(Browser b) {
        List<JsonNode> out = new ArrayList<>();
        b.get("/data").json().get("data_states").forEach(out::add);
        return out;
    }

    // ----- finding 1

    @Test
    public void fourHugeLoadsFailClearlyAndTheWorkersLiveOn() {
        anotherSessionLoadsAndAnalyses("before any attack");
        Browser attacker = browser();
        // the issue's request: refused up front now (the test connector bounds num_samples)
        Map<String, Object> issue = Map.of("data_type", "numerical", "num_samples", 50_000_000);
        Browser.Reply r = postData(attacker, "test", Map.of("token", "t"), List.of(issue, issue, issue, issue));
        assertEquals(r.toString(), 400, r.status());
        assertTrue(r.toString(), r.json().get("error").asText().contains("num_samples"));
        // within the connector's bounds but beyond the node's job memory: refused before loading, as FAILURE
        List<Map<String, Object>> huge = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            huge.add(Map.of("data_type", "numerical", "num_samples", 1_000_000, "seed", i));
        }
        long start = System.nanoTime();
        r = postData(attacker, "test", Map.of("token", "t"), huge);
        assertEquals(r.toString(), 201, r.status());
        await("the huge loads ended", Duration.ofSeconds(60), () -> states(attacker).stream()
                .noneMatch(n -> "SUBMITTED".equals(n.get("etl_state").asText())));
        System.out.println("ExhaustionIT: four 1,000,000-value loads failed after "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        List<JsonNode> st = states(attacker);
        assertEquals(4, st.size());
        for (JsonNode n : st) {
            assertEquals(n.toString(), "FAILURE", n.get("etl_state").asText());
            assertEquals(n.toString(), "MemoryError: This variable (1000000 values) would need about 92 MiB of "
                    + "memory, more than this node gives its jobs (64 MiB). Please select less data.",
                    n.get("etl_message").asText());
        }
        anotherSessionLoadsAndAnalyses("after four huge loads");
        WorkerPoolHealth h = workerPool();
        assertTrue(h.toString(), h.intact());
        assertEquals(h.toString(), 0, h.replaced());
    }

    // ----- finding 3

    @Test
    public void slowSourcesOfOneSessionDoNotDelayAnother() {
        SlowSource slow = slowSource(SLOW);
        Browser attacker = browser();
        List<Map<String, Object>> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(Map.of("field", "v" + i));
        }
        await("the slow connector is installed", Duration.ofSeconds(30), () ->
                postData(attacker, SLOW, Map.of("token", "t"), four).status() == 201);
        await("the attacker's loads hold threads", Duration.ofSeconds(30), () -> slow.loading.get() >= 2);
        long ms = anotherSessionLoadsAndAnalyses("while four slow loads of another session run");
        assertTrue(states(attacker).stream().allMatch(n -> "SUBMITTED".equals(n.get("etl_state").asText())));
        System.out.println("ExhaustionIT: slow loads running at once: " + slow.loading.get() + " (of 4), other "
                + "session " + ms + " ms");
        slow.release.countDown();
        await("the slow loads ended", Duration.ofSeconds(60), () -> states(attacker).stream()
                .allMatch(n -> "SUCCESS".equals(n.get("etl_state").asText())));
    }

    @Test
    public void aHangingLoginIsCutAndLoginsAreBounded() {
        SlowSource slow = slowSource(SLOW + "_login");
        Browser attacker = browser();
        List<Map<String, Object>> one = List.of(Map.of("field", "v"));
        Map<String, Object> credentials = Map.of("user", "u", "passwd", "p");
        Browser.Reply[] r = new Browser.Reply[1];
        long[] ms = new long[1];
        await("the connector is installed", Duration.ofSeconds(30), () -> {
            long start = System.nanoTime();
            r[0] = postData(attacker, SLOW + "_login", credentials, one);
            ms[0] = (System.nanoTime() - start) / 1_000_000;
            return r[0].status() != 400;
        });
        System.out.println("ExhaustionIT: a hanging login was answered after " + ms[0] + " ms");
        assertEquals(r[0].toString(), 503, r[0].status());
        assertTrue("answered after " + ms[0] + " ms", ms[0] < 8000);
        assertEquals("Could not authenticate with API. The data source did not answer the login within 2 s. Please "
                + "try again later.", r[0].json().get("error").asText());
        // the hanging login still holds the node's only login permit (login.concurrency = 1)
        Browser.Reply busy = postData(attacker, SLOW + "_login", credentials, one);
        assertEquals(busy.toString(), 503, busy.status());
        assertTrue(busy.toString(), busy.json().get("error").asText().startsWith("Too many logins"));
        assertTrue(states(attacker).isEmpty());
        anotherSessionLoadsAndAnalyses("while a login hangs");
        slow.release.countDown();
    }

    @Test
    public void aSessionBeyondItsQuotasIsRefusedAndOthersAreNot() {
        SlowSource slow = slowSource(SLOW + "_quota");
        Browser attacker = browser();
        List<Map<String, Object>> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(Map.of("field", "q" + i));
        }
        await("the slow connector is installed", Duration.ofSeconds(30), () ->
                postData(attacker, SLOW + "_quota", Map.of("token", "t"), four).status() == 201);
        List<Map<String, Object>> three = List.of(Map.of("field", "r0"), Map.of("field", "r1"),
                Map.of("field", "r2"));
        Browser.Reply r = postData(attacker, SLOW + "_quota", Map.of("token", "t"), three);
        assertEquals(r.toString(), 429, r.status());
        assertEquals("This session has 4 loads and analyses queued or running; at most 6 are allowed at a time. "
                + "Please wait until some have finished.", r.json().get("error").asText());
        assertEquals("nothing created", 4, states(attacker).size());
        assertEquals(201, postData(attacker, SLOW + "_quota", Map.of("token", "t"), three.subList(0, 2)).status());
        Browser.Reply a = attacker.post("/analytics", Map.of("task_name", "sum_df_test_task", "args",
                Map.of("a", 1)));
        assertEquals(a.toString(), 429, a.status());
        assertTrue(a.toString(), a.json().get("error").asText().startsWith("This session has 6 loads"));
        anotherSessionLoadsAndAnalyses("while a session is at its job quota");
        slow.release.countDown();
        await("the attacker's loads ended", Duration.ofSeconds(60), () -> states(attacker).stream()
                .noneMatch(n -> "SUBMITTED".equals(n.get("etl_state").asText())));

        // the cache quota (1 MiB here): a variable that does not fit fails, small ones still load
        Browser big = browser();
        Browser.Reply p = postData(big, "test", Map.of("token", "t"), List.of(Map.of("data_type", "numerical",
                "num_samples", 300_000, "seed", 1)));
        assertEquals(p.toString(), 201, p.status());
        await("the big load ended", Duration.ofSeconds(60), () -> states(big).stream()
                .noneMatch(n -> "SUBMITTED".equals(n.get("etl_state").asText())));
        JsonNode st = states(big).get(0);
        assertEquals(st.toString(), "FAILURE", st.get("etl_state").asText());
        assertTrue(st.toString(), st.get("etl_message").asText().startsWith("QuotaExceeded: "));
        assertEquals(1, load(big, numbers("numerical", 5, 6)).size());
    }
}
