package org.fractalis.stats.limma;

/**
 * limma (or Fractalis' use of it) refused the input. {@link #type()} is the exception class the original reported
 * (e.g. {@code ValueError} for Fractalis' own checks, {@code RRuntimeError} where R's limma stopped), so callers can
 * show the message the way the original did.
 */
public final class LimmaException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The type of R errors raised inside limma, as rpy2 reported them. */
    public static final String R_ERROR = "RRuntimeError";

    private final String type;

    public LimmaException(String type, String message) {
        super(message);
        this.type = type;
    }

    /** The exception class name of the original (ValueError, KeyError, RRuntimeError). */
    public String type() {
        return type;
    }
}
