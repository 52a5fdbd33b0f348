package org.fractalis.health.internal;

import java.util.List;

/** What the checks read about this node's bundles and components (the OSGi framework and SCR; fakes in tests). */
interface NodeView {
    /** Symbolic name of the bundle that makes a node a web node. */
    String WEB_BUNDLE = "fractalis-web";
    /** Symbolic name of the bundle that makes a node a worker. */
    String WORKER_BUNDLE = "fractalis-worker";
    /** Prefix of every Fractalis bundle (plugins included). */
    String FRACTALIS_PREFIX = "fractalis-";

    /** An installed bundle: symbolic name, and whether it is active (or a fragment, which is never started). */
    record BundleState(String name, String state, boolean ok) {
    }

    /** Installed bundles whose symbolic name starts with the prefix. */
    List<BundleState> bundles(String prefix);

    /** Components of the installed bundles whose symbolic name starts with the prefix (a full name: one bundle). */
    List<ComponentState> components(String prefix);

    /** Whether a bundle with exactly this symbolic name is installed. */
    default boolean installed(String symbolicName) {
        return bundles(symbolicName).stream().anyMatch(b -> b.name().equals(symbolicName));
    }
}
