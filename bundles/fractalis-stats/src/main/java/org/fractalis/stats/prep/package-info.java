/**
 * The shared pre-processing of the analytics (golden README §4.0): a columnar long-format
 * {@link org.fractalis.stats.prep.RowTable} with {@code id_filter}, {@code apply_subsets} and
 * {@code apply_categories} exactly as the original Fractalis utils, and the sorted
 * {@link org.fractalis.stats.prep.Pivot} (features x ids) used by PCA, volcano plot and heatmap.
 *
 * <p>Typical task code:
 * <pre>
 * RowTable t = RowTable.concat(args.frames("features"))   // numeric frames, in argument order
 *         .dropNaN()
 *         .filterIds(args.strings("id_filter"))
 *         .applySubsets(args.subsets("subsets"))          // "No data match given subsets."
 *         .applyCategories(args.frames("categories"));
 * for (int s : t.subsetOrder()) { for (int c : t.categoryCodeOrder()) { int[] rows = t.rows(RowTable.ANY, s, c); ... } }
 * </pre>
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.prep;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
