package org.fractalis.core.internal.cluster;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final String id = UUID.randomUUID().toString();
    private final String host;
    private final Map<String, Set<String>> roles = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private volatile List<NodeInfo> cache = List.of();
    private volatile long cachedAt;

    @Activate
    public NodeDirectory(@Reference(name = "store") StateStore store) {
        this(store, true);
    }

    /** For tests: without the heartbeat thread. */
    public NodeDirectory(StateStore store, boolean heartbeat) {
        this.store = store;
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
            me = new NodeInfo(id, host, new TreeSet<>(roles.keySet()), caps, System.currentTimeMillis());
        }
        try {
            store.put(PREFIX + id, Json.bytes(me), TTL);
            cachedAt = 0; // our own change must be visible at once
        } catch (BackendUnavailableException e) {
            logger.debug("Heartbeat not written: {}", e.getMessage());
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        return nodes(CACHE_MS);
    }

    private List<NodeInfo> nodes(long maxAgeMs) {
        long now = System.currentTimeMillis();
        if (now - cachedAt > maxAgeMs) {
            List<NodeInfo> fresh = new ArrayList<>();
            for (String key : store.keys(PREFIX)) {
                store.get(key).ifPresent(b -> fresh.add(Json.read(b, NodeInfo.class)));
            }
            fresh.sort((a, b) -> a.id().compareTo(b.id()));
            cache = Collections.unmodifiableList(fresh);
            cachedAt = now;
        }
        return cache;
    }

    @Override
    public boolean offered(String capability) {
        return offeredIn(nodes(CACHE_MS), capability) || offeredIn(nodes(RECHECK_MS), capability);
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
