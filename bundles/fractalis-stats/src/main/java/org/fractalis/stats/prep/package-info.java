/**
 * The shared pre-processing of the analytics (golden README §4.0): a columnar long-format
 * {@link org.fractalis.stats.prep.RowTable} with {@code id_filter}, {@code apply_subsets} and
 * {@code apply_categories} exactly as the original Fractalis utils, group iteration in the original's
 * loop order, and the sorted {@link org.fractalis.stats.prep.Pivot} (features x ids) used by PCA,
 * volcano plot and heatmap. {@link org.fractalis.stats.prep.PythonOrder} is Python's string order.
 *
 * <p><b>Long-format tasks</b> (boxplot, histogram, survival):
 * <pre>
 * RowTable t = RowTable.concat(args.frames("features"))   // numeric frames, in argument order
 *         .dropNaN()
 *         .filterIds(args.strings("id_filter"))           // empty = keep all
 *         .applySubsets(args.subsets("subsets"))          // ValueError "No data match given subsets."
 *         .applyCategories(args.frames("categories"));    // "" without categoricals, null = no row at all
 * for (RowTable.Group g : t.groups(GroupKey.CATEGORY, GroupKey.SUBSET)) {   // category outer, subset inner
 *     double[] values = t.values(g.rows());
 *     String category = t.categoryLevels()[g.categoryCode()];              // never the null category
 *     ...
 * }
 * List&lt;String&gt; categories = t.categoryOrder();   // order of first appearance, may contain null
 * int[] subsets = t.subsetOrder();
 * </pre>
 *
 * <p><b>Extra per-row data</b> (e.g. correlation's y values, survival's event flags): build the table
 * with {@link org.fractalis.stats.prep.RowTable#builder()} and keep the extra data in your own arrays
 * indexed by insertion order; {@link org.fractalis.stats.prep.RowTable#source(int)} maps every row of a
 * derived table (filtered, subset-duplicated) back to that index.
 *
 * <p><b>Per-id results after a matrix method</b> (PCA scores: subsets and categories applied after the
 * fit): build a table with one row per sample id (value = the sample's row in your matrix, or any number,
 * and use {@code source}), then {@code applySubsets} / {@code applyCategories}; ids outside every subset
 * vanish and ids in several subsets are duplicated, as in the original.
 *
 * <p><b>Matrix tasks</b> (PCA, volcano, heatmap): {@code Pivot.of(table)} gives features x ids with both
 * sorted in code-point order and NaN for missing cells; {@code transposed()} gives samples x features;
 * {@code idIndices(subsetIds)} maps a subset to its columns (absent ids skipped).
 */
@Export
@Version("1.1.0")
package org.fractalis.stats.prep;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
