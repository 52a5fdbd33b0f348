package org.fractalis.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks the access token of a request that starts ETLs ({@code POST /data}, {@code POST /state/{id}}) before
 * anything is cached or submitted. At most one is expected; when none is registered, tokens are not checked
 * (each connector still passes the token to its source, which decides).
 */
@ConsumerType
public interface TokenValidator {

    /**
     * @param token the value of {@code auth.token}, or null when the request has none (missing, not a string,
     *     or blank)
     * @throws TokenRejectedException when the request must be refused; its message is shown to the client
     */
    void validate(String token) throws TokenRejectedException;
}
