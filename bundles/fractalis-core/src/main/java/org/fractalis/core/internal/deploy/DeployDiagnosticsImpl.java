package org.fractalis.core.internal.deploy;

import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.fractalis.api.service.DeployDiagnostics;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches installed bundles for plugin jars that provide nothing: a plain jar Karaf wrapped, or a bundle with
 * Connector/AnalyticsTask classes but no DS component. One WARN per bundle version; the shell shows the list.
 * Bundles are scanned off the framework's event thread (class loading may take a moment).
 */
@Component(service = DeployDiagnostics.class, immediate = true)
public final class DeployDiagnosticsImpl implements DeployDiagnostics {
    private static final int MAX_CLASSES = 20_000;

    private final Logger logger = LoggerFactory.getLogger(DeployDiagnosticsImpl.class);
    /** Scan results by bundle id, with the bundle's last-modified time they belong to. */
    private final Map<Long, Scanned> scanned = new ConcurrentHashMap<>();
    private final ExecutorService scanner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fractalis-deploy-diagnostics");
        t.setDaemon(true);
        return t;
    });
    private final BundleTracker<Bundle> tracker;

    private record Scanned(long lastModified, Bundle bundle, PluginJar jar, boolean complete) {
    }

    private static PluginJar withImplementations(Bundle bundle, PluginJar jar) {
        List<String> connectors = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        implementations(bundle, connectors, tasks);
        return new PluginJar(jar.location(), jar.headers(), List.copyOf(connectors), List.copyOf(tasks), false);
    }

    @Activate
    public DeployDiagnosticsImpl(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                schedule(bundle);
                return bundle;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle object) {
                schedule(bundle);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle object) {
                scanned.remove(bundle.getBundleId());
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        scanner.shutdownNow();
    }

    private void schedule(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return;
        }
        Scanned s = scanned.get(bundle.getBundleId());
        if (s != null && s.lastModified == bundle.getLastModified()) {
            return;
        }
        try {
            scanner.execute(() -> scan(bundle));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated
        }
    }

    private void scan(Bundle bundle) {
        long modified = bundle.getLastModified();
        Scanned s = scanned.get(bundle.getBundleId());
        if (s != null && s.lastModified == modified || bundle.getState() == Bundle.UNINSTALLED) {
            return;
        }
        Map<String, String> headers = headers(bundle);
        PluginJar jar = new PluginJar(bundle.getLocation(), headers, List.of(), List.of(), false);
        // a bundle with DS metadata (all of this node's own) is only scanned when the shell asks
        boolean deferred = !jar.wrapped() && !headers.getOrDefault("Service-Component", "").isBlank();
        if (!deferred && PluginJar.mayHold(headers, bundle.getLocation())) {
            jar = withImplementations(bundle, jar);
        }
        scanned.put(bundle.getBundleId(), new Scanned(modified, bundle, jar, !deferred));
        jar.problem(false).ifPresent(p -> logger.warn("Plugin jar {} (bundle {}, {}) {}",
                PluginJar.jarName(bundle.getLocation()), bundle.getBundleId(), bundle.getSymbolicName(), p));
    }

    @Override
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Scanned entry : scanned.values()) {
            Scanned s = entry;
            Bundle b = s.bundle;
            if (b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            boolean registers = registersPlugin(b);
            if (!s.complete && !registers && b.getState() == Bundle.ACTIVE
                    && PluginJar.mayHold(s.jar.headers(), b.getLocation())) {
                s = new Scanned(s.lastModified, b, withImplementations(b, s.jar), true);
                scanned.replace(b.getBundleId(), entry, s);
            }
            PluginJar live = new PluginJar(s.jar.location(), s.jar.headers(), s.jar.connectors(), s.jar.tasks(),
                    registers);
            // a bundle not started registers nothing by design: only the static problems apply
            Optional<String> p = live.problem(b.getState() == Bundle.ACTIVE);
            p.ifPresent(text -> out.add(new Finding(b.getBundleId(), PluginJar.jarName(b.getLocation()),
                    b.getSymbolicName(), text)));
        }
        out.sort((x, y) -> Long.compare(x.bundleId(), y.bundleId()));
        return out;
    }

    private static boolean registersPlugin(Bundle b) {
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs == null) {
            return false;
        }
        for (ServiceReference<?> r : refs) {
            for (String c : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
                if (c.equals(PluginJar.CONNECTOR) || c.equals(PluginJar.TASK)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> headers(Bundle b) {
        Dictionary<String, String> d = b.getHeaders(""); // raw, not localised
        Map<String, String> out = new HashMap<>();
        for (String k : List.of("Service-Component", "Bundle-Activator", PluginJar.WRAPPED_HEADER, "Import-Package",
                "DynamicImport-Package", "Require-Bundle")) {
            String v = d.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Concrete classes of the bundle that implement the plugin SPI (judged by name, so any class space counts). */
    private static void implementations(Bundle bundle, List<String> connectors, List<String> tasks) {
        Enumeration<URL> entries = bundle.findEntries("/", "*.class", true);
        if (entries == null) {
            return;
        }
        int n = 0;
        for (URL u : Collections.list(entries)) {
            if (++n > MAX_CLASSES) {
                break;
            }
            String path = u.getPath();
            String name = path.substring(path.startsWith("/") ? 1 : 0, path.length() - ".class".length())
                    .replace('/', '.');
            if (name.endsWith("module-info") || name.endsWith("package-info") || name.startsWith("META-INF.")) {
                continue;
            }
            Class<?> c;
            try {
                c = bundle.loadClass(name);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                continue; // a class whose dependencies are missing cannot be a working plugin anyway
            }
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            Set<String> supers = supertypes(c);
            if (supers.contains(PluginJar.CONNECTOR)) {
                connectors.add(c.getName());
            }
            if (supers.contains(PluginJar.TASK)) {
                tasks.add(c.getName());
            }
        }
    }

    static Set<String> supertypes(Class<?> c) {
        Set<String> out = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            try {
                if (k.getSuperclass() != null) {
                    todo.add(k.getSuperclass());
                }
                for (Class<?> i : k.getInterfaces()) {
                    if (out.add(i.getName())) {
                        todo.add(i);
                    }
                }
            } catch (LinkageError e) {
                // a supertype that does not resolve: judge by what did
            }
        }
        return out;
    }
}
