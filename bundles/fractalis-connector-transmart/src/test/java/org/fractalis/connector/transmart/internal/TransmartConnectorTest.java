package org.fractalis.connector.transmart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoadFails;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoginFails;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.fakes.JsonText.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.http.testing.Resolvers;
import org.fractalis.http.testing.Sources;
import org.fractalis.testkit.connector.Loaded;
import org.fractalis.testkit.connector.Refusal;
import org.fractalis.testkit.fakes.FakeTransmart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


class TransmartConnectorTest {

    private final FakeTransmart tm = new FakeTransmart();
    private final TransmartConnector connector = connector(Map.of());

    @AfterEach
    void stop() {
        tm.close();
    }

    /** No data source configured (the fakes count as public hosts), or one source "tm-test" for the fake. */
    private TransmartConnector connector(Map<String, ?> props) {
        return new TransmartConnector(props.isEmpty() ? Sources.none(Resolvers.ALL_PUBLIC)
                : Sources.one("tm-test", "transmart", tm.url(), props));
    }

    private static final Map<String, Object> AGE = json("{\"constraint\": {\"type\": \"concept\", \"conceptCode\": "
            + "\"DM:AGE\"}, \"data_type\": \"numerical\", \"label\": \"DM:AGE\"}");
    private static final Map<String, Object> SEX = json("{\"constraint\": {\"type\": \"concept\", \"conceptCode\": "
            + "\"DM:SEX\"}, \"data_type\": \"categorical\", \"label\": \"DM:SEX\"}");
    private static final Map<String, Object> EXPR = json("{\"constraint\": {\"type\": \"and\", \"args\": ["
            + "{\"type\": \"concept\", \"conceptCode\": \"EXPR:GSE4382\"}, {\"type\": \"study_name\", \"studyId\": "
            + "\"GSE4382\"}]}, \"data_type\": \"numerical_array\", \"label\": \"EXPR:GSE4382\", \"biomarker_constraint\": "
            + "{\"type\": \"biomarker\", \"biomarkerType\": \"genes\", \"params\": {\"names\": [\"TP53\", \"EGFR\"]}}}");

    private Map<String, Object> transmartAuth(String password) {
        return Map.of("user", FakeTransmart.USER, "passwd", password, "authServiceType", "transmart");
    }

    /** Loads from the fake with a valid token, as the node does: the frame passes the node's rules. */
    private Loaded load(Map<String, Object> descriptor) {
        return assertLoads(connector, tm.url(), tm.token(), descriptor);
    }

    /** What the user reads as etl_message when the (accepted) descriptor's load fails; a crash fails the test. */
    private String etlMessage(TransmartConnector c, String token, Map<String, Object> descriptor) {
        return assertLoadFails(c, tm.url(), token, descriptor).etlMessage();
    }

    private String etlMessage(Map<String, Object> descriptor) {
        return etlMessage(connector, tm.token(), descriptor);
    }

    // ---- tokens

    @Test
    void transmartOAuthToken() throws Exception {
        String token = connector.login(tm.url(), transmartAuth(FakeTransmart.PASSWORD));
        assertTrue(tm.tokens.contains(token));
        FakeServer.Exchange x = tm.server.last("/oauth/token");
        assertNull(x.rawQuery(), "credentials travel in the form body, not the URL");
        assertEquals(Map.of("grant_type", List.of("password"), "client_id", List.of("glowingbear-js"), "client_secret",
                List.of(""), "username", List.of(FakeTransmart.USER), "password", List.of(FakeTransmart.PASSWORD)),
                x.form());
        assertEquals("application/json", x.header("Accept"));
    }

    @Test
    void oidcPasswordGrant() throws Exception {
        Map<String, Object> auth = Map.of("user", FakeTransmart.USER, "passwd", FakeTransmart.PASSWORD,
                "authServiceType", "OIDC", "oidcClientId", FakeTransmart.OIDC_CLIENT, "oidcServerUrl",
                tm.url() + "/oidc/token");
        assertTrue(tm.tokens.contains(connector.login(tm.url(), auth)));
        assertEquals(0, tm.server.requests("/oauth/token"));
        assertEquals(1, tm.server.requests("/oidc/token"));
    }

    @Test
    void authFieldsAreCheckedInOrder() {
        String[][] cases = {{"{}", "user"}, {"{\"user\": \"a\"}", "passwd"},
            {"{\"user\": \"a\", \"passwd\": \"\"}", "passwd"}, {"{\"user\": \"a\", \"passwd\": \"b\"}", "authServiceType"},
            {"{\"user\": \"a\", \"passwd\": \"b\", \"authServiceType\": \"oidc\"}", "oidcClientId"},
            {"{\"user\": \"a\", \"passwd\": \"b\", \"authServiceType\": \"oidc\", \"oidcClientId\": \"c\"}",
                "oidcServerUrl"}};
        for (String[] c : cases) {
            assertLoginFails(connector, tm.url(), json(c[0]))
                    .withMessage("'The authentication object must contain the non-empty field: \"" + c[1] + "\"'");
        }
        assertLoginFails(connector, tm.url(), json("{\"user\": \"a\", \"passwd\": \"b\", \"authServiceType\": "
                + "\"ldap\"}")).withMessage("\"The authentication service type in authentication object has to be one "
                        + "of 'oidc', 'transmart'\"");
    }

    @Test
    void wrongCredentialsAndOddTokenAnswers() {
        assertLoginFails(connector, tm.url(), transmartAuth("wrong")).withMessage(
                "Could not authenticate. Reason: [401]: the token endpoint answered HTTP 401 (Unauthorized).");
        tm.server.route("/oauth/token", x -> x.respond(200, "text/html", "<html>Sign in</html>"));
        assertLoginFails(connector, tm.url(), transmartAuth("pw")).withMessage("Could not authenticate. Got unexpected "
                + "response: the token endpoint's answer is not a JSON object.");
        tm.server.route("/oauth/token", x -> x.json(200, "{\"token_type\": \"bearer\"}"));
        assertLoginFails(connector, tm.url(), transmartAuth("pw"))
                .withMessage("'access_token' is missing in the answer of the token endpoint.");
        tm.server.route("/oauth/token", x -> x.respond(502, "text/plain", "bad gateway for pw=pw"));
        assertLoginFails(connector, tm.url(), transmartAuth("pw")).withMessageNotContaining("pw=pw");
    }

    @Test
    void tokenEndpointTimeout() {
        tm.server.route("/oauth/token", FakeServer.Exchange::stall);
        long t0 = System.nanoTime();
        Refusal r = assertLoginFails(connector(Map.of("login.timeout.seconds", 0.3)), tm.url(), transmartAuth("pw"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertTrue(r.message().startsWith("No complete answer from " + tm.url() + "/oauth/token within 0.3 s"),
                r.message());
    }

    @Test
    void oidcEndpointsCanBeRestricted() {
        TransmartConnector strict = new TransmartConnector(
                Sources.one("kc", "transmart", "https://kc.example.org/realms/", Map.of()));
        Map<String, Object> auth = Map.of("user", "a", "passwd", "b", "authServiceType", "oidc", "oidcClientId", "c",
                "oidcServerUrl", tm.url() + "/oidc/token");
        assertLoginFails(strict, tm.url(), auth).withMessage("The server " + tm.url() + "/oidc/token is not a data "
                + "source of this node for 'transmart'. Allowed (by name, or a URL under the source's URL): 'kc'. An "
                + "operator adds sources in etc/org.fractalis.source-<name>.cfg.");
        assertEquals(0, tm.server.requests("/oidc/token"));
    }

    // ---- descriptors

    @Test
    void kindAndLabelAreTakenLiterally() throws Exception {
        assertEquals(DataKind.NUMERICAL, connector.kind(AGE));
        assertEquals(DataKind.CATEGORICAL, connector.kind(SEX));
        assertEquals(DataKind.NUMERICAL_ARRAY, connector.kind(EXPR));
        assertEquals("EXPR:GSE4382", connector.label(EXPR));
        assertThrows(ConnectorException.class, () -> connector.kind(json("{\"constraint\": {}, \"label\": \"x\"}")));
        assertThrows(ConnectorException.class,
                () -> connector.kind(json("{\"data_type\": \"numerical\", \"label\": \"x\"}")));
        assertThrows(ConnectorException.class,
                () -> connector.label(json("{\"data_type\": \"numerical\", \"constraint\": {}}")));
        // as the node sees them: refused when POST /data arrives (HTTP 400), nothing is loaded
        assertRefuses(connector, json("{\"data_type\": \"numerical\", \"constraint\": {}}"));
        assertEquals(0, tm.server.requests("/v2/observations"));
    }

    // ---- loads

    @Test
    void numericalClinicalData() throws Exception {
        String token = tm.token();
        assertEquals(List.of("3052|DM:AGE|52.0", "3053|DM:AGE|61.0", "3054|DM:AGE|47.0"),
                assertLoads(connector, tm.url(), token, AGE).numerical().withUniqueIds().withLabel("DM:AGE").rows());
        FakeServer.Exchange x = tm.server.last("/v2/observations");
        assertEquals("Bearer " + token, x.header("Authorization"));
        assertEquals("application/json", x.header("Accept"));
        assertEquals(json("{\"constraint\": {\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}, \"type\": "
                + "\"clinical\"}"), tm.lastBody());
    }

    @Test
    void categoricalClinicalData() {
        assertEquals(List.of("3052|DM:SEX|male", "3053|DM:SEX|female", "3054|DM:SEX|female"),
                load(SEX).categorical().withUniqueIds().withLabel("DM:SEX").rows());
    }

    @Test
    void constraintAsJsonTextIsForwardedUnchanged() throws Exception {
        Map<String, Object> d = new HashMap<>(AGE);
        d.put("constraint", "{\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}");
        load(d).numerical().withRows(3);
        assertEquals("{\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}", tm.lastBody().get("constraint"));
    }

    @Test
    void highDimensionalDataWithBiomarkerConstraint() throws Exception {
        Loaded l = load(EXPR).numericalArray().withLabel("EXPR:GSE4382");
        List<String> expected = new ArrayList<>();
        String[] probes = {"201746_at", "1565483_at", "211607_x_at"};
        String[] samples = {"GSM210004", "GSM210005", "GSM210006"};
        for (int b = 0; b < probes.length; b++) {
            for (int a = 0; a < samples.length; a++) {
                expected.add(samples[a] + "|" + probes[b] + "|" + FakeTransmart.intensity(a, b));
            }
        }
        assertEquals(expected, l.rows());
        Map<String, Object> body = tm.lastBody();
        assertEquals("autodetect", body.get("type"));
        assertEquals("log_intensity", body.get("projection"));
        assertEquals(EXPR.get("biomarker_constraint"), body.get("biomarker_constraint"));
    }

    @Test
    void dimensionsAreFoundWhateverTheKeyOrder() {
        List<String> expected = load(AGE).rows();
        List<String> expectedArray = load(EXPR).rows();
        tm.mode = FakeTransmart.Mode.DECLARATIONS_LAST;
        assertEquals(expected, load(AGE).rows());
        assertEquals(expectedArray, load(EXPR).rows());
        tm.mode = FakeTransmart.Mode.NO_DECLARATIONS;
        assertEquals(expected, load(AGE).rows());
        assertEquals(expectedArray, load(EXPR).rows());
    }

    @Test
    void cellsWithoutValues() {
        tm.mode = FakeTransmart.Mode.MISSING_VALUES;
        assertEquals(List.of("3052|DM:AGE|52.0", "3053|DM:AGE|61.0", "3054|DM:AGE|NaN"), load(AGE).numerical().rows());
        assertEquals(List.of("3052|DM:SEX|male", "3053|DM:SEX|female"), load(SEX).categorical().rows());
    }

    // ---- failures

    @Test
    void unauthorizedAnswer() {
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 401. The "
                + "tranSMART token is not valid (expired?): log in again.", etlMessage(connector, "expired", AGE));
    }

    @Test
    void serverErrorWithTextBody() {
        tm.mode = FakeTransmart.Mode.ERROR_500;
        // the status only: the answer's body is never repeated
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                etlMessage(AGE));
    }

    @Test
    void invalidJson() {
        tm.mode = FakeTransmart.Mode.INVALID_JSON;
        assertEquals("RuntimeError: Data extraction failed. Got unexpected data format.", etlMessage(AGE));
    }

    @Test
    void truncatedJson() {
        tm.mode = FakeTransmart.Mode.TRUNCATED;
        String m = etlMessage(AGE);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. Got unexpected data format. The answer "), m);
        assertTrue(m.contains("cut off"), m);
    }

    @Test
    void duplicatePatient() {
        tm.mode = FakeTransmart.Mode.DUPLICATE_PATIENT;
        assertEquals("RuntimeError: Data transformation failed. 'id' column must be unique for this data type. "
                + "Patient '3052' has more than one observation (several visits, or several studies with the same "
                + "in-trial id); narrow the constraint to one visit and study.", etlMessage(AGE));
    }

    @Test
    void missingPatientDimension() {
        tm.mode = FakeTransmart.Mode.NO_PATIENT_DIMENSION;
        assertEquals("RuntimeError: Data transformation failed. The answer has no 'patient' dimension.",
                etlMessage(AGE));
    }

    @Test
    void unknownConceptIsTheServersStatus() {
        Map<String, Object> d = new HashMap<>(AGE);
        d.put("constraint", Map.of("type", "concept", "conceptCode", "DM:NOPE"));
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 400.",
                etlMessage(d));
    }

    @Test
    void stalledServerTimesOut() {
        tm.mode = FakeTransmart.Mode.STALL;
        long t0 = System.nanoTime();
        String m = etlMessage(connector(Map.of("read.timeout.seconds", 0.3)), tm.token(), AGE);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("RuntimeError: Data extraction failed. No complete answer from " + tm.url() + "/v2/observations "
                + "within 0.3 s (read.timeout.seconds in etc/org.fractalis.source-tm-test.cfg).", m);
    }

    @Test
    void tokensAndBodiesNeverAppearInMessages() {
        String token = "secret-token-that-the-server-echoes";
        tm.server.route("/v2/observations", x -> x.respond(401, "text/plain", "bad token " + x.header("Authorization")));
        String m = etlMessage(connector, token, AGE);
        assertFalse(m.contains(token), m);
        assertFalse(m.contains("bad token"), "no part of the answer's body is repeated: " + m);
    }

    // ---- server-side request forgery (issue 10, finding 4)

    @Test
    void loopbackAndMetadataDestinationsAreRefusedByDefault() {
        TransmartConnector c = new TransmartConnector(Sources.none(null));
        assertLoginFails(c, tm.url(), transmartAuth("pw")).withMessageContaining("is a loopback address");
        Map<String, Object> oidc = Map.of("user", "a", "passwd", "b", "authServiceType", "oidc", "oidcClientId", "c",
                "oidcServerUrl", "http://[fd00:ec2::254]/token");
        assertLoginFails(c, tm.url(), oidc).withMessageContaining("private address")
                .withMessageContaining("etc/org.fractalis.source-<name>.cfg with handlers = transmart");
        String m = etlMessage(c, tm.token(), AGE);
        assertTrue(m.contains("is a loopback address"), m);
        assertEquals(0, tm.server.log().size());
    }

    @Test
    void allowListedLoopbackServersAreUsed() {
        TransmartConnector c = new TransmartConnector(Sources.one("tm", "transmart", tm.url(), Map.of()));
        Loaded l = assertLoads(c, tm.url(), transmartAuth(FakeTransmart.PASSWORD), AGE);
        assertTrue(tm.tokens.contains(l.token()));
        assertFalse(l.numerical().rows().isEmpty());
        // by its configured name
        l = assertLoads(c, "tm", transmartAuth(FakeTransmart.PASSWORD), AGE);
        assertTrue(tm.tokens.contains(l.token()));
        assertFalse(l.numerical().rows().isEmpty());
        // an OIDC token endpoint that is not a source of 'transmart' is refused before any request
        Map<String, Object> oidc = Map.of("user", "a", "passwd", "b", "authServiceType", "oidc", "oidcClientId", "c",
                "oidcServerUrl", "https://sso.example.org/token");
        assertLoginFails(c, tm.url(), oidc).withMessageContaining("is not a data source of this node for 'transmart'")
                .withMessageContaining("'tm'");
    }
}
