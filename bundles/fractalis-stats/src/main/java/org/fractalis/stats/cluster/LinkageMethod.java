package org.fractalis.stats.cluster;

import java.util.Optional;

/** The agglomeration rules of SciPy's {@code linkage}. */
public enum LinkageMethod {
    /** Nearest point (minimum spanning tree). */
    SINGLE("single", false),
    /** Farthest point. */
    COMPLETE("complete", false),
    /** UPGMA. */
    AVERAGE("average", false),
    /** WPGMA (McQuitty). */
    WEIGHTED("weighted", false),
    /** UPGMC; needs Euclidean distances, not monotone. */
    CENTROID("centroid", true),
    /** WPGMC; needs Euclidean distances, not monotone. */
    MEDIAN("median", true),
    /** Ward's minimum variance (R's ward.D2); needs Euclidean distances. */
    WARD("ward", true);

    private final String scipyName;
    private final boolean euclideanOnly;

    LinkageMethod(String scipyName, boolean euclideanOnly) {
        this.scipyName = scipyName;
        this.euclideanOnly = euclideanOnly;
    }

    /** The name SciPy uses. */
    public String scipyName() {
        return scipyName;
    }

    /** Whether SciPy only accepts this method with the Euclidean metric on observation vectors. */
    public boolean euclideanOnly() {
        return euclideanOnly;
    }

    /** The method of that SciPy name (exact, as SciPy). */
    public static Optional<LinkageMethod> fromName(String name) {
        for (LinkageMethod m : values()) {
            if (m.scipyName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Lance-Williams update: distance of cluster i to the union of x and y (SciPy's formulas, same order). */
    double update(double dxi, double dyi, double dxy, int nx, int ny, int ni) {
        switch (this) {
            case SINGLE:
                return Math.min(dxi, dyi);
            case COMPLETE:
                return Math.max(dxi, dyi);
            case AVERAGE:
                return (nx * dxi + ny * dyi) / (nx + ny);
            case WEIGHTED:
                return 0.5 * (dxi + dyi);
            case CENTROID:
                return Math.sqrt((((nx * dxi * dxi) + (ny * dyi * dyi)) - (nx * ny * dxy * dxy) / (nx + ny))
                        / (nx + ny));
            case MEDIAN:
                return Math.sqrt(0.5 * (dxi * dxi + dyi * dyi) - 0.25 * dxy * dxy);
            case WARD: {
                double t = 1.0 / (nx + ny + ni);
                return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
            }
            default:
                throw new AssertionError(this);
        }
    }
}
