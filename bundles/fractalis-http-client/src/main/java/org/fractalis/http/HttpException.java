package org.fractalis.http;

/**
 * A call to a source failed before a complete answer arrived. The message is written for the user (it names
 * the host, never a query string, token or password) and can be shown as is.
 */
public class HttpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The URL is not an absolute http(s) URL or not allowed, or a header value is invalid. */
        INVALID_REQUEST,
        /**
         * The destination is not allowed: its host resolves to a loopback, private, link-local, multicast or
         * unspecified address, or it is not on a non-empty allow-list (see {@link DestinationPolicy}).
         */
        FORBIDDEN_DESTINATION,
        /** The client could not be built from its options (e.g. an unreadable CA file). */
        CONFIG,
        /** No connection: refused, unknown host, unreachable, or the connect timeout passed. */
        CONNECT,
        /** TLS handshake failed (e.g. untrusted certificate, host name mismatch). */
        TLS,
        /** The read timeout passed before the complete answer arrived. */
        TIMEOUT,
        /** The answer is larger than the configured limit. */
        TOO_LARGE,
        /** The connection broke or the answer was not valid HTTP (e.g. cut off). */
        IO,
        /** The calling thread was interrupted (the job was cancelled); the interrupt flag is set again. */
        INTERRUPTED
    }

    private final Reason reason;

    public HttpException(Reason reason, String message) {
        this(reason, message, null);
    }

    public HttpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
