package org.fractalis.core.internal.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the deploy diagnostics know of one bundle, and the classification: why it provides no plugin, if it
 * should. No OSGi here, so the rules are unit-tested on their own.
 *
 * @param location the bundle location ({@code wrap:file:…/deploy/x.jar} for a jar Karaf wrapped)
 * @param headers the manifest headers that matter (Service-Component, Bundle-Activator, Generated-By-Ops4j-Pax-From)
 * @param connectors concrete classes implementing {@code Connector}
 * @param tasks concrete classes implementing {@code AnalyticsTask}
 * @param registersPlugin whether the bundle has a Connector or AnalyticsTask service registered right now
 */
record PluginJar(String location, Map<String, String> headers, List<String> connectors, List<String> tasks,
        boolean registersPlugin) {

    static final String CONNECTOR = "org.fractalis.api.connector.Connector";
    static final String TASK = "org.fractalis.api.analytics.AnalyticsTask";
    /** Set by Karaf's wrap deployer (Pax URL wrap) on a jar it turned into a bundle. */
    static final String WRAPPED_HEADER = "Generated-By-Ops4j-Pax-From";

    boolean wrapped() {
        return location.startsWith("wrap:") || headers.containsKey(WRAPPED_HEADER);
    }

    /**
     * The problem known from the jar alone (logged once), or empty. With {@code live}, also a bundle that declares
     * components but has no plugin service registered now (a component not satisfied: shown by the shell only,
     * since registration may still be under way).
     */
    Optional<String> problem(boolean live) {
        String impls = implementations();
        if (wrapped()) {
            if (impls.isEmpty() && !jarName(location).startsWith("deploy/")) {
                return Optional.empty(); // a library a feature wraps on purpose (wrap:mvn:…)
            }
            if (impls.isEmpty()) {
                return Optional.of("is not an OSGi bundle: Karaf wrapped it as a plain library (no Bundle-SymbolicName "
                        + "in its manifest); it provides no Connector or AnalyticsTask.");
            }
            return Optional.of("is not an OSGi bundle: Karaf wrapped it (no Bundle-SymbolicName in its manifest), and a "
                    + "wrapped jar has no Declarative Services component, so " + impls + " is never registered. Build "
                    + "it as a bundle with bnd and DS: @Component(service = Connector.class) or "
                    + "@Component(service = AnalyticsTask.class) on the class (the connector archetype's pom does it).");
        }
        if (impls.isEmpty()) {
            return Optional.empty();
        }
        boolean declares = !headers.getOrDefault("Service-Component", "").isBlank();
        if (!declares && !headers.containsKey("Bundle-Activator")) {
            return Optional.of("contains " + impls + " but declares no Declarative Services component (no "
                    + "Service-Component header, no OSGI-INF/*.xml), so nothing registers it. Annotate the class with "
                    + "@Component(service = Connector.class) or @Component(service = AnalyticsTask.class) and build "
                    + "with bnd (bnd-maven-plugin), which writes the component XML and the header.");
        }
        if (live && !registersPlugin) {
            return Optional.of("contains " + impls + " but registers no Connector or AnalyticsTask service now: a "
                    + "component is not satisfied or failed to activate (see scr:list and scr:info).");
        }
        return Optional.empty();
    }

    private String implementations() {
        StringBuilder b = new StringBuilder();
        describe(b, "Connector", connectors);
        describe(b, "AnalyticsTask", tasks);
        return b.toString();
    }

    private static void describe(StringBuilder b, String what, List<String> classes) {
        if (classes.isEmpty()) {
            return;
        }
        if (b.length() > 0) {
            b.append(" and ");
        }
        b.append("the ").append(what).append(classes.size() == 1 ? " " : "s ")
                .append(String.join(", ", classes.subList(0, Math.min(5, classes.size()))))
                .append(classes.size() > 5 ? " (and " + (classes.size() - 5) + " more)" : "");
    }

    /** The jar as the operator knows it: {@code deploy/x.jar} for the deploy folder, else the location. */
    static String jarName(String location) {
        String l = location.startsWith("wrap:") ? location.substring(5) : location;
        int dollar = l.indexOf('$'); // wrap: instructions follow a $
        if (dollar >= 0) {
            l = l.substring(0, dollar);
        }
        int deploy = l.lastIndexOf("/deploy/");
        return deploy >= 0 ? l.substring(deploy + 1) : l;
    }

    /** Whether a bundle can implement the plugin SPI at all: it imports the API packages (or everything). */
    static boolean mayHold(Map<String, String> headers, String location) {
        String imports = headers.getOrDefault("Import-Package", "") + "," + headers.getOrDefault("DynamicImport-Package", "")
                + "," + headers.getOrDefault("Require-Bundle", "");
        return location.startsWith("wrap:") || headers.containsKey(WRAPPED_HEADER)
                || imports.contains("org.fractalis.api.connector") || imports.contains("org.fractalis.api.analytics")
                || imports.contains("fractalis-api") || imports.contains("*");
    }
}
