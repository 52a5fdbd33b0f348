package org.fractalis.web.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.fractalis.api.auth.TokenRejectedException;
import org.fractalis.api.auth.TokenValidator;
import org.fractalis.api.service.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the installed {@link TokenValidator}, if any, about {@code auth.token} of a request that starts ETLs,
 * before the services see it: refused → 403, not checkable → 503, both {@code {"error": …}}. Without a
 * validator every request passes, as before.
 */
final class TokenCheck {
    static final TokenCheck NONE = new TokenCheck(() -> null);

    private final Logger logger = LoggerFactory.getLogger(TokenCheck.class);
    private final Supplier<TokenValidator> validator;

    TokenCheck(Supplier<TokenValidator> validator) {
        this.validator = validator;
    }

    void require(Object auth) {
        TokenValidator v = validator.get();
        if (v == null) {
            return;
        }
        Object t = auth instanceof Map<?, ?> m ? m.get("token") : null;
        String token = t instanceof String s && !s.isBlank() ? s : null;
        try {
            v.validate(token);
        } catch (TokenRejectedException e) {
            throw new ServiceException(e.unavailable() ? ServiceException.Reason.UNAVAILABLE
                    : ServiceException.Reason.FORBIDDEN, e.getMessage());
        } catch (RuntimeException e) {
            logger.error("The token validator failed", e); // never the token: validators do not put it in messages
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE,
                    "The access token could not be checked (internal error of the token validator).");
        }
    }
}
