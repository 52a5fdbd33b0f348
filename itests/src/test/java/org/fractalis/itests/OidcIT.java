package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.List;
import java.util.Map;

import org.fractalis.http.testing.FakeServer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A node with OIDC access-token validation enabled (etc/org.fractalis.auth.oidc.cfg) against an issuer played by
 * the test (discovery document and JWKS on loopback, keys generated and tokens signed here): a valid token loads
 * data (201, SUCCESS) and restores a state (202); missing, expired, foreign-audience or forged tokens get 403
 * with a clear message; GET and DELETE need neither body nor token.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OidcIT extends FractalisTestSupport {
    static final String ISSUER_PORT = "fractalis.itest.issuer.port";
    static final String PID_FILE = "etc/org.fractalis.auth.oidc.cfg";

    @Configuration
    public Option[] config() {
        String port = Integer.toString(freePort());
        return baseConfig(systemProperty(ISSUER_PORT).value(port),
                editConfigurationFilePut(PID_FILE, "enabled", "true"),
                editConfigurationFilePut(PID_FILE, "issuer", "http://127.0.0.1:" + port + "/realms/test"),
                editConfigurationFilePut(PID_FILE, "audience", "fractalis"),
                // an in-house (here loopback) issuer is contacted as a configured data source of handler oidc
                editConfigurationFilePut("etc/org.fractalis.source-idp.cfg", "url", "http://127.0.0.1:" + port + "/realms/test"),
                editConfigurationFilePut("etc/org.fractalis.source-idp.cfg", "handlers", "oidc"));
    }

    private static String issuer(FakeServer idp) {
        return idp.url() + "/realms/test";
    }

    private static FakeServer issuerWith(RsaJsonWebKey key) {
        FakeServer idp = FakeServer.start(Integer.parseInt(System.getProperty(ISSUER_PORT)));
        String issuer = issuer(idp);
        idp.route("/realms/test/.well-known/openid-configuration", x -> x.json(200,
                "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + issuer + "/protocol/openid-connect/certs\"}"));
        String jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        idp.route("/realms/test/protocol/openid-connect/certs", x -> x.json(200, jwks));
        return idp;
    }

    private static String token(FakeServer idp, RsaJsonWebKey key, String audience, long expiresIn) throws Exception {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer(idp));
        c.setAudience(audience);
        c.setSubject("ann");
        c.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + expiresIn));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static Map<String, Object> loadBody(Map<String, Object> auth) {
        return Map.of("handler", "test", "server", "http://test", "auth", auth, "descriptors",
                List.of(rows("numerical", "age", List.of(row("p1", "age", 30), row("p2", "age", 40)))));
    }

    private static void assertRefused(Browser.Reply r, String message) {
        assertEquals(r.toString(), 403, r.status());
        assertEquals(message, r.json().get("error").asText());
    }

    @Test
    public void onlyValidTokensLoadAndRestore() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        try (FakeServer idp = issuerWith(key)) {
            Browser b = browser();
            String valid = token(idp, key, "fractalis", 300);

            Browser.Reply ok = b.post("/data?wait=1", loadBody(Map.of("token", valid)));
            assertEquals(ok.toString(), 201, ok.status());
            List<String> ids = ids(b);
            assertEquals(1, ids.size());
            assertEquals("SUCCESS", dataState(b, ids.get(0)).get("etl_state").asText());

            assertRefused(b.post("/data", loadBody(Map.of("user", "ann"))),
                    "Access unauthorized: the request carries no access token (auth.token).");
            assertRefused(b.post("/data", loadBody(Map.of("token", token(idp, key, "fractalis", -300)))),
                    "Access unauthorized: the access token has expired.");
            assertRefused(b.post("/data", loadBody(Map.of("token", token(idp, key, "other-app", 300)))),
                    "Access unauthorized: the access token is not meant for this server (its audience is not "
                            + "fractalis).");
            RsaJsonWebKey forged = RsaJwkGenerator.generateJwk(2048);
            forged.setKeyId("k1");
            String forgedToken = token(idp, forged, "fractalis", 300);
            Browser.Reply forgedReply = b.post("/data", loadBody(Map.of("token", forgedToken)));
            assertRefused(forgedReply, "Access unauthorized: the access token's signature is not valid.");
            assertFalse(forgedReply.body().contains(forgedToken));
            assertEquals("refused requests create nothing", ids, ids(b));

            // GET and DELETE: no body, no token (CLIENT_CONTRACT §9.1)
            assertEquals(200, b.get("/data/meta/" + ids.get(0)).status());

            // state restore in a second session
            Browser.Reply saved = b.post("/state", Map.of("state", Map.of("chartName", "histogram", "chartState",
                    Map.of("data", ref(ids.get(0)))), "handler", "test", "server", "http://test"));
            assertEquals(saved.toString(), 201, saved.status());
            String stateId = saved.json().get("state_id").asText();
            Browser other = browser();
            assertRefused(other.post("/state/" + stateId, Map.of("auth", Map.of("token", "not-a-jwt"))),
                    "Access unauthorized: the access token is not a well-formed signed JWT.");
            assertEquals(404, other.get("/state/" + stateId).status()); // the refused restore granted nothing
            Browser.Reply restored = other.post("/state/" + stateId + "?wait=1", Map.of("auth", Map.of("token", valid)));
            assertEquals(restored.toString(), 202, restored.status());
            assertEquals(200, other.get("/state/" + stateId + "?wait=1").status());

            assertEquals(200, b.delete("/data/" + ids.get(0)).status());
            assertEquals(200, b.delete("/data").status());
            assertEquals(200, b.get("/data").status());
            assertEquals(1, idp.requests("/realms/test/.well-known/openid-configuration"));
            assertEquals(1, idp.requests("/realms/test/protocol/openid-connect/certs"));
        }
    }
}
