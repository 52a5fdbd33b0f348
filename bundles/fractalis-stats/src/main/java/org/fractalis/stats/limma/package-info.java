/**
 * limma's moderated statistics for a group-means design (lmFit, contrasts.fit, eBayes, topTable) in pure Java,
 * and the ranking statistics the array analytics (heatmap, volcano plot) share.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.limma;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
