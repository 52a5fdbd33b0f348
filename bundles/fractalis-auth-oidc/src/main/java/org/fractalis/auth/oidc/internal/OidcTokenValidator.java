package org.fractalis.auth.oidc.internal;

import org.fractalis.api.auth.TokenRejectedException;
import org.fractalis.api.auth.TokenValidator;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClientFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenValidator} of the REST API: when {@code enabled}, {@code POST /data} and
 * {@code POST /state/{id}} need an OIDC access token in {@code auth.token} that this issuer signed for this
 * audience. Disabled (the default), every token passes. Enabled but unusable (no issuer, …), every request is
 * refused with 503 and the reason, so a broken setup never lets requests through unchecked.
 */
@Component(service = TokenValidator.class, configurationPid = OidcTokenValidator.PID, immediate = true)
@Designate(ocd = OidcTokenValidator.Config.class)
public final class OidcTokenValidator implements TokenValidator {
    static final String PID = "org.fractalis.auth.oidc";
    /** The handler name under which data sources serve the issuer ({@code handlers = oidc}). */
    static final String HANDLER = "oidc";
    /** Issuer requests: 5 s to connect, 10 s for the answer, 1 MB at most; a source may set other values. */
    static final HttpOptions DEFAULTS = HttpOptions.of(PID, 5, 10, 1, true, "");

    @ObjectClassDefinition(name = "Fractalis OIDC access tokens", description = "Check auth.token of POST /data "
            + "and POST /state/{id} against an OpenID Connect issuer")
    public @interface Config {
        @AttributeDefinition(description = "Check tokens (false: every token passes)")
        boolean enabled() default false;

        @AttributeDefinition(description = "The issuer (iss), e.g. https://kc.example.org/realms/transmart")
        String issuer() default "";

        @AttributeDefinition(description = "Accepted audiences (aud), comma-separated; one must be in the token")
        String[] audience() default {};

        @AttributeDefinition(description = "JWKS URL (empty: jwks_uri of <issuer>/.well-known/openid-configuration)")
        String jwks_url() default "";

        @AttributeDefinition(description = "Accepted signature algorithms (asymmetric only)")
        String[] algorithms() default { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
            "ES512" };

        @AttributeDefinition(description = "Tolerated clock difference for exp, nbf and iat, in seconds")
        double clock_skew_seconds() default 60;

        @AttributeDefinition(description = "How long fetched keys are used before they are fetched again, in seconds")
        double jwks_cache_seconds() default 600;

        @AttributeDefinition(description = "Shortest time between two fetches for a token whose key is unknown, in seconds")
        double jwks_refresh_min_seconds() default 10;
    }

    private final Logger logger = LoggerFactory.getLogger(OidcTokenValidator.class);

    /** What validate() does under the current configuration. */
    @FunctionalInterface
    private interface Check {
        void validate(String token) throws TokenRejectedException;
    }

    private volatile Check check = token -> {
    };

    /** The node's data sources: the issuer is contacted as one (handler {@value #HANDLER}). */
    private final SourceClientFactory sources;

    @Activate
    public OidcTokenValidator(Config config, @Reference SourceClientFactory sources) {
        this.sources = sources;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        OidcSettings s = OidcSettings.from(config);
        if (!s.enabled()) {
            check = token -> {
            };
            logger.info("OIDC access-token validation is off ({}.enabled = false)", PID);
            return;
        }
        if (s.problem() != null) {
            String message = "Access-token validation is enabled but misconfigured on this server: " + s.problem();
            logger.warn(message);
            check = token -> {
                throw TokenRejectedException.unavailable(message);
            };
            return;
        }
        String issuer = s.issuer();
        // through the data sources like every server the node contacts: an issuer on a public address needs no
        // configuration; an in-house one (loopback, private) is a source with handlers = oidc, which also carries
        // its TLS settings and timeouts
        OidcValidator v = new OidcValidator(s, new JwksCache(() -> sources.source(HANDLER, issuer, DEFAULTS).client(),
                issuer, s.jwksUrl(), s.cacheLifetime(), s.refreshMinInterval(), System::nanoTime));
        check = v::validate;
        logger.info("OIDC access-token validation is on: {}", s);
    }

    @Override
    public void validate(String token) throws TokenRejectedException {
        check.validate(token);
    }
}
