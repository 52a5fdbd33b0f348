package org.fractalis.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.connector.Connector;
import org.junit.jupiter.api.Test;

class PluginJarTest {
    private static final String WRAPPED = "wrap:file:/opt/fractalis/deploy/my-connector.jar$Bundle-SymbolicName=x";
    private static final Map<String, String> DS = Map.of("Service-Component", "OSGI-INF/a.xml",
            "Import-Package", "org.fractalis.api.connector;version=\"[1.0,2)\"");
    private static final Map<String, String> NO_DS = Map.of("Import-Package",
            "org.fractalis.api.connector;version=\"[1.0,2)\"");

    @Test
    void aWrappedJarWithAConnectorNamesTheJarTheClassAndTheFix() {
        PluginJar j = new PluginJar(WRAPPED, Map.of(), List.of("org.example.MyConnector"), List.of(), false);
        assertTrue(j.wrapped());
        String p = j.problem(false).orElseThrow();
        assertTrue(p.startsWith("is not an OSGi bundle: Karaf wrapped it") && p.contains(
                "the Connector org.example.MyConnector is never registered") && p.contains("@Component("), p);
        assertEquals("deploy/my-connector.jar", PluginJar.jarName(WRAPPED));
    }

    @Test
    void aWrappedLibraryIsReportedAsSuch() {
        // the Pax header marks a wrapped jar even when the location does not
        PluginJar j = new PluginJar("file:/x/deploy/lib.jar", Map.of(PluginJar.WRAPPED_HEADER, "file:/x/lib.jar"),
                List.of(), List.of(), false);
        assertTrue(j.problem(false).orElseThrow().contains("wrapped it as a plain library"));
        // a library a feature wraps on purpose is not a deploy problem
        assertEquals(Optional.empty(), new PluginJar("wrap:mvn:org.example/lib/1", Map.of(), List.of(), List.of(),
                false).problem(true));
    }

    @Test
    void aBundleWithImplementationsButNoComponent() {
        PluginJar j = new PluginJar("file:/opt/fractalis/deploy/b.jar", NO_DS, List.of("a.C1", "a.C2"),
                List.of("a.T"), false);
        String p = j.problem(false).orElseThrow();
        assertTrue(p.startsWith("contains the Connectors a.C1, a.C2 and the AnalyticsTask a.T but declares no "
                + "Declarative Services component (no Service-Component header"), p);
        assertEquals("deploy/b.jar", PluginJar.jarName("file:/opt/fractalis/deploy/b.jar"));
        // a Bundle-Activator may register the service itself: only the live check can tell
        PluginJar activator = new PluginJar("file:/b.jar", Map.of("Bundle-Activator", "a.A"), List.of("a.C1"),
                List.of(), false);
        assertEquals(Optional.empty(), activator.problem(false));
        assertTrue(activator.problem(true).orElseThrow().contains("registers no Connector or AnalyticsTask service now"));
    }

    @Test
    void healthyBundlesAndBundlesWithoutPluginsHaveNoProblem() {
        assertEquals(Optional.empty(), new PluginJar("mvn:org.fractalis/c/1", DS, List.of("a.C"), List.of(), true)
                .problem(true));
        assertEquals(Optional.empty(), new PluginJar("mvn:org.fractalis/c/1", DS, List.of("a.C"), List.of(), false)
                .problem(false), "registration may still be under way: not logged");
        assertTrue(new PluginJar("mvn:org.fractalis/c/1", DS, List.of("a.C"), List.of(), false).problem(true)
                .orElseThrow().contains("scr:info"));
        assertEquals(Optional.empty(), new PluginJar("mvn:x/lib/1", NO_DS, List.of(), List.of(), false).problem(true));
    }

    @Test
    void onlyBundlesThatImportTheApiAreScanned() {
        assertTrue(PluginJar.mayHold(NO_DS, "file:/b.jar"));
        assertTrue(PluginJar.mayHold(Map.of(), WRAPPED));
        assertTrue(PluginJar.mayHold(Map.of("DynamicImport-Package", "*"), "file:/b.jar"));
        assertFalse(PluginJar.mayHold(Map.of("Import-Package", "org.slf4j"), "mvn:x/y/1"));
    }

    /** Supertypes are judged by name, through abstract bases and inherited interfaces. */
    @Test
    void supertypesIncludeIndirectInterfaces() {
        assertTrue(DeployDiagnosticsImpl.supertypes(Indirect.class).contains(PluginJar.CONNECTOR));
        assertTrue(DeployDiagnosticsImpl.supertypes(TaskImpl.class).contains(PluginJar.TASK));
        assertFalse(DeployDiagnosticsImpl.supertypes(String.class).contains(PluginJar.CONNECTOR));
    }

    private abstract static class Base implements Connector {
    }

    private abstract static class Indirect extends Base {
    }

    private interface SubTask extends AnalyticsTask {
    }

    private abstract static class TaskImpl implements SubTask {
    }
}
