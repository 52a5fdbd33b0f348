package org.fractalis.stats.cluster;

import java.util.Locale;
import java.util.Optional;

/**
 * The metrics of SciPy's {@code pdist} that the heatmap offers, computed as SciPy does: each pair is summed
 * feature by feature in input order (so results agree with SciPy to the last bit for the sum-based metrics).
 */
public enum DistanceMetric {
    /** {@code sqrt(Σ (u−v)²)}. */
    EUCLIDEAN("euclidean", "euclid", "eu", "e"),
    /** {@code Σ (u−v)²}. */
    SQEUCLIDEAN("sqeuclidean", "sqe", "sqeuclid"),
    /** {@code Σ |u−v|}. */
    CITYBLOCK("cityblock", "cblock", "cb", "c"),
    /** {@code 1 − cos} of the row-centred vectors. */
    CORRELATION("correlation", "co"),
    /** {@code 1 − u·v / (‖u‖‖v‖)}, the cosine clipped to [−1, 1]. */
    COSINE("cosine", "cos"),
    /** {@code max |u−v|}. */
    CHEBYSHEV("chebyshev", "chebychev", "cheby", "cheb", "ch"),
    /** {@code Σ |u−v| / (|u|+|v|)}, terms with a zero denominator skipped. */
    CANBERRA("canberra"),
    /** {@code Σ |u−v| / Σ |u+v|}. */
    BRAYCURTIS("braycurtis");

    private final String scipyName;
    private final String[] aliases;

    DistanceMetric(String scipyName, String... aliases) {
        this.scipyName = scipyName;
        this.aliases = aliases;
    }

    /** The name SciPy uses. */
    public String scipyName() {
        return scipyName;
    }

    /** The metric of that SciPy name or alias (case-insensitive, as SciPy). */
    public static Optional<DistanceMetric> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.toLowerCase(Locale.ROOT);
        for (DistanceMetric m : values()) {
            if (m.scipyName.equals(key)) {
                return Optional.of(m);
            }
            for (String a : m.aliases) {
                if (a.equals(key)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }
}
