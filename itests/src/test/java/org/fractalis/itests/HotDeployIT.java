package org.fractalis.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fractalis.testkit.fakes.FakeAda;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plugins come and go in a running node: a connector bundle removed makes its handler unknown (400), installed
 * again (bundle:install, or a jar dropped into deploy/) it serves POST /data at once, without restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends FractalisTestSupport {
    private static final String DEMO = "fractalis-connector-demo";
    private static final String ADA_PORT = "fractalis.itest.ada.port";

    @Configuration
    public Option[] config() {
        // bundle:install mvn:… reads the freshly built connector from there; the ada connector refuses loopback
        // servers unless a data source names them, so the fake gets a port fixed at boot
        String ada = Integer.toString(freePort());
        return configWithLocalRepository(systemProperty(ADA_PORT).value(ada),
                ConnectorsIT.source("ada", "ada", "http://127.0.0.1:" + ada),
                ConnectorsIT.source("ada", "ada", null));
    }

    private static Browser.Reply loadDemo(Browser b) {
        return b.post("/data?wait=1", Map.of("handler", "demo_tcga_coad", "server", "http://demo", "auth",
                Map.of("token", "x"), "descriptors", List.of(Map.of("dataType", "categorical", "field", "gender"))));
    }

    private Bundle demoBundle() {
        return bundle(DEMO);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private void assertUnknownHandler(Browser b) {
        Browser.Reply r = loadDemo(b);
        assertEquals(r.toString(), 400, r.status());
        assertEquals("No ETLHandler implementation found for: 'demo_tcga_coad'", r.json().get("error").asText());
    }

    private void assertDemoLoads(Browser b) {
        await("demo handler usable", Duration.ofSeconds(30), () -> loadDemo(b).status() == 201);
        JsonNode states = b.get("/data").json().get("data_states");
        assertEquals("SUCCESS", states.get(states.size() - 1).get("etl_state").asText());
    }

    @Test
    public void connectorUninstalledAndReinstalledWithBundleInstall() throws Exception {
        Browser b = browser();
        String location = "mvn:org.fractalis/" + DEMO + "/0.1.0-SNAPSHOT";
        if (demoBundle() == null) {
            bundleContext.installBundle(location).start();
        }
        assertDemoLoads(b);
        demoBundle().uninstall();
        assertUnknownHandler(b);
        String out = shell("bundle:install -s " + location);
        assertTrue(out, out.contains("Bundle ID"));
        assertDemoLoads(b);
        assertTrue(shell("fractalis:connector-list").contains("demo_tcga_coad"));
    }

    @Test
    public void connectorDroppedIntoDeployFolderAndRemovedAgain() throws Exception {
        Browser b = browser();
        Bundle installed = demoBundle();
        if (installed != null) {
            installed.uninstall();
        }
        assertUnknownHandler(b);
        String repo = System.getProperty("fractalis.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        File jar = new File(repo, "org/fractalis/" + DEMO + "/0.1.0-SNAPSHOT/" + DEMO + "-0.1.0-SNAPSHOT.jar");
        assertTrue("built connector jar " + jar, jar.isFile());
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path dropped = deploy.resolve(DEMO + ".jar");
        Files.copy(jar.toPath(), dropped, StandardCopyOption.REPLACE_EXISTING);
        assertDemoLoads(b);
        Files.delete(dropped);
        await("handler gone after removal", Duration.ofSeconds(30), () -> loadDemo(b).status() == 400);
        assertUnknownHandler(b);
    }

    @Test
    public void analyticsTaskFeatureInstalledAtRuntime() throws Exception {
        Browser b = browser();
        Browser.Reply before = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2)));
        assertEquals(201, before.status()); // installed by the test configuration
        shell("feature:uninstall fractalis-analytics-test");
        await("task gone", Duration.ofSeconds(30), () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1))).status() == 400);
        Browser.Reply gone = b.post("/analytics", Map.of("task_name", "add_test_task", "args", Map.of("a", 1)));
        assertEquals("Task with name 'add_test_task' not found.", gone.json().get("error_msg").asText());
        shell("feature:install fractalis-analytics-test");
        await("task back", Duration.ofSeconds(30), () -> b.post("/analytics",
                Map.of("task_name", "add_test_task", "args", Map.of("a", 1, "b", 2))).status() == 201);
        Browser.Reply again = analyse(b, "add_test_task", Map.of("a", 2, "b", 3));
        assertEquals("SUCCESS", again.json().get("state").asText());
    }

    @Test
    public void realConnectorInstalledIntoARunningNodeLoadsFromItsSource() throws Exception {
        String ada = "fractalis-connector-ada";
        Bundle installed = bundle(ada);
        if (installed != null) {
            installed.uninstall();
        }
        try (FakeAda source = new FakeAda(Integer.parseInt(System.getProperty(ADA_PORT)))) {
            Browser b = browser();
            Map<String, Object> body = Map.of("handler", "ada", "server", source.url(), "auth",
                    Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD), "descriptors", List.of(Map.of(
                            "data_set", "ppmi.clinical_visit", "dictionary", Map.of("name", "updrs_total",
                                    "projection", "updrs_total", "label", "UPDRS total", "fieldType", "Integer"))));
            Browser.Reply absent = b.post("/data", body);
            assertEquals(absent.toString(), 400, absent.status());
            assertEquals("No ETLHandler implementation found for: 'ada'", absent.json().get("error").asText());
            assertEquals(0, source.server.log().size());

            String out = shell("bundle:install -s mvn:org.fractalis/" + ada + "/0.1.0-SNAPSHOT");
            assertTrue(out, out.contains("Bundle ID"));
            await("ada handler usable", Duration.ofSeconds(30), () -> b.post("/data", body).status() == 201);
            List<String> ids = ids(b);
            assertEquals(1, ids.size());
            await("ada data loaded", Duration.ofSeconds(60),
                    () -> !dataState(b, ids.get(0)).get("etl_state").asText().equals("SUBMITTED"));
            JsonNode state = dataState(b, ids.get(0));
            assertEquals(state.toString(), "SUCCESS", state.get("etl_state").asText());
            assertEquals("[\"UPDRS total\"]", b.get("/data/meta/" + ids.get(0)).json().at("/meta/features").toString());
            assertTrue(shell("fractalis:connector-list").contains("ada"));
        }
    }
}
