package org.fractalis.auth.oidc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.fractalis.api.auth.TokenRejectedException;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.http.testing.Sources;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed in the test with RSA and EC keys generated here, checked against a JWKS served by a local
 * issuer (JDK HttpServer on 127.0.0.1) that also serves the OpenID discovery document.
 */
class OidcTokenValidatorTest {
    private static final String AUDIENCE = "fractalis";

    private FakeServer idp;
    private String issuer;
    private PublicJsonWebKey rsa;
    private PublicJsonWebKey ec;
    private final AtomicReference<String> jwks = new AtomicReference<>();

    @BeforeEach
    void start() throws JoseException {
        rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-1");
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-1");
        publish(rsa, ec);
        idp = FakeServer.start();
        issuer = idp.url() + "/realms/test";
        idp.route("/realms/test/.well-known/openid-configuration", x -> x.json(200,
                "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + issuer + "/certs\"}"));
        idp.route("/realms/test/certs", x -> x.json(200, jwks.get()));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private void publish(PublicJsonWebKey... keys) {
        jwks.set(new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    /** The component's configuration: defaults, then these values. */
    static OidcTokenValidator.Config config(Map<String, Object> values) {
        return (OidcTokenValidator.Config) Proxy.newProxyInstance(OidcTokenValidator.Config.class.getClassLoader(),
                new Class<?>[] {OidcTokenValidator.Config.class}, (p, m, a) -> {
                    String key = m.getName();
                    return values.containsKey(key) ? values.get(key) : m.getDefaultValue();
                });
    }

    private OidcTokenValidator validator(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("enabled", true, "issuer", issuer,
                "audience", new String[] {AUDIENCE}, "jwks_refresh_min_seconds", 0.0));
        v.putAll(extra);
        // the loopback issuer is a configured data source (an unconfigured one on loopback would be refused)
        return new OidcTokenValidator(config(v), Sources.one("idp", OidcTokenValidator.HANDLER, idp.url(), Map.of()));
    }

    private OidcTokenValidator validator() {
        return validator(Map.of());
    }

    private JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setAudience(AUDIENCE, "account");
        c.setSubject("ann");
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(5);
        return c;
    }

    private static String sign(JwtClaims claims, PublicJsonWebKey key, String alg) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(alg);
        return jws.getCompactSerialization();
    }

    private static String refused(OidcTokenValidator v, String token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> v.validate(token));
        assertFalse(e.unavailable(), e.getMessage());
        if (token != null) {
            assertFalse(e.getMessage().contains(token), "the token must not be in the message");
        }
        return e.getMessage();
    }

    @Test
    void validRsaAndEcTokensPassAndTheKeysAreDiscoveredOnceAndCached() throws Exception {
        OidcTokenValidator v = validator();
        v.validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        v.validate(sign(claims(), ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        v.validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_PSS_USING_SHA256));
        assertEquals(1, idp.requests("/realms/test/.well-known/openid-configuration"));
        assertEquals(1, idp.requests("/realms/test/certs"));
    }

    @Test
    void aConfiguredJwksUrlSkipsDiscovery() throws Exception {
        OidcTokenValidator v = validator(Map.of("jwks_url", issuer + "/certs"));
        v.validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        assertEquals(0, idp.requests("/realms/test/.well-known/openid-configuration"));
    }

    @Test
    void missingExpiredAndNotYetValidTokensAreRefused() throws Exception {
        OidcTokenValidator v = validator();
        assertEquals("Access unauthorized: the request carries no access token (auth.token).", refused(v, null));
        JwtClaims expired = claims();
        expired.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120));
        assertEquals("Access unauthorized: the access token has expired.",
                refused(v, sign(expired, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
        JwtClaims withinSkew = claims();
        withinSkew.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        withinSkew.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 10));
        v.validate(sign(withinSkew, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)); // 60 s clock skew by default
        JwtClaims future = claims();
        future.setExpirationTimeMinutesInTheFuture(30);
        future.setNotBefore(NumericDate.fromSeconds(NumericDate.now().getValue() + 600));
        assertEquals("Access unauthorized: the access token is not valid yet (check the clocks).",
                refused(v, sign(future, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
        JwtClaims noExp = claims();
        noExp.unsetClaim("exp");
        assertEquals("Access unauthorized: the access token has no expiry time (exp).",
                refused(v, sign(noExp, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        OidcTokenValidator v = validator();
        JwtClaims iss = claims();
        iss.setIssuer("https://evil.example.org/realms/test");
        assertEquals("Access unauthorized: the access token was not issued by " + issuer + ".",
                refused(v, sign(iss, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
        JwtClaims aud = claims();
        aud.setAudience("another-app");
        assertEquals("Access unauthorized: the access token is not meant for this server (its audience is not "
                + "fractalis).", refused(v, sign(aud, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
        JwtClaims noAud = claims();
        noAud.unsetClaim("aud");
        assertTrue(refused(v, sign(noAud, rsa, AlgorithmIdentifiers.RSA_USING_SHA256)).contains("audience"));
        // any of several configured audiences
        validator(Map.of("audience", new String[] {"x, another-app"}))
                .validate(sign(aud, rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
    }

    @Test
    void aForeignKeyOrTamperedTokenIsRefused() throws Exception {
        OidcTokenValidator v = validator();
        PublicJsonWebKey forged = RsaJwkGenerator.generateJwk(2048);
        forged.setKeyId("rsa-1"); // claims to be the issuer's key
        assertEquals("Access unauthorized: the access token's signature is not valid.",
                refused(v, sign(claims(), forged, AlgorithmIdentifiers.RSA_USING_SHA256)));
        forged.setKeyId("made-up");
        assertEquals("Access unauthorized: the access token is signed with a key the issuer does not publish "
                + "(kid 'made-up').", refused(v, sign(claims(), forged, AlgorithmIdentifiers.RSA_USING_SHA256)));

        String good = sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256);
        String[] parts = good.split("\\.");
        JwtClaims admin = claims();
        admin.setSubject("admin");
        String tampered = parts[0] + "." + org.jose4j.base64url.Base64Url.encodeUtf8ByteRepresentation(admin.toJson())
                + "." + parts[2];
        assertEquals("Access unauthorized: the access token's signature is not valid.", refused(v, tampered));
        String malformed = refused(v, "not-a-jwt");
        assertEquals("Access unauthorized: the access token is not a well-formed signed JWT.", malformed, malformed);
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws Exception {
        OidcTokenValidator v = validator();
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims().toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        String unsigned = none.getCompactSerialization();
        String m = refused(v, unsigned);
        assertTrue(m.startsWith("Access unauthorized: the access token is "), m);

        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims().toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new org.jose4j.keys.HmacKey(new byte[32]));
        String h = refused(v, hmac.getCompactSerialization());
        assertTrue(h.contains("algorithm this server does not accept"), h);

        // only ES256 accepted: an RS256 token is refused
        OidcTokenValidator es = validator(Map.of("algorithms", new String[] {"ES256"}));
        assertTrue(refused(es, sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256))
                .contains("allowed: ES256"));
    }

    @Test
    void keyRotationFetchesTheSetAgain() throws Exception {
        OidcTokenValidator v = validator(Map.of("jwks_refresh_min_seconds", 0.0));
        v.validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        PublicJsonWebKey next = RsaJwkGenerator.generateJwk(2048);
        next.setKeyId("rsa-2");
        publish(next, ec);
        v.validate(sign(claims(), next, AlgorithmIdentifiers.RSA_USING_SHA256));
        assertEquals(2, idp.requests("/realms/test/certs"));
        // the old key is gone from the new set (it is cached no longer)
        assertTrue(refused(v, sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256)).contains("'rsa-1'"));
    }

    @Test
    void unknownKeysDoNotHammerTheIssuer() throws Exception {
        OidcTokenValidator v = validator(Map.of("jwks_refresh_min_seconds", 3600.0));
        v.validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        PublicJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        other.setKeyId("x");
        for (int i = 0; i < 5; i++) {
            refused(v, sign(claims(), other, AlgorithmIdentifiers.RSA_USING_SHA256));
        }
        assertEquals(1, idp.requests("/realms/test/certs"));
    }

    @Test
    void anUnreachableIssuerMeansUnavailable() throws Exception {
        String token = sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256);
        idp.route("/realms/test/certs", x -> x.respond(500, "text/plain", "down"));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> validator().validate(token));
        assertTrue(e.unavailable());
        assertTrue(e.getMessage().contains("answered 500"), e.getMessage());

        idp.route("/realms/test/.well-known/openid-configuration", x -> x.json(200, "{\"issuer\": \"x\"}"));
        TokenRejectedException d = assertThrows(TokenRejectedException.class, () -> validator().validate(token));
        assertTrue(d.unavailable());
        assertTrue(d.getMessage().contains("names no 'jwks_uri'"), d.getMessage());
    }

    @Test
    void anIssuerThatIsNoDataSourceMustBeOnAPublicAddress() throws Exception {
        String token = sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256);
        OidcTokenValidator unconfigured = new OidcTokenValidator(config(Map.of("enabled", true, "issuer", issuer,
                "audience", new String[] {AUDIENCE})), Sources.none(null));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> unconfigured.validate(token));
        assertTrue(e.unavailable());
        assertTrue(e.getMessage().startsWith("The access token cannot be checked now: The identity provider could "
                + "not be reached"), e.getMessage());
        assertEquals(0, idp.log().size(), "nothing was sent to the loopback issuer");

        // another source for the handler does not open the issuer either
        OidcTokenValidator elsewhere = new OidcTokenValidator(config(Map.of("enabled", true, "issuer", issuer,
                "audience", new String[] {AUDIENCE})), Sources.one("kc", OidcTokenValidator.HANDLER,
                        "https://kc.example.org/realms/", Map.of()));
        TokenRejectedException f = assertThrows(TokenRejectedException.class, () -> elsewhere.validate(token));
        assertTrue(f.unavailable());
        assertTrue(f.getMessage().contains("kc"), f.getMessage());
        assertEquals(0, idp.log().size());
    }

    @Test
    void disabledLetsEverythingPassAndBrokenSettingsRefuseEverything() throws Exception {
        OidcTokenValidator off = new OidcTokenValidator(config(Map.of()), Sources.none(null));
        off.validate(null);
        off.validate("anything");
        assertEquals(0, idp.log().size());

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("issuer", ""),
                Map.of("audience", new String[0]), Map.of("algorithms", new String[] {"HS256"}))) {
            TokenRejectedException e = assertThrows(TokenRejectedException.class,
                    () -> validator(bad).validate(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256)));
            assertTrue(e.unavailable());
            assertTrue(e.getMessage().startsWith("Access-token validation is enabled but misconfigured on this "
                    + "server: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(etc/org.fractalis.auth.oidc.cfg)"), e.getMessage());
        }
    }
}
