package org.fractalis.core.internal.cluster;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
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

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;
import org.fractalis.core.internal.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats of this node under {@code node:<id>} (renewed every 5 s, expiring after 30 s) and a cached view
 * of all live nodes. Shares the core configuration (and so the store selection) with {@code CoreServices}.
 */
@Component(service = ClusterDirectory.class, configurationPid = "org.fractalis.core", immediate = true)
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
    private final String host;
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
    public NodeDirectory(@Reference(name = "store") StateStore store) {
        this(store, true);
    }

    /** For tests: without the heartbeat thread. */
    public NodeDirectory(StateStore store, boolean heartbeat) {
        this(store, heartbeat, System::currentTimeMillis);
    }

    /** For tests: without the heartbeat thread if asked, and on the given clock. */
    NodeDirectory(StateStore store, boolean heartbeat, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.host = hostName() + ":" + System.getProperty("org.osgi.service.http.port", "?");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalis-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (heartbeat) {
            timer.scheduleWithFixedDelay(this::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        try {
            store.delete(PREFIX + id);
        } catch (BackendUnavailableException e) {
            logger.debug("Could not remove the heartbeat: {}", e.getMessage());
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

    /** Writes this node's record now. */
    public void beat() {
        NodeInfo me;
        synchronized (roles) {
            Set<String> caps = new TreeSet<>();
            roles.values().forEach(caps::addAll);
            me = new NodeInfo(id, host, new TreeSet<>(roles.keySet()), caps, clock.getAsLong());
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
                        beat();
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
