package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A third party's path: a connector project generated from fractalis-connector-archetype, built with Maven (offline,
 * against the local repository, as generated: its unit test on the testkit runs), dropped into a running node's
 * deploy/ folder, loaded through POST /data; then changed, rebuilt and copied over the old jar, and the node serves
 * the new values without a restart.
 */
public class ConnectorArchetypeIT {
    private static final String REPO = System.getProperty("fractalis.localRepository",
            System.getProperty("user.home") + "/.m2/repository");
    private static final String VERSION = System.getProperty("fractalis.version", "0.1.0-SNAPSHOT");
    private static final String HANDLER = "archetype_it";
    private static final File WORK = new File(System.getProperty("fractalis.buildDirectory", "target"), "archetype-it");

    private RunNode node;

    @After
    public void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    public void generatedConnectorBuildsDeploysLoadsAndUpdatesWithoutRestart() throws Exception {
        // the node boots while the project is generated and built
        node = new RunNode("archetype", Map.of("FRACTALIS_WAIT_ENABLED", "true")).start();

        delete(WORK.toPath());
        Files.createDirectories(WORK.toPath());
        long t0 = System.nanoTime();
        mvn(WORK, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate", "-DinteractiveMode=false",
                "-DarchetypeGroupId=org.fractalis", "-DarchetypeArtifactId=fractalis-connector-archetype",
                "-DarchetypeVersion=" + VERSION, "-DarchetypeCatalog=local", "-DgroupId=org.example", "-DartifactId=example-connector",
                "-Dversion=1.0.0", "-Dpackage=org.example.connector", "-Dhandler=" + HANDLER);
        File project = new File(WORK, "example-connector");
        for (String f : List.of("pom.xml", "README.md", "example-descriptor.json",
                "src/main/java/org/example/connector/internal/SourceConnector.java",
                "src/test/java/org/example/connector/internal/SourceConnectorTest.java")) {
            assertTrue("generated " + f, new File(project, f).isFile());
        }
        mvn(project, "verify");
        File jar = new File(project, "target/example-connector-1.0.0.jar");
        assertTrue(jar.isFile());
        try (JarFile j = new JarFile(jar)) { // a bundle with its own description (nothing inherited from Fractalis' poms)
            Attributes m = j.getManifest().getMainAttributes();
            assertEquals("org.example.example-connector", m.getValue("Bundle-SymbolicName"));
            assertEquals("The '" + HANDLER + "' connector for Fractalis.", m.getValue("Bundle-Description"));
            assertTrue(m.getValue("Service-Component"), m.getValue("Service-Component").contains("SourceConnector"));
        }
        System.out.printf("generate + verify: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        node.awaitUp();
        Browser b = new Browser(node.base(), null);
        assertEquals(400, load(b).status()); // unknown handler before the drop

        long t1 = System.nanoTime();
        drop(jar);
        // values 1, 2, 3 for p1..p3 as generated: mean 2
        Await.until("the generated connector serves POST /data", Duration.ofSeconds(60), () -> load(b).status() == 201);
        System.out.printf("deploy to first load: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        JsonNode first = lastState(b);
        assertEquals(first.toString(), "SUCCESS", first.get("etl_state").asText());
        assertEquals("age", first.get("label").asText());
        assertEquals("numerical", first.get("data_type").asText());
        assertEquals(2.0, ConnectorsIT.histogram(b, first.get("task_id").asText()).get("mean").asDouble(), 1e-9);

        // a changed connector (values from 100), rebuilt and copied over the old jar: new values, same node
        Path source = project.toPath().resolve("src/main/java/org/example/connector/internal/SourceConnector.java");
        String java = Files.readString(source);
        assertTrue(java.contains("FIRST_VALUE = 1;"));
        Files.writeString(source, java.replace("FIRST_VALUE = 1;", "FIRST_VALUE = 100;"), StandardCharsets.UTF_8);
        mvn(project, "package", "-DskipTests"); // the generated test ran in the first build
        long t2 = System.nanoTime();
        drop(jar);
        double[] mean = {0};
        Await.until("the updated connector's values", Duration.ofSeconds(60), () -> {
            if (load(b).status() != 201) {
                return false; // between uninstall and install of the update
            }
            JsonNode s = lastState(b);
            if (!"SUCCESS".equals(s.get("etl_state").asText())) {
                return false; // loaded while the old bundle stopped: that one load fails, the next ones use the update
            }
            try {
                mean[0] = ConnectorsIT.histogram(b, s.get("task_id").asText()).get("mean").asDouble();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return mean[0] == 101.0;
        });
        System.out.printf("update to new values: %d ms%n", (System.nanoTime() - t2) / 1_000_000);
        assertTrue(node.alive());
    }

    private static Browser.Reply load(Browser b) {
        return b.post("/data?wait=1", Map.of("handler", HANDLER, "server", "https://data.example.org", "auth",
                Map.of("token", "t"), "descriptors", List.of(Map.of("variable", "age", "ids", List.of("p1", "p2", "p3")))));
    }

    private static JsonNode lastState(Browser b) {
        JsonNode states = b.get("/data").json().get("data_states");
        return states.get(states.size() - 1);
    }

    /** Copies the jar into deploy/ in one step (a half-written jar must never be seen by the deployer). */
    private void drop(File jar) throws IOException {
        Path deploy = new File(node.instance, "deploy").toPath();
        Files.createDirectories(deploy);
        Path tmp = WORK.toPath().resolve("example-connector.jar.tmp");
        Files.copy(jar.toPath(), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy.resolve("example-connector.jar"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs Maven offline against the build's local repository; fails with its output. */
    private static void mvn(File dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-q", "-Dmaven.repo.local=" + REPO));
        cmd.addAll(List.of(args));
        File log = new File(WORK, "mvn-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true)
                .redirectOutput(log).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + args[0] + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", args) + " failed in " + dir + ":\n"
                    + Files.readString(log.toPath()));
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
