/**
 * Clustering with the semantics of SciPy: pairwise distances ({@code pdist}), agglomerative linkage
 * ({@code linkage}), tree cutting ({@code cut_tree}) and k-means ({@code kmeans2}), plus the cluster ordering
 * Fractalis sends to the heatmap.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
