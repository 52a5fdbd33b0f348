package org.fractalis.stats.limma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.prep.Pivot;

/**
 * The pre-processing the volcano plot and the heatmap share (golden README §4.6): the numerical arrays
 * concatenated; with subsets, only rows of subset ids (otherwise one subset of every id, in order of appearance);
 * the id filter; subset ids without data removed (a subset may become empty and is kept); the sorted feature x id
 * pivot. Without subsets, the single subset lists every id in pivot order.
 *
 * @param pivot   the features x ids matrix (both sorted, Python order; missing cells NaN)
 * @param subsets the subsets after removing ids without data, in argument order (empty ones kept)
 */
public record ArrayData(Pivot pivot, List<List<String>> subsets) {

    /** Message when nothing is left after the subset and id filters. */
    public static final String NO_DATA = "Either the input data set is too small or the subset sample ids do not "
            + "match the data.";

    /**
     * Runs the pre-processing.
     *
     * @param arrays   the numerical arrays, concatenated in list order
     * @param idFilter ids to keep; empty keeps all
     * @param subsets  the subsets as sent (lists of ids); empty means one subset of all ids
     * @throws AnalyticsException ValueError {@link #NO_DATA} if no row is left; ValueError from the pivot if an
     *                            (id, feature) pair occurs twice; TypeError for an empty list of arrays
     */
    public static ArrayData prepare(List<Frame> arrays, Collection<String> idFilter, List<List<String>> subsets)
            throws AnalyticsException {
        if (arrays.isEmpty()) {
            // reduce() over the list of data frames
            throw new AnalyticsException("TypeError", "reduce() of empty sequence with no initial value");
        }
        // read straight from the frames into the pivot (no long table: a cohort-sized array cannot afford one)
        Set<String> keep = null;
        if (!subsets.isEmpty()) {
            keep = new HashSet<>();
            for (List<String> s : subsets) {
                keep.addAll(s);
            }
        }
        if (!idFilter.isEmpty()) {
            Set<String> filter = idFilter instanceof Set<String> s ? s : new HashSet<>(idFilter);
            if (keep == null) {
                keep = filter;
            } else {
                keep.retainAll(filter);
            }
        }
        Pivot pivot;
        try {
            pivot = Pivot.of(arrays, keep);
        } catch (IllegalArgumentException e) {
            throw AnalyticsException.valueError("The numerical arrays must hold numbers: " + e.getMessage());
        }
        if (pivot.idCount() == 0) {
            throw AnalyticsException.valueError(NO_DATA);
        }
        List<String> present = List.of(pivot.ids());
        if (subsets.isEmpty()) {
            // one subset of every id (the original lists them in order of appearance; no consumer depends on the
            // order of a single subset)
            return new ArrayData(pivot, List.of(present));
        }
        Set<String> presentSet = new HashSet<>(present);
        List<List<String>> used = new ArrayList<>(subsets.size());
        for (List<String> s : subsets) {
            List<String> kept = new ArrayList<>(s.size());
            for (String id : s) {
                if (presentSet.contains(id)) {
                    kept.add(id);
                }
            }
            used.add(List.copyOf(kept));
        }
        return new ArrayData(pivot, List.copyOf(used));
    }
}
