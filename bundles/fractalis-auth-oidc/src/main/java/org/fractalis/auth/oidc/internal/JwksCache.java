package org.fractalis.auth.oidc.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpResult;
import org.fractalis.http.Redaction;
import org.fractalis.http.SourceClient;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The issuer's signing keys: fetched from the JWKS URL (configured, or discovered once from
 * {@code <issuer>/.well-known/openid-configuration}), kept for a lifetime, and fetched again early when a token
 * names a key the cached set lacks (key rotation), at most once per minimum interval so that tokens with made-up
 * key ids cannot make the server hammer the identity provider. Thread-safe.
 */
final class JwksCache {

    /** The keys could not be fetched or read: the token cannot be checked now. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private record Snapshot(List<JsonWebKey> keys, long fetchedAt) {
    }

    /** The issuer's client, resolved for every fetch (a changed data source applies to the next one). */
    interface Client {
        SourceClient get() throws HttpException;
    }

    private final Client http;
    private final String issuer;
    private final String configuredJwksUrl;
    private final Duration lifetime;
    private final Duration refreshMinInterval;
    private final LongSupplier nanoTime;
    private String jwksUrl;
    private Snapshot snapshot;

    JwksCache(Client http, String issuer, String jwksUrl, Duration lifetime, Duration refreshMinInterval,
            LongSupplier nanoTime) {
        this.http = http;
        this.issuer = issuer;
        this.configuredJwksUrl = jwksUrl == null || jwksUrl.isBlank() ? null : jwksUrl.trim();
        this.lifetime = lifetime;
        this.refreshMinInterval = refreshMinInterval;
        this.nanoTime = nanoTime;
    }

    /** The cached keys, fetched first if there are none or they are older than the lifetime. */
    synchronized List<JsonWebKey> keys() throws Unavailable {
        if (snapshot == null || age() >= lifetime.toNanos()) {
            fetch();
        }
        return snapshot.keys();
    }

    /**
     * Fetches the keys again if the last fetch is at least the minimum interval old (a token names an unknown
     * key); otherwise the cached keys.
     */
    synchronized List<JsonWebKey> refreshed() throws Unavailable {
        if (snapshot == null || age() >= refreshMinInterval.toNanos()) {
            fetch();
        }
        return snapshot.keys();
    }

    private long age() {
        return nanoTime.getAsLong() - snapshot.fetchedAt();
    }

    private void fetch() throws Unavailable {
        String url = jwksUrl();
        String text = getJson(url, "the JSON Web Key Set");
        try {
            List<JsonWebKey> keys = new JsonWebKeySet(text).getJsonWebKeys();
            snapshot = new Snapshot(List.copyOf(keys), nanoTime.getAsLong());
        } catch (JoseException e) {
            throw new Unavailable("The identity provider's key set at " + shown(url)
                    + " could not be read: " + e.getMessage());
        }
    }

    private String jwksUrl() throws Unavailable {
        if (configuredJwksUrl != null) {
            return configuredJwksUrl;
        }
        if (jwksUrl == null) {
            String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
            String text = getJson(discovery, "the OpenID configuration");
            Object uri;
            try {
                uri = JsonUtil.parseJson(text).get("jwks_uri");
            } catch (JoseException e) {
                uri = null;
            }
            if (!(uri instanceof String s) || s.isBlank()) {
                throw new Unavailable("The OpenID configuration at " + shown(discovery)
                        + " names no 'jwks_uri' (set jwks.url in etc/" + OidcTokenValidator.PID + ".cfg).");
            }
            jwksUrl = s;
        }
        return jwksUrl;
    }

    private String getJson(String url, String what) throws Unavailable {
        try {
            HttpResult r = http.get().send(HttpCall.get(url).accept("application/json"));
            if (r.status() != 200) {
                throw new Unavailable("The identity provider answered " + r.status() + " for " + what + " at "
                        + shown(url) + ".");
            }
            String text = r.text();
            Map<String, Object> probe = JsonUtil.parseJson(text); // a JSON object, or this fails
            if (probe == null) {
                throw new JoseException("empty");
            }
            return text;
        } catch (HttpException e) {
            throw new Unavailable("The identity provider could not be reached for " + what + ": " + e.getMessage());
        } catch (JoseException | RuntimeException e) {
            throw new Unavailable("The identity provider's answer for " + what + " at " + shown(url)
                    + " is not a JSON object.");
        }
    }

    /** A URL for messages: no user info, no query. */
    static String shown(String url) {
        try {
            return Redaction.uri(new java.net.URI(url));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "(an invalid URL)";
        }
    }
}
