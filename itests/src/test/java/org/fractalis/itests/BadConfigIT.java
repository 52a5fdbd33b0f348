package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;


import org.fractalis.api.service.DataService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 11, observations 3 and 4: a bad value set at run time with {@code config:property-set} never takes the node
 * down. Each bad value is refused (the component keeps its last valid value), named in the health report, in
 * {@code fractalis:config-check} and not shown as in effect by {@code config:list}; {@code /misc/version} and a data
 * load keep working; a valid change afterwards applies live, without re-registering the core services. On the code
 * before, {@code cookie.samesite=Bogus} made /misc/version answer 500 and {@code max.body.megabytes=abc} made every
 * endpoint Jetty's HTML 404.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadConfigIT extends FractalisTestSupport {
    private static final String WEB = "org.fractalis.web";
    private static final String CORE = "org.fractalis.core";
    private static final Duration APPLY = Duration.ofSeconds(30);

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    private void set(String pid, String key, String value) throws Exception {
        operator("config:property-set -p " + pid + " " + key + " '" + value + "'");
    }

    private void unset(String pid, String key) throws Exception {
        operator("config:property-delete -p " + pid + " " + key);
        awaitStored(pid, key, null);
    }

    /**
     * Sets a valid value and waits until the configuration holds it. Each change is stored (and written back to
     * etc/ by Karaf) before the next one is made: changes sent back to back could race with that write-back, and
     * the last one then did not always win.
     */
    private void setValid(String pid, String key, String value) throws Exception {
        set(pid, key, value);
        awaitStored(pid, key, value);
    }

    /**
     * Waits until config:list shows {@code key = value} for the PID (value null: no such key) and Karaf has written
     * it back to etc/: a change made before that write-back could be undone by FileInstall reading the older file.
     */
    private void awaitStored(String pid, String key, String value) {
        await(pid + " holds " + key + " = " + value, APPLY, () -> {
            String list;
            try {
                list = operator("config:list \"(service.pid=" + pid + ")\"");
            } catch (Exception e) {
                return false;
            }
            return holds(list, key, value) && holds(etcFile(pid), key, value);
        });
    }

    /** The message of the health report's configuration check. */
    private static String configurationCheck() {
        Browser.Reply r = new Browser(base(), null).get("/health/ready");
        for (JsonNode c : r.json().get("checks")) {
            if (c.get("name").asText().equals("configuration")) {
                return c.get("status").asText() + " " + c.get("message").asText();
            }
        }
        throw new AssertionError("no configuration check in " + r);
    }

    private void awaitRefused(String pid, String key, String value) throws Exception {
        // the raw value reaches etc/ (the next config:property-set reads that file), the component keeps the last valid
        awaitWrittenBack(pid, key, value);
        String[] last = {""};
        try {
            await(pid + " " + key + " = " + value + " refused", APPLY, () -> {
                last[0] = configurationCheck();
                return last[0].startsWith("WARN") && last[0].contains(pid + ": " + key + " = '" + value + "'");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last: " + last[0], e);
        }
        String check = operator("fractalis:config-check");
        assertTrue(check, check.contains(pid) && check.contains(key) && check.contains(value));
    }

    private long dataServiceId() {
        ServiceReference<DataService> ref = bundleContext.getServiceReference(DataService.class);
        return ref == null ? -1 : (Long) ref.getProperty(Constants.SERVICE_ID); // -1: not registered right now
    }

    /** /misc/version answers, and a new browser loads a variable and analyses it. */
    private void nodeStillWorks() {
        // a changed configuration re-registers the servlet with the HTTP whiteboard (its service properties
        // changed): a moment of JSON 503s, then it must answer again (before, it stayed 500 or HTML 404)
        awaitHttp();
        Browser probe = new Browser(base(), null);
        Browser.Reply v = probe.get("/misc/version");
        assertEquals(v.toString(), 201, v.status());
        assertEquals("1.4.1", v.json().get("version").asText());
        Browser b = browser();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(row("p" + i, "x", (double) i));
        }
        String id = load(b, List.of(rows("numerical", "x", rows))).get(0);
        assertEquals("SUCCESS", dataState(b, id).get("etl_state").asText());
        Browser.Reply h = analyse(b, "compute-histogram", Map.of("bw_factor", 0.5, "num_bins", 3, "id_filter",
                List.of(), "subsets", List.of(), "data", ref(id), "categories", List.of()));
        assertEquals(h.toString(), "SUCCESS", h.json().get("state").asText());
    }

    /** The SameSite of the cookie a new session gets; null while the servlet is being re-registered (503). */
    private static String sameSiteOfANewSession() {
        Browser b = new Browser(base(), null);
        Browser.Reply r = b.get("/data");
        String cookie = r.header("Set-Cookie");
        if (r.status() != 200 || cookie == null || !cookie.contains("SameSite=")) {
            return null;
        }
        return cookie.replaceAll(".*SameSite=([A-Za-z]+).*", "$1");
    }

    @Test
    public void badWebValuesAreRefusedAndValidOnesApplyLive() throws Exception {
        awaitHttp();
        long core = dataServiceId();

        set(WEB, "cookie.samesite", "Bogus");
        awaitRefused(WEB, "cookie.samesite", "Bogus");
        assertTrue(configurationCheck(), configurationCheck().contains("Lax, Strict, None"));
        nodeStillWorks();
        await("SameSite=Lax kept", APPLY, () -> "Lax".equals(sameSiteOfANewSession()));
        String list = operator("config:list \"(service.pid=" + WEB + ")\"");
        assertTrue(list, list.contains("cookie.samesite = Lax") && !list.contains("Bogus"));

        set(WEB, "max.body.megabytes", "abc");
        awaitRefused(WEB, "max.body.megabytes", "abc");
        nodeStillWorks();

        // valid values afterwards apply live: the refusals drop out, the cookie and the body limit follow
        setValid(WEB, "cookie.samesite", "Strict");
        setValid(WEB, "max.body.megabytes", "1");
        await("SameSite=Strict", APPLY, () -> "Strict".equals(sameSiteOfANewSession()));
        Browser b = browser();
        await("a 2 MiB body refused with 413", APPLY,
                () -> {
                    try {
                        return b.postBytes("/data", new byte[2 << 20]).status() == 413;
                    } catch (RuntimeException | AssertionError e) {
                        return false; // the servlet may answer 413 and close before the body is sent
                    }
                });
        String[] last = {""};
        try {
            await("no refused value of " + CORE, APPLY, () -> !(last[0] = configurationCheck()).contains(CORE + ": "));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last configuration check: " + last[0]
                    + "; config:list: " + operator("config:list '(service.pid=" + CORE + ")'"), e);
        }
        assertTrue(operator("fractalis:config-check").contains("No configuration value refused"));
        assertEquals("the core services were not re-registered", core, dataServiceId());

        setValid(WEB, "max.body.megabytes", "128");
        setValid(WEB, "cookie.samesite", "Lax");
        await("SameSite=Lax", APPLY, () -> "Lax".equals(sameSiteOfANewSession()));
        nodeStillWorks();
        // reconfiguring never took the whiteboard filters down (Pax Web: "Filter ... is unavailable", every request
        // refused) and no servlet had to be registered again by the health bundle
        String log = karafLog();
        assertFalse(log.contains("is unavailable"));
        assertFalse(log.contains("registering it again"));
    }

    @Test
    public void badCoreValuesAreRefusedAndValidOnesApplyLiveWithoutTeardown() throws Exception {
        awaitHttp();
        long core = dataServiceId();

        set(CORE, "session.lifetime", "-5");
        awaitRefused(CORE, "session.lifetime", "-5");
        set(CORE, "result.lifetime", "-1");
        awaitRefused(CORE, "result.lifetime", "-1");
        // the refusal names the range (a later config:property-set may write the value in effect for the other key)
        assertTrue(configurationCheck(), configurationCheck().contains("result.lifetime = '-1'")
                && configurationCheck().contains("out of range") && configurationCheck().contains("1 to 10 years"));
        nodeStillWorks();

        set(CORE, "store.target", "(fractalis.backend=nope)");
        awaitRefused(CORE, "store.target", "(fractalis.backend=nope)");
        nodeStillWorks();
        assertEquals("the core services were not re-registered", core, dataServiceId());

        // a valid limit applies live to the next request, the services stay registered
        setValid(CORE, "max.descriptors", "1");
        Browser b = browser();
        Map<String, Object> one = rows("numerical", "x", List.of(row("p1", "x", 1.0)));
        await("a second descriptor refused", APPLY, () -> b.post("/data", Map.of("handler", "test", "server",
                "http://test", "auth", Map.of("token", "t"), "descriptors", List.of(one, one))).status() == 400);
        assertEquals("the core services were not re-registered", core, dataServiceId());

        setValid(CORE, "store.target", "(fractalis.backend=embedded)");
        // a delivery without the targets (FileInstall may read etc/org.fractalis.core.cfg while Karaf writes it back
        // and deliver the part it read): the defaults apply, the same store and queue, so nothing is torn down.
        // Before, the node directory, which had no default target, restarted and with it every core service.
        ServiceReference<ConfigurationAdmin> caRef = bundleContext.getServiceReference(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration c = bundleContext.getService(caRef).getConfiguration(CORE, null);
        Dictionary<String, Object> whole = c.getProperties();
        Dictionary<String, Object> partial = c.getProperties();
        partial.remove("store.target");
        partial.remove("queue.target");
        partial.put("max.descriptors", "2");
        c.update(partial);
        awaitStored(CORE, "store.target", null);
        Map<String, Object> two = rows("numerical", "y", List.of(row("p1", "y", 1.0)));
        await("two descriptors accepted", APPLY, () -> b.post("/data", Map.of("handler", "test", "server",
                "http://test", "auth", Map.of("token", "t"), "descriptors", List.of(one, two))).status() == 201);
        assertEquals("the core services were not re-registered", core, dataServiceId());
        c.update(whole);
        awaitStored(CORE, "store.target", "(fractalis.backend=embedded)");
        awaitStored(CORE, "max.descriptors", "1");
        assertEquals("the core services were not re-registered", core, dataServiceId());
        for (String key : new String[] {"session.lifetime", "result.lifetime", "max.descriptors"}) {
            unset(CORE, key);
        }
        String[] last = {""};
        try {
            await("no refused value of " + CORE, APPLY, () -> !(last[0] = configurationCheck()).contains(CORE + ": "));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last configuration check: " + last[0]
                    + "; config:list: " + operator("config:list '(service.pid=" + CORE + ")'"), e);
        }
        nodeStillWorks();
        assertEquals(core, dataServiceId());
        assertFalse(operator("fractalis:config-check").contains(CORE));
    }
}
