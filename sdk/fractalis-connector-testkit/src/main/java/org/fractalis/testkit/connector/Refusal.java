package org.fractalis.testkit.connector;

import java.util.Objects;

import org.fractalis.api.connector.ConnectorException;

/** A {@link ConnectorException} a connector threw where a test expected it; its message is what the user reads. */
public final class Refusal {
    private final ConnectorException exception;

    Refusal(ConnectorException exception) {
        this.exception = exception;
    }

    public ConnectorException exception() {
        return exception;
    }

    public String message() {
        return exception.getMessage();
    }

    /**
     * What the user reads as {@code etl_message} when a load fails with this exception: the node prefixes the
     * message with {@code "RuntimeError: Data transformation failed. "} ({@link ConnectorException.Phase#TRANSFORM})
     * or {@code "RuntimeError: Data extraction failed. "} (any other phase).
     */
    public String etlMessage() {
        return "RuntimeError: " + (exception.phase() == ConnectorException.Phase.TRANSFORM
                ? "Data transformation failed. " : "Data extraction failed. ") + exception.getMessage();
    }

    /** The message the user reads is exactly this text. */
    public Refusal withMessage(String expected) {
        if (!Objects.equals(expected, exception.getMessage())) {
            throw new AssertionError("expected the message '" + expected + "', was '" + exception.getMessage() + "'",
                    exception);
        }
        return this;
    }

    /** The message the user reads contains this text. */
    public Refusal withMessageContaining(String text) {
        String m = exception.getMessage();
        if (m == null || !m.contains(text)) {
            throw new AssertionError("expected a message containing '" + text + "', was '" + m + "'", exception);
        }
        return this;
    }

    /** The message the user reads does not contain this text (e.g. a password or token). */
    public Refusal withMessageNotContaining(String secret) {
        String m = exception.getMessage();
        if (m != null && m.contains(secret)) {
            throw new AssertionError("the message the user reads contains '" + secret + "': " + m, exception);
        }
        return this;
    }
}
