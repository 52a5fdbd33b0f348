package org.fractalis.stats.survival;

/**
 * An estimated curve evaluated at every point of its timeline. The four arrays have the same length; a NaN bound
 * is a point where the interval is undefined (lifelines leaves it NaN). Arrays are shared: treat them as read-only.
 *
 * @param timeline sorted distinct durations, preceded by 0 when every duration is positive
 * @param estimate the survival function (Kaplan-Meier) or the cumulative hazard (Nelson-Aalen)
 * @param ciLower lower bound of the 95% interval
 * @param ciUpper upper bound of the 95% interval
 */
public record SurvivalCurve(double[] timeline, double[] estimate, double[] ciLower, double[] ciUpper) {
}
