/**
 * Basic numerics of the analytics with the semantics of the original stack (numpy 1.24 / scipy 0.19.1,
 * see the golden README §2 and §4): {@link org.fractalis.stats.Descriptive} (numpy-style sums, mean,
 * variance), {@link org.fractalis.stats.Quantiles} (numpy percentile, linear), {@link
 * org.fractalis.stats.GaussianKde} (scipy gaussian_kde, 1-D), {@link org.fractalis.stats.Histogram}
 * (numpy histogram with equal bins), {@link org.fractalis.stats.Anova} (scipy f_oneway),
 * {@link org.fractalis.stats.Correlation} (pearsonr / spearmanr / kendalltau with pinned p-values) and
 * {@link org.fractalis.stats.LineFit} (numpy polyfit degree 1).
 *
 * <p>All methods take primitive arrays, never modify their arguments, and are thread-safe.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
