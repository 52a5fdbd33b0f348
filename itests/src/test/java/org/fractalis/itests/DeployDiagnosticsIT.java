package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 14, item 6: jars dropped into deploy/ that provide nothing get one clear WARN naming the jar and what is
 * missing, and {@code fractalis:deploy-check} lists them. Both jars are made from the built demo connector: its
 * classes in a plain jar (no OSGi manifest: Karaf wraps it), and the bundle without its DS component (manifest
 * without Service-Component, no OSGI-INF).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployDiagnosticsIT extends FractalisTestSupport {
    private static final String DEMO = "fractalis-connector-demo";
    private static final String CONNECTOR = "org.fractalis.connector.demo.internal.DemoConnector";

    @Configuration
    public Option[] config() {
        return configWithLocalRepository();
    }

    private static File demoJar() {
        String repo = System.getProperty("fractalis.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        File jar = new File(repo, "org/fractalis/" + DEMO + "/0.1.0-SNAPSHOT/" + DEMO + "-0.1.0-SNAPSHOT.jar");
        assertTrue("built connector jar " + jar, jar.isFile());
        return jar;
    }

    /** The demo jar's classes and resources under a new manifest (null: a plain jar), without OSGI-INF. */
    private static void craft(File from, Manifest manifest, Path to) throws IOException {
        Path tmp = Files.createTempFile(to.getParent().getParent(), "crafted", ".tmp");
        try (JarFile in = new JarFile(from); OutputStream raw = Files.newOutputStream(tmp);
                JarOutputStream out = manifest == null ? new JarOutputStream(raw) : new JarOutputStream(raw, manifest)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (n.equals("META-INF/MANIFEST.MF") || n.startsWith("OSGI-INF/") || entry.isDirectory()) {
                    continue;
                }
                out.putNextEntry(new JarEntry(n));
                try (InputStream s = in.getInputStream(entry)) {
                    s.transferTo(out);
                }
                out.closeEntry();
            }
        }
        // in one step: the deployer must never see a half-written jar
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void plainJarAndBundleWithoutComponentAreReported() throws Exception {
        File demo = demoJar();
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        // nothing from deploy/ yet (Pax Exam's probe bundle may be listed: ExhaustionIT's test connector in it is
        // registered by code, not by a DS component)
        String before = shell("fractalis:deploy-check");
        assertFalse(before, before.contains("deploy/"));

        craft(demo, null, deploy.resolve("plain-demo.jar"));
        Manifest noDs;
        try (JarFile in = new JarFile(demo)) {
            noDs = new Manifest(in.getManifest());
        }
        Attributes main = noDs.getMainAttributes();
        assertTrue("the built demo connector declares its component", main.getValue("Service-Component") != null);
        main.remove(new Attributes.Name("Service-Component"));
        main.putValue("Bundle-SymbolicName", "itest.no-ds-demo");
        craft(demo, noDs, deploy.resolve("no-ds-demo.jar"));

        String[] out = {""};
        await("deploy-check lists both jars", Duration.ofSeconds(60), () -> {
            try {
                out[0] = shell("fractalis:deploy-check");
            } catch (Exception e) {
                return false;
            }
            return out[0].contains("deploy/plain-demo.jar") && out[0].contains("deploy/no-ds-demo.jar");
        });
        String check = out[0];
        System.out.println(check);
        assertTrue(check, check.contains("is not an OSGi bundle: Karaf wrapped it (no Bundle-SymbolicName in its "
                + "manifest), and a wrapped jar has no Declarative Services component, so the Connector " + CONNECTOR
                + " is never registered."));
        assertTrue(check, check.contains("contains the Connector " + CONNECTOR + " but declares no Declarative "
                + "Services component (no Service-Component header, no OSGI-INF/*.xml), so nothing registers it."));
        // the node's own bundles are fine: exactly the two crafted jars are listed
        assertEquals(check, 2, check.lines().filter(l -> l.startsWith("deploy/")).count());

        await("one WARN per jar in " + karafLogFile(), Duration.ofSeconds(30),
                () -> karafLog().contains("Plugin jar deploy/plain-demo.jar") && karafLog().contains("Plugin jar deploy/no-ds-demo.jar"));
        String log = karafLog();
        assertEquals(1, count(log, "Plugin jar deploy/plain-demo.jar"));
        assertEquals(1, count(log, "Plugin jar deploy/no-ds-demo.jar"));
        assertFalse(log, log.contains("Plugin jar mvn:org.fractalis"));

        Files.delete(deploy.resolve("plain-demo.jar"));
        Files.delete(deploy.resolve("no-ds-demo.jar"));
        await("findings gone with the jars", Duration.ofSeconds(30), () -> {
            try {
                return !shell("fractalis:deploy-check").contains("deploy/");
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
