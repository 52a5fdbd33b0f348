package org.fractalis.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import java.security.PrivilegedExceptionAction;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Boots the built Fractalis distribution (offline, from the local Maven repository) on free ports and gives
 * tests HTTP "browsers" and the Karaf shell.
 */
public abstract class FractalisTestSupport {
    static final String PORT_PROPERTY = "fractalis.itest.http.port";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /**
     * The options every test container gets; subclasses may add their own. The container resolves artifacts
     * only from the distribution's own system/ folder and a repository holding nothing but Pax Exam's bundles,
     * so a test passes only if the distribution is self-contained (no network, no ~/.m2).
     */
    protected Option[] baseConfig(Option... extra) {
        return config(examRepository(), "", extra);
    }

    /**
     * Whether the container honours {@code ?wait=1} (off in production, see {@code wait.enabled}): the helpers
     * below block on it, so every test container turns it on unless a subclass says otherwise.
     */
    protected boolean waitEnabled() {
        return true;
    }

    private static String examRepository() {
        return System.getProperty("fractalis.examRepository", "target/exam-repo");
    }

    /** Like {@link #baseConfig} but the container also sees the build's local Maven repository. */
    protected Option[] configWithLocalRepository(Option... extra) {
        // Pax Exam's own bundles are only in the exam repository (the build may not have them in ~/.m2)
        return config(System.getProperty("fractalis.localRepository",
                System.getProperty("user.home") + "/.m2/repository"),
                new File(examRepository()).toURI() + "@id=exam", extra);
    }

    private Option[] config(String localRepo, String repositories, Option... extra) {
        MavenArtifactUrlReference dist = maven().groupId("org.fractalis").artifactId("fractalis-karaf-distribution")
                .type("tar.gz").versionAsInProject();
        String build = System.getProperty("fractalis.buildDirectory", "target");
        int port = freePort();
        List<Option> options = new ArrayList<>(Arrays.asList(
                karafDistributionConfiguration().frameworkUrl(dist).name("Fractalis")
                        .unpackDirectory(new File(build, "exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        Integer.toString(port)),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        repositories),
                editConfigurationFilePut("etc/org.fractalis.core.queue.cfg", "worker.threads", "4"),
                systemProperty(PORT_PROPERTY).value(Integer.toString(port)),
                // as the distribution's bin/setenv does (Pax Exam starts the JVM itself): PCA's Vector API kernels
                vmOption("--add-modules=jdk.incubator.vector"),
                features(maven().groupId("org.fractalis").artifactId("fractalis-karaf-features").type("xml")
                        .classifier("features").versionAsInProject(), "fractalis-analytics-test")));
        if (waitEnabled()) {
            options.add(editConfigurationFilePut("etc/org.fractalis.web.cfg", "wait.enabled", "true"));
            // tests may block in several browsers at once
            options.add(editConfigurationFilePut("etc/org.fractalis.web.cfg", "wait.max.concurrent", "32"));
        }
        options.addAll(Arrays.asList(extra));
        return options.toArray(Option[]::new);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's base URL (inside the container). */
    protected static String base() {
        return "http://127.0.0.1:" + System.getProperty(PORT_PROPERTY);
    }

    /** A new browser (cookie jar) whose pages live on another origin. */
    protected Browser browser() {
        awaitHttp();
        return new Browser(base(), "http://127.0.0.1:1");
    }

    /** Waits until the REST servlet answers (the whiteboard registers it asynchronously after boot). */
    protected void awaitHttp() {
        Browser probe = new Browser(base(), null);
        await("REST API up", Duration.ofSeconds(60), () -> {
            try {
                return probe.get("/misc/version").status() == 201;
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    /** Polls a condition until it holds or the deadline passes (then fails). */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    /** Whether the lines of a properties text hold {@code key = value} (value null: no such key). */
    protected static boolean holds(String properties, String key, String value) {
        return value == null ? properties.lines().noneMatch(l -> l.trim().startsWith(key + " ="))
                : properties.lines().anyMatch(l -> l.trim().equals(key + " = " + value));
    }

    /** The text of this container's etc/&lt;pid&gt;.cfg ("" while it cannot be read). */
    protected static String etcFile(String pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("karaf.etc"),
                    pid + ".cfg"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Waits until Karaf has written {@code key = value} of the PID back to etc/. Before that, the next
     * config:property-set reads the older file, and FileInstall may re-apply it: a change made too soon can be lost.
     */
    protected static void awaitWrittenBack(String pid, String key, String value) {
        await("etc/" + pid + ".cfg holds " + key + " = " + value, Duration.ofSeconds(30),
                () -> holds(etcFile(pid), key, value));
    }

    /** Runs a Karaf shell command and returns what it printed. */
    protected String shell(String command) throws Exception {
        // commands with ACLs (bundle:*, feature:*) need an admin subject, as a logged-in operator has
        return shellAs(command, "itest", "admin");
    }

    /** A shell command run as an operator of the admin group (the config:* commands need the manager role). */
    protected String operator(String command) throws Exception {
        return shellAs(command, "operator", "admin", "manager", "viewer");
    }

    private String shellAs(String command, String user, String... roles) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ----- contract helpers

    /** A test-connector descriptor that loads exactly these rows. */
    protected static Map<String, Object> rows(String kind, String label, List<Map<String, Object>> rows) {
        return Map.of("data_type", kind, "label", label, "rows", rows);
    }

    protected static Map<String, Object> row(String id, String feature, Object value) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("id", id);
        m.put("feature", feature);
        m.put("value", value);
        return m;
    }

    /**
     * POST /data with the test handler and waits for the ETLs; returns the new ids in request order. Asks for
     * {@code ?wait=1} and also polls, so it works in a container that ignores the parameter.
     */
    protected static List<String> load(Browser b, List<Map<String, Object>> descriptors) {
        List<String> before = ids(b);
        Browser.Reply r = b.post("/data?wait=1", Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", "t"), "descriptors", descriptors));
        if (r.status() != 201) {
            throw new AssertionError("POST /data: " + r);
        }
        List<String> after = ids(b);
        after.removeAll(before);
        await("ETLs of " + after + " ended", Duration.ofSeconds(120), () -> after.stream()
                .map(id -> dataState(b, id)).allMatch(n -> n != null
                        && !"SUBMITTED".equals(n.get("etl_state").asText())));
        return after;
    }

    protected static List<String> ids(Browser b) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : b.get("/data").json().get("data_states")) {
            out.add(n.get("task_id").asText());
        }
        return out;
    }

    protected static JsonNode dataState(Browser b, String id) {
        for (JsonNode n : b.get("/data").json().get("data_states")) {
            if (n.get("task_id").asText().equals(id)) {
                return n;
            }
        }
        return null;
    }

    /** The reference string fractal.js puts into args. */
    protected static String ref(String id) {
        return "${\"id\":\"" + id + "\",\"filters\":{}}$";
    }

    /** POST /analytics then poll (with ?wait=1 where the node honours it) until it ended; returns the poll reply. */
    protected static Browser.Reply analyse(Browser b, String task, Map<String, Object> args) {
        Browser.Reply r = b.post("/analytics", Map.of("task_name", task, "args", args));
        if (r.status() != 201) {
            throw new AssertionError("POST /analytics: " + r);
        }
        String poll = "/analytics/" + r.json().get("task_id").asText();
        Browser.Reply[] last = {b.get(poll + "?wait=1")};
        await(task + " ended", Duration.ofSeconds(120), () -> {
            if (last[0].status() != 200 || !"SUBMITTED".equals(last[0].json().get("state").asText())) {
                return true;
            }
            last[0] = b.get(poll);
            return false;
        });
        return last[0];
    }

    /** This container's karaf.log. */
    protected static java.nio.file.Path karafLogFile() {
        String dir = System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log");
        return java.nio.file.Path.of(dir, "karaf.log");
    }

    /** The text of this container's karaf.log so far ("" if it cannot be read). */
    protected static String karafLog() {
        try {
            return java.nio.file.Files.readString(karafLogFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * From now on every answer any {@link Browser} gets is checked against the node's own OpenAPI document
     * ({@code GET /openapi.json}); {@link #assertAnswersMatchedOpenApi} ends the check. For the REST itests whose
     * requests are all meant to be documented (not those that send hostile or raw input on purpose).
     */
    protected void checkAnswersAgainstOpenApi() {
        awaitHttp();
        Browser.Reply doc = new Browser(base(), null).get("/openapi.json");
        org.junit.Assert.assertEquals(200, doc.status());
        Browser.contract = new OpenApiContract(doc.body());
    }

    /** Ends {@link #checkAnswersAgainstOpenApi}: fails listing every answer outside the document. */
    protected static void assertAnswersMatchedOpenApi(String test) {
        OpenApiContract c = Browser.contract;
        Browser.contract = null;
        if (c != null) {
            System.out.println(test + " OpenAPI check: " + c.summary());
            org.junit.Assert.assertEquals(c.failures.toString(), List.of(), c.failures);
        }
    }
}
