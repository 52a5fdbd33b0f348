package org.fractalis.auth.oidc.internal;

import java.security.Key;
import java.util.List;
import java.util.regex.Pattern;

import org.fractalis.api.auth.TokenRejectedException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one access token: a signed JWT (one of the allowed algorithms, never {@code none} or HMAC) whose
 * signature verifies with a key of the issuer's JWKS, with {@code exp} in the future, {@code nbf}/{@code iat} not
 * in the future (both within the clock skew), {@code iss} equal to the issuer and an {@code aud} among the
 * audiences. Messages say which rule failed and never contain the token.
 */
final class OidcValidator {
    static final String PREFIX = "Access unauthorized: ";
    private static final String MALFORMED = "the access token is not a well-formed signed JWT.";
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final Logger logger = LoggerFactory.getLogger(OidcValidator.class);
    private final OidcSettings settings;
    private final JwksCache keys;

    OidcValidator(OidcSettings settings, JwksCache keys) {
        this.settings = settings;
        this.keys = keys;
    }

    void validate(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(PREFIX + "the request carries no access token (auth.token).");
        }
        if (!COMPACT_JWS.matcher(token).matches()) { // before any key fetch
            throw new TokenRejectedException(PREFIX + MALFORMED);
        }
        List<JsonWebKey> current;
        try {
            current = keys.keys();
        } catch (JwksCache.Unavailable e) {
            logger.warn("Access tokens cannot be checked: {}", e.getMessage());
            throw TokenRejectedException.unavailable("The access token cannot be checked now: " + e.getMessage());
        }
        Resolver resolver = new Resolver(current);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(settings.clockSkewSeconds())
                .setExpectedIssuer(true, settings.issuer())
                .setExpectedAudience(true, settings.audiences().toArray(String[]::new))
                .setVerificationKeyResolver(resolver)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        settings.algorithms().toArray(String[]::new)))
                .build();
        try {
            consumer.process(token);
        } catch (InvalidJwtException e) {
            if (resolver.unavailable != null) {
                logger.warn("Access tokens cannot be checked: {}", resolver.unavailable);
                throw TokenRejectedException.unavailable("The access token cannot be checked now: "
                        + resolver.unavailable);
            }
            String reason = reason(e, resolver);
            // the library's own text quotes the claims: debug only, and never the token itself
            logger.debug("Access token refused: {} (codes {})", reason, e.getErrorDetails());
            throw new TokenRejectedException(PREFIX + reason);
        }
    }

    private String reason(InvalidJwtException e, Resolver resolver) {
        if (resolver.refusal != null) {
            return resolver.refusal;
        }
        if (e.hasExpired()) {
            return "the access token has expired.";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "the access token has no expiry time (exp).";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "the access token is not valid yet (check the clocks).";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_MISSING) || e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "the access token was not issued by " + settings.issuer() + ".";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING) || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) {
            return "the access token is not meant for this server (its audience is not "
                    + String.join(" or ", settings.audiences()) + ").";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "the access token's signature is not valid.";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "the access token is not signed.";
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("not permitted")) {
            return "the access token is signed with an algorithm this server does not accept (allowed: "
                    + String.join(", ", settings.algorithms()) + ").";
        }
        if (e.hasErrorCode(ErrorCodes.JSON_INVALID) || e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)
                || e.getJwtContext() == null) {
            return MALFORMED;
        }
        return "the access token is not valid.";
    }

    /** Picks the key the token names; fetches the set again once if it is not there (rotation). */
    private final class Resolver implements VerificationKeyResolver {
        private List<JsonWebKey> current;
        String unavailable;
        String refusal;

        Resolver(List<JsonWebKey> current) {
            this.current = current;
        }

        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
            String alg = jws.getAlgorithmHeaderValue();
            if (!settings.algorithms().contains(alg)) { // checked first: no key lookup for 'none' or HMAC
                refusal = "the access token is signed with an algorithm this server does not accept (allowed: "
                        + String.join(", ", settings.algorithms()) + ").";
                throw new UnresolvableKeyException(refusal);
            }
            try {
                JsonWebKey key = select(jws);
                if (key == null) {
                    current = keys.refreshed();
                    key = select(jws);
                }
                if (key == null) {
                    refusal = "the access token is signed with a key the issuer does not publish"
                            + (jws.getKeyIdHeaderValue() == null ? "." : " (kid '" + jws.getKeyIdHeaderValue() + "').");
                    throw new UnresolvableKeyException(refusal);
                }
                return key.getKey();
            } catch (JwksCache.Unavailable e) {
                unavailable = e.getMessage();
                throw new UnresolvableKeyException(e.getMessage());
            } catch (JoseException e) {
                throw new UnresolvableKeyException("no usable key: " + e.getMessage(), e);
            }
        }

        private JsonWebKey select(JsonWebSignature jws) throws JoseException {
            return new VerificationJwkSelector().select(jws, current);
        }
    }
}
