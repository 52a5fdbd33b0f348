package org.fractalis.api.analytics;

/**
 * A task failure the user reads on the chart as {@code "<type>: <message>"}, e.g.
 * {@code "ValueError: X and Y do not share any ids."}. The type follows the original's exception
 * names (ValueError, KeyError, NotImplementedError, ...) so messages read as they did.
 */
public class AnalyticsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String type;

    public AnalyticsException(String type, String message) {
        super(message);
        this.type = type;
    }

    public AnalyticsException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    /** A ValueError: the input does not allow the analysis. */
    public static AnalyticsException valueError(String message) {
        return new AnalyticsException("ValueError", message);
    }

    /** The error class name shown before the message. */
    public String type() {
        return type;
    }

    /** What the client shows: {@code "<type>: <message>"}. */
    public String clientMessage() {
        return type + ": " + getMessage();
    }
}
