package org.fractalis.stats.limma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.prep.Pivot;
import org.fractalis.stats.prep.RowTable;

/**
 * The pre-processing the volcano plot and the heatmap share (golden README §4.6): the numerical arrays
 * concatenated; with subsets, only rows of subset ids (otherwise one subset of every id, in order of appearance);
 * the id filter; subset ids without data removed (a subset may become empty and is kept); the sorted feature x id
 * pivot.
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
        RowTable table;
        try {
            table = RowTable.concat(arrays);
        } catch (IllegalArgumentException e) {
            throw AnalyticsException.valueError("The numerical arrays must hold numbers: " + e.getMessage());
        }
        List<List<String>> groups;
        if (subsets.isEmpty()) {
            groups = List.of(table.idOrder());
        } else {
            Set<String> flat = new HashSet<>();
            for (List<String> s : subsets) {
                flat.addAll(s);
            }
            table = keepIds(table, flat);
            groups = subsets;
        }
        if (!idFilter.isEmpty()) {
            table = keepIds(table, idFilter instanceof Set<String> s ? s : new HashSet<>(idFilter));
        }
        Set<String> present = new HashSet<>(table.idOrder());
        List<List<String>> used = new ArrayList<>(groups.size());
        for (List<String> s : groups) {
            List<String> kept = new ArrayList<>(s.size());
            for (String id : s) {
                if (present.contains(id)) {
                    kept.add(id);
                }
            }
            used.add(List.copyOf(kept));
        }
        if (table.isEmpty()) {
            throw AnalyticsException.valueError(NO_DATA);
        }
        return new ArrayData(Pivot.of(table), List.copyOf(used));
    }

    private static RowTable keepIds(RowTable table, Set<String> ids) {
        String[] levels = table.idLevels();
        boolean[] keep = new boolean[levels.length];
        for (int i = 0; i < levels.length; i++) {
            keep[i] = ids.contains(levels[i]);
        }
        return table.filter(r -> keep[table.idCode(r)]);
    }
}
