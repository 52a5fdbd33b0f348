package org.fractalis.core.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.core.internal.store.MemoryStateStore;
import org.junit.jupiter.api.Test;

/** Heartbeats in a shared store, and how a web node tells "unknown" from "no worker right now". */
class NodeDirectoryTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryStateStore store = new MemoryStateStore(1 << 20, clock::get);
    private final NodeDirectory web = new NodeDirectory(store, false, clock::get);

    private NodeDirectory worker(String... caps) {
        NodeDirectory w = new NodeDirectory(store, false, clock::get);
        w.announce("worker", Set.of(caps));
        return w;
    }

    @Test
    void aCapabilityOfALiveWorkerIsOfferedAndNeverSeenOnesAreUnknown() {
        worker("analytics:sum", "etl:csv");
        assertTrue(web.offered("analytics:sum"));
        assertTrue(web.offered("etl:csv"));
        assertFalse(web.offered("analytics:nope"));
        assertFalse(web.offeredRecently("analytics:nope"));
        assertEquals(1, web.nodes().size(), "only the worker has announced anything");
    }

    @Test
    void aWorkersRecordNamesTheBundleAndVersionOfEachPluginItOffers() {
        NodeDirectory w = new NodeDirectory(store, false, clock::get, () -> "1", java.util.Map::of,
                () -> java.util.Map.of("etl:csv", "fractalis-connector-csv 1.2.0", "analytics:gone", "x 1.0.0"));
        w.announce("worker", Set.of("etl:csv"));
        org.fractalis.api.service.NodeInfo n = web.nodes().get(0);
        assertEquals(java.util.Map.of("etl:csv", "fractalis-connector-csv 1.2.0"), n.plugins(),
                "only what the node offers: a registered plugin it does not announce is left out");
    }

    @Test
    void aVanishedWorkersCapabilitiesAreRecentForTheGracePeriod() {
        NodeDirectory w = worker("analytics:sum");
        assertTrue(web.offered("analytics:sum"));
        w.deactivate(); // stopped: its record is removed (a killed node's record expires the same way)
        clock.addAndGet(NodeDirectory.BEAT.toMillis());
        assertFalse(web.offered("analytics:sum"));
        assertTrue(web.offeredRecently("analytics:sum"), "no worker right now: 503, not 400");
        clock.addAndGet(NodeDirectory.VANISHED_GRACE.toMillis());
        assertFalse(web.offered("analytics:sum"));
        assertFalse(web.offeredRecently("analytics:sum"), "long gone: unknown again");
    }

    @Test
    void heartbeatsLostWithTheStoresDataCountAsVanished() {
        NodeDirectory w = worker("analytics:sum");
        assertTrue(web.offered("analytics:sum"));
        store.keys("").forEach(store::delete); // a Redis restart without persistence
        clock.addAndGet(NodeDirectory.BEAT.toMillis());
        assertTrue(web.offeredRecently("analytics:sum"));
        w.beat(); // the worker's next heartbeat
        clock.addAndGet(NodeDirectory.BEAT.toMillis());
        assertTrue(web.offered("analytics:sum"));
        assertFalse(web.offeredRecently("analytics:sum"));
    }

    @Test
    void aCapabilityALiveWorkerWithdrewOnPurposeIsUnknownAtOnce() {
        NodeDirectory w = worker("analytics:sum", "analytics:mean");
        assertTrue(web.offered("analytics:sum"));
        w.announce("worker", Set.of("analytics:mean")); // the sum bundle was removed
        clock.addAndGet(NodeDirectory.BEAT.toMillis());
        assertFalse(web.offered("analytics:sum"));
        assertFalse(web.offeredRecently("analytics:sum"), "withdrawn on purpose: 400");
        assertTrue(web.offered("analytics:mean"));
    }

    @Test
    void anotherWorkerStillOfferingItKeepsItOffered() {
        NodeDirectory a = worker("analytics:sum");
        worker("analytics:sum");
        assertTrue(web.offered("analytics:sum"));
        a.deactivate();
        clock.addAndGet(NodeDirectory.BEAT.toMillis());
        assertTrue(web.offered("analytics:sum"));
        assertFalse(web.offeredRecently("analytics:sum"));
    }
}
