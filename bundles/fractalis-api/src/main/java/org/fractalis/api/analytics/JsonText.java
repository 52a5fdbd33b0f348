package org.fractalis.api.analytics;

/**
 * A result field that is sent as a JSON <em>string</em> holding {@code value} serialised (the
 * double encoding fractal.js expects for the {@code data} field of scatterplot, boxplot and
 * histogram results). Non-finite doubles inside become {@code null} as everywhere else.
 *
 * @param value a JSON value as Java objects (see {@link AnalyticsTask})
 */
public record JsonText(Object value) {
}
