package org.fractalis.api.connector;

/**
 * A failure a connector reports to the user. The message is shown as is (prefixed by the phase for
 * ETL failures), so it must say what went wrong in the user's terms and contain no secrets.
 */
public class ConnectorException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where in an ETL the failure happened. */
    public enum Phase {
        /** Talking to the source (the original's "Data extraction failed."). */
        EXTRACT,
        /** Turning the source's answer into a frame ("Data transformation failed."). */
        TRANSFORM
    }

    private final Phase phase;

    /** A failure during extraction, or of a handler-level check (auth, label, kind). */
    public ConnectorException(String message) {
        this(Phase.EXTRACT, message, null);
    }

    public ConnectorException(Phase phase, String message) {
        this(phase, message, null);
    }

    public ConnectorException(Phase phase, String message, Throwable cause) {
        super(message, cause);
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }
}
