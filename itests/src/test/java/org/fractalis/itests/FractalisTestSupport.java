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

    /** Runs a Karaf shell command and returns what it printed. */
    protected String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        // commands with ACLs (bundle:*, feature:*) need an admin subject, as a logged-in operator has
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("itest"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        try {
            Object result = Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
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

    /** POST /data with the test handler and waits for the ETLs; returns the new ids in request order. */
    protected static List<String> load(Browser b, List<Map<String, Object>> descriptors) {
        List<String> before = ids(b);
        Browser.Reply r = b.post("/data?wait=1", Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", "t"), "descriptors", descriptors));
        if (r.status() != 201) {
            throw new AssertionError("POST /data: " + r);
        }
        List<String> after = ids(b);
        after.removeAll(before);
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

    /** POST /analytics then poll with ?wait=1; returns the poll reply. */
    protected static Browser.Reply analyse(Browser b, String task, Map<String, Object> args) {
        Browser.Reply r = b.post("/analytics", Map.of("task_name", task, "args", args));
        if (r.status() != 201) {
            throw new AssertionError("POST /analytics: " + r);
        }
        return b.get("/analytics/" + r.json().get("task_id").asText() + "?wait=1");
    }
}
