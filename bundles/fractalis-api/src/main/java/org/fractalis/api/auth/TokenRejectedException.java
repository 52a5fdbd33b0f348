package org.fractalis.api.auth;

/**
 * A token that is refused (HTTP 403), or that could not be checked at all because the identity provider or the
 * configuration is unusable (HTTP 503, {@link #unavailable()}). The message is for the client: it never holds
 * the token.
 */
public class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public TokenRejectedException(String message) {
        this(message, false);
    }

    private TokenRejectedException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    /** The token could not be checked (identity provider unreachable, validation misconfigured). */
    public static TokenRejectedException unavailable(String message) {
        return new TokenRejectedException(message, true);
    }

    public boolean unavailable() {
        return unavailable;
    }
}
