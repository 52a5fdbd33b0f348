package org.fractalis.core.internal.cluster;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;
import org.fractalis.core.internal.json.Json;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.fractalis.core.internal.config.Settings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats of this node under {@code node:<id>} (renewed every 5 s, expiring after 30 s) and a cached view
 * of all live nodes. Shares the core configuration (and so the store selection) with {@code CoreServices}.
 */
// The same default store.target as CoreServices: a configuration delivered without the key (FileInstall can deliver a
// file it read while Karaf was writing it back) must leave the target unchanged, or DS restarts this component and
// with it every service that references it (the static reference's target would change from embedded to any).
@Component(service = ClusterDirectory.class, configurationPid = Settings.PID, immediate = true,
        property = "store.target=" + Settings.EMBEDDED)
public final class NodeDirectory implements ClusterDirectory {
    private static final String PREFIX = "node:";
    static final Duration BEAT = Duration.ofSeconds(5);
    /** Six beats: a node under load whose heartbeat write times out a few times stays listed. */
    static final Duration TTL = Duration.ofSeconds(30);
    private static final long CACHE_MS = 2000;
    /** A "not offered" answer (a 400 for the client) is re-checked against the store if the cache is older. */
    private static final long RECHECK_MS = 250;

    private final Logger logger = LoggerFactory.getLogger(NodeDirectory.class);
    private final StateStore store;
    private final LongSupplier clock;
    private final String id = UUID.randomUUID().toString();
    private final String hostName;
    /** The node's HTTP port as the HTTP runtime reports it, "?" while unknown (a worker-only node may have none). */
    private final Supplier<String> port;
    /** Fractalis bundles and their versions, for operators comparing nodes. */
    private final Supplier<Map<String, String>> versions;
    /** Capability → "<bundle> <version>" of the plugin providing it here (GET /misc/plugins on a web node). */
    private final Supplier<Map<String, String>> plugins;
    private final Map<String, Set<String>> roles = new TreeMap<>();
    private final ScheduledExecutorService timer;
    /** How long the capabilities of a vanished node count as "offered recently" (503, not 400). */
    static final Duration VANISHED_GRACE = Duration.ofMinutes(10);

    private volatile List<NodeInfo> cache = List.of();
    private volatile long cachedAt;
    /** Capability → when the last node offering it vanished (guarded by itself). */
    private final Map<String, Long> vanished = new HashMap<>();
    private final AtomicBoolean retrying = new AtomicBoolean();

    @Activate
    public NodeDirectory(@Reference(name = "store") StateStore store, BundleContext context) {
        this(store, true, System::currentTimeMillis, () -> httpPort(context), () -> versions(context),
                () -> plugins(context));
        this.context = context;
        context.addBundleListener(bundleChanges);
    }

    /** Set by the DS constructor only: tests run without a framework. */
    private BundleContext context;

    /**
     * A Fractalis bundle started or stopped: beat soon instead of up to {@link #BEAT} later, so that operators
     * comparing nodes (node-list -v) and web nodes listing plugins see the change at once.
     */
    private final BundleListener bundleChanges = this::bundleChanged;
    private final AtomicBoolean soon = new AtomicBoolean();

    private void bundleChanged(BundleEvent event) {
        String name = event.getBundle().getSymbolicName();
        if (name != null && name.startsWith("fractalis-")
                && (event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED)
                && soon.compareAndSet(false, true)) {
            try {
                timer.schedule(() -> {
                    soon.set(false);
                    safeBeat();
                }, 200, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                soon.set(false);
            }
        }
    }

    /**
     * The core configuration it shares with {@code CoreServices} changed: nothing here depends on lifetimes or
     * limits, so the directory stays (without this method DS would restart it, and with it every service that
     * references it: the whole REST API). A changed {@code store.target} rebinds the store reference as before.
     */
    @Modified
    void modified() {
        // nothing to do
    }

    /** For tests: without the heartbeat thread. */
    public NodeDirectory(StateStore store, boolean heartbeat) {
        this(store, heartbeat, System::currentTimeMillis);
    }

    /** For tests: without the heartbeat thread if asked, and on the given clock. */
    NodeDirectory(StateStore store, boolean heartbeat, LongSupplier clock) {
        this(store, heartbeat, clock, () -> System.getProperty(HTTP_PORT, "?"), Map::of);
    }

    NodeDirectory(StateStore store, boolean heartbeat, LongSupplier clock, Supplier<String> port,
            Supplier<Map<String, String>> versions) {
        this(store, heartbeat, clock, port, versions, Map::of);
    }

    NodeDirectory(StateStore store, boolean heartbeat, LongSupplier clock, Supplier<String> port,
            Supplier<Map<String, String>> versions, Supplier<Map<String, String>> plugins) {
        this.store = store;
        this.plugins = plugins;
        this.clock = clock;
        this.hostName = hostName();
        this.port = port;
        this.versions = versions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalis-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (heartbeat) {
            timer.scheduleWithFixedDelay(this::safeBeat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            try {
                context.removeBundleListener(bundleChanges);
            } catch (IllegalStateException stopping) {
                // the framework is going down
            }
        }
        timer.shutdownNow();
        try {
            store.delete(PREFIX + id);
        } catch (BackendUnavailableException e) {
            logger.debug("Could not remove the heartbeat: {}", e.getMessage());
        }
    }

    private static final String HTTP_PORT = "org.osgi.service.http.port";
    /** Looked up by name: core needs no import of the HTTP service packages. */
    private static final String HTTP_RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";

    /**
     * The HTTP port: the framework property if set, else the port of the HTTP runtime's endpoint (Pax Web announces
     * its connectors as {@code osgi.http.endpoint}), else "?".
     */
    static String httpPort(BundleContext context) {
        String fixed = context.getProperty(HTTP_PORT);
        if (fixed != null && !fixed.isBlank()) {
            return fixed.trim();
        }
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(HTTP_RUNTIME, null);
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    String p = portOf(r.getProperty("osgi.http.endpoint"));
                    if (p != null) {
                        return p;
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no runtime (a worker-only node) or the bundle is stopping
        }
        return "?";
    }

    /** The port of the first endpoint URL in a String, String[] or collection property. */
    static String portOf(Object endpoint) {
        List<Object> values = new ArrayList<>();
        if (endpoint instanceof Object[] a) {
            values.addAll(List.of(a));
        } else if (endpoint instanceof Collection<?> c) {
            values.addAll(c);
        } else if (endpoint != null) {
            values.add(endpoint);
        }
        for (Object v : values) {
            try {
                URI u = new URI(String.valueOf(v).trim());
                if (u.getPort() > 0) {
                    return Integer.toString(u.getPort());
                }
            } catch (URISyntaxException e) {
                // not a URL: try the next one
            }
        }
        return null;
    }

    /** Versions of this node's Fractalis bundles. */
    static Map<String, String> versions(BundleContext context) {
        Map<String, String> out = new TreeMap<>();
        try {
            for (Bundle b : context.getBundles()) {
                String name = b.getSymbolicName();
                if (name != null && name.startsWith("fractalis-") && b.getState() == Bundle.ACTIVE) {
                    out.put(name, b.getVersion().toString());
                }
            }
        } catch (IllegalStateException e) {
            // stopping
        }
        return out;
    }

    /**
     * The bundle and version behind each connector handler and analytics task registered here (the best-ranked
     * service of a name, as the registries pick it).
     */
    static Map<String, String> plugins(BundleContext context) {
        Map<String, String> out = new TreeMap<>();
        try {
            collect(context, Connector.class, Connector.HANDLER, ClusterDirectory::etl, out);
            collect(context, AnalyticsTask.class, AnalyticsTask.NAME, ClusterDirectory::analytics, out);
        } catch (IllegalStateException e) {
            // stopping
        }
        return out;
    }

    private static <T> void collect(BundleContext context, Class<T> type, String property,
            java.util.function.UnaryOperator<String> capability, Map<String, String> out) {
        try {
            List<ServiceReference<T>> refs = new ArrayList<>(context.getServiceReferences(type, null));
            refs.sort(java.util.Collections.reverseOrder()); // highest ranking first: it wins a name
            for (ServiceReference<T> ref : refs) {
                Bundle b = ref.getBundle();
                if (ref.getProperty(property) instanceof String name && b != null) {
                    out.putIfAbsent(capability.apply(name), b.getSymbolicName() + " " + b.getVersion());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public void announce(String role, Set<String> capabilities) {
        synchronized (roles) {
            roles.put(role, new TreeSet<>(capabilities));
        }
        beat();
    }

    @Override
    public void withdraw(String role) {
        synchronized (roles) {
            roles.remove(role);
        }
        beat();
    }

    /**
     * {@link #beat} for the timer: an exception thrown out of a periodic task would cancel every later heartbeat
     * (the node would vanish from the cluster after {@link #TTL}).
     */
    private void safeBeat() {
        try {
            beat();
        } catch (RuntimeException e) {
            logger.warn("Heartbeat failed: {}", e.toString());
        }
    }

    /** Writes this node's record now. */
    public void beat() {
        NodeInfo me;
        String host = hostName + ":" + port.get();
        Map<String, String> bundles = versions.get();
        synchronized (roles) {
            Set<String> caps = new TreeSet<>();
            roles.values().forEach(caps::addAll);
            Map<String, String> offered = new TreeMap<>(plugins.get());
            offered.keySet().retainAll(caps); // only what this node's roles offer (a web node runs no plugin)
            me = new NodeInfo(id, host, new TreeSet<>(roles.keySet()), caps, clock.getAsLong(), bundles, offered);
        }
        try {
            store.put(PREFIX + id, Json.bytes(me), TTL);
            cachedAt = 0; // our own change must be visible at once
        } catch (BackendUnavailableException e) {
            logger.debug("Heartbeat not written: {}", e.getMessage());
            // after an outage (possibly a restarted store without our record) be listed again within a second
            if (retrying.compareAndSet(false, true)) {
                try {
                    timer.schedule(() -> {
                        retrying.set(false);
                        safeBeat();
                    }, 1, TimeUnit.SECONDS);
                } catch (RejectedExecutionException stopping) {
                    retrying.set(false);
                }
            }
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        return nodes(CACHE_MS);
    }

    private List<NodeInfo> nodes(long maxAgeMs) {
        long now = clock.getAsLong();
        if (now - cachedAt > maxAgeMs) {
            List<NodeInfo> fresh = new ArrayList<>();
            for (String key : store.keys(PREFIX)) {
                store.get(key).ifPresent(b -> fresh.add(Json.read(b, NodeInfo.class)));
            }
            fresh.sort((a, b) -> a.id().compareTo(b.id()));
            remember(cache, fresh, now);
            cache = Collections.unmodifiableList(fresh);
            cachedAt = now;
        }
        return cache;
    }

    @Override
    public boolean offered(String capability) {
        return offeredIn(nodes(CACHE_MS), capability) || offeredIn(nodes(RECHECK_MS), capability);
    }

    @Override
    public boolean offeredRecently(String capability) {
        if (offered(capability)) {
            return false;
        }
        synchronized (vanished) {
            Long at = vanished.get(capability);
            return at != null && clock.getAsLong() - at < VANISHED_GRACE.toMillis();
        }
    }

    /**
     * Notes the capabilities of nodes that vanished between two views; forgets those offered again, and those a
     * node still alive dropped on purpose.
     */
    private void remember(List<NodeInfo> before, List<NodeInfo> after, long now) {
        Map<String, NodeInfo> alive = new HashMap<>();
        after.forEach(n -> alive.put(n.id(), n));
        synchronized (vanished) {
            for (NodeInfo old : before) {
                NodeInfo still = alive.get(old.id());
                for (String c : old.capabilities()) {
                    if (still == null) {
                        vanished.put(c, now);
                    } else if (!still.capabilities().contains(c)) {
                        vanished.remove(c);
                    }
                }
            }
            after.forEach(n -> n.capabilities().forEach(vanished::remove));
            vanished.values().removeIf(at -> now - at >= VANISHED_GRACE.toMillis());
        }
    }

    private static boolean offeredIn(List<NodeInfo> nodes, String capability) {
        for (NodeInfo n : nodes) {
            if (n.capabilities().contains(capability)) {
                return true;
            }
        }
        return false;
    }

    /** This node's id. */
    public String id() {
        return id;
    }
}
