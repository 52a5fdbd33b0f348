package org.fractalis.stats.survival;

import java.util.Arrays;

/**
 * lifelines' event table: every distinct duration plus the common entry time {@code min(0, min duration)}, with
 * the number at risk and the number of observed events at each time.
 */
final class EventTable {
    final double[] times;
    final int[] atRisk;
    final int[] events;

    private EventTable(double[] times, int[] atRisk, int[] events) {
        this.times = times;
        this.atRisk = atRisk;
        this.events = events;
    }

    /**
     * @param durations finite durations, at least one
     * @param observed per duration whether the event was observed; null means all were
     */
    static EventTable of(double[] durations, boolean[] observed) {
        int n = durations.length;
        if (n == 0) {
            throw new IllegalArgumentException("At least one duration is needed.");
        }
        if (observed != null && observed.length != n) {
            throw new IllegalArgumentException("durations and observed differ in length.");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(durations[i])) {
                throw new IllegalArgumentException("Durations must not be NaN.");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(durations[a], durations[b]));
        double birth = Math.min(0.0, durations[order[0]]);
        double[] times = new double[n + 1];
        int[] removed = new int[n + 1];
        int[] events = new int[n + 1];
        int rows = 0;
        if (birth < durations[order[0]]) {
            times[rows++] = birth; // entry row without removals ("birth" at 0)
        }
        for (int r = 0; r < n; r++) {
            int i = order[r];
            double t = durations[i];
            if (rows == 0 || times[rows - 1] != t) {
                times[rows++] = t;
            }
            removed[rows - 1]++;
            if (observed == null || observed[i]) {
                events[rows - 1]++;
            }
        }
        int[] atRisk = new int[rows];
        int left = n;
        for (int r = 0; r < rows; r++) {
            atRisk[r] = left;
            left -= removed[r];
        }
        return new EventTable(Arrays.copyOf(times, rows), atRisk, Arrays.copyOf(events, rows));
    }

    int size() {
        return times.length;
    }
}
