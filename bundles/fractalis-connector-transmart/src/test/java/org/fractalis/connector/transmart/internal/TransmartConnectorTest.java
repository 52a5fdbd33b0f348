package org.fractalis.connector.transmart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.fractalis.testkit.fakes.JsonText.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.testing.Configs;
import org.fractalis.http.testing.FakeServer;
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

    private static TransmartConnector connector(Map<String, ?> props) {
        return new TransmartConnector(Configs.of(TransmartConnector.Config.class, props));
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

    private Frame load(Map<String, Object> descriptor) throws ConnectorException {
        return connector.load(new EtlRequest("t1", tm.url(), tm.token(), descriptor));
    }

    /** What the user reads as etl_message when the load fails (core's wrapping); a crash fails the test. */
    private String etlMessage(TransmartConnector c, String token, Map<String, Object> descriptor) {
        try {
            c.load(new EtlRequest("t1", tm.url(), token, descriptor));
            return null;
        } catch (ConnectorException e) {
            return "RuntimeError: " + (e.phase() == ConnectorException.Phase.TRANSFORM ? "Data transformation failed. "
                    : "Data extraction failed. ") + e.getMessage();
        }
    }

    private String etlMessage(Map<String, Object> descriptor) {
        return etlMessage(connector, tm.token(), descriptor);
    }

    private static List<String> rows(Frame f) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < f.size(); r++) {
            out.add(f.id(r) + "|" + f.feature(r) + "|" + f.value(r));
        }
        return out;
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
            ConnectorException e = assertThrows(ConnectorException.class, () -> connector.login(tm.url(), json(c[0])));
            assertEquals("'The authentication object must contain the non-empty field: \"" + c[1] + "\"'",
                    e.getMessage());
        }
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.login(tm.url(),
                json("{\"user\": \"a\", \"passwd\": \"b\", \"authServiceType\": \"ldap\"}")));
        assertEquals("\"The authentication service type in authentication object has to be one of 'oidc', "
                + "'transmart'\"", e.getMessage());
    }

    @Test
    void wrongCredentialsAndOddTokenAnswers() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.login(tm.url(), transmartAuth("wrong")));
        assertEquals("Could not authenticate. Reason: [401]: {\"error\": \"invalid_grant\", \"error_description\": "
                + "\"Bad credentials\"}", e.getMessage());
        tm.server.route("/oauth/token", x -> x.respond(200, "text/html", "<html>Sign in</html>"));
        e = assertThrows(ConnectorException.class, () -> connector.login(tm.url(), transmartAuth("pw")));
        assertEquals("Could not authenticate. Got unexpected response: '<html>Sign in</html>'", e.getMessage());
        tm.server.route("/oauth/token", x -> x.json(200, "{\"token_type\": \"bearer\"}"));
        e = assertThrows(ConnectorException.class, () -> connector.login(tm.url(), transmartAuth("pw")));
        assertEquals("'access_token' is missing in the answer of the token endpoint.", e.getMessage());
        tm.server.route("/oauth/token", x -> x.respond(502, "text/plain", "bad gateway for pw=pw"));
        e = assertThrows(ConnectorException.class, () -> connector.login(tm.url(), transmartAuth("pw")));
        assertFalse(e.getMessage().contains("pw=pw"), e.getMessage());
    }

    @Test
    void tokenEndpointTimeout() {
        tm.server.route("/oauth/token", FakeServer.Exchange::stall);
        long t0 = System.nanoTime();
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector(Map.of("login.timeout.seconds", 0.3)).login(tm.url(), transmartAuth("pw")));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertTrue(e.getMessage().startsWith("No complete answer from " + tm.url() + "/oauth/token within 0.3 s"),
                e.getMessage());
    }

    @Test
    void oidcEndpointsCanBeRestricted() {
        TransmartConnector strict = connector(Map.of("allowed.oidc.servers", "https://kc.example.org/realms/"));
        Map<String, Object> auth = Map.of("user", "a", "passwd", "b", "authServiceType", "oidc", "oidcClientId", "c",
                "oidcServerUrl", tm.url() + "/oidc/token");
        ConnectorException e = assertThrows(ConnectorException.class, () -> strict.login(tm.url(), auth));
        assertEquals("The OIDC token endpoint " + tm.url() + "/oidc/token is not allowed here (allowed.oidc.servers "
                + "in etc/org.fractalis.connector.transmart.cfg).", e.getMessage());
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
    }

    // ---- loads

    @Test
    void numericalClinicalData() throws Exception {
        String token = tm.token();
        Frame f = connector.load(new EtlRequest("t1", tm.url(), token, AGE));
        assertEquals(List.of("3052|DM:AGE|52.0", "3053|DM:AGE|61.0", "3054|DM:AGE|47.0"), rows(f));
        FakeServer.Exchange x = tm.server.last("/v2/observations");
        assertEquals("Bearer " + token, x.header("Authorization"));
        assertEquals("application/json", x.header("Accept"));
        assertEquals(json("{\"constraint\": {\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}, \"type\": "
                + "\"clinical\"}"), tm.lastBody());
    }

    @Test
    void categoricalClinicalData() throws Exception {
        assertEquals(List.of("3052|DM:SEX|male", "3053|DM:SEX|female", "3054|DM:SEX|female"), rows(load(SEX)));
    }

    @Test
    void constraintAsJsonTextIsForwardedUnchanged() throws Exception {
        Map<String, Object> d = new HashMap<>(AGE);
        d.put("constraint", "{\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}");
        assertEquals(3, load(d).size());
        assertEquals("{\"type\": \"concept\", \"conceptCode\": \"DM:AGE\"}", tm.lastBody().get("constraint"));
    }

    @Test
    void highDimensionalDataWithBiomarkerConstraint() throws Exception {
        Frame f = load(EXPR);
        assertEquals(DataKind.NUMERICAL_ARRAY, f.kind());
        List<String> expected = new ArrayList<>();
        String[] probes = {"201746_at", "1565483_at", "211607_x_at"};
        String[] samples = {"GSM210004", "GSM210005", "GSM210006"};
        for (int b = 0; b < probes.length; b++) {
            for (int a = 0; a < samples.length; a++) {
                expected.add(samples[a] + "|" + probes[b] + "|" + FakeTransmart.intensity(a, b));
            }
        }
        assertEquals(expected, rows(f));
        Map<String, Object> body = tm.lastBody();
        assertEquals("autodetect", body.get("type"));
        assertEquals("log_intensity", body.get("projection"));
        assertEquals(EXPR.get("biomarker_constraint"), body.get("biomarker_constraint"));
    }

    @Test
    void dimensionsAreFoundWhateverTheKeyOrder() throws Exception {
        List<String> expected = rows(load(AGE));
        List<String> expectedArray = rows(load(EXPR));
        tm.mode = FakeTransmart.Mode.DECLARATIONS_LAST;
        assertEquals(expected, rows(load(AGE)));
        assertEquals(expectedArray, rows(load(EXPR)));
        tm.mode = FakeTransmart.Mode.NO_DECLARATIONS;
        assertEquals(expected, rows(load(AGE)));
        assertEquals(expectedArray, rows(load(EXPR)));
    }

    @Test
    void cellsWithoutValues() throws Exception {
        tm.mode = FakeTransmart.Mode.MISSING_VALUES;
        assertEquals(List.of("3052|DM:AGE|52.0", "3053|DM:AGE|61.0", "3054|DM:AGE|NaN"), rows(load(AGE)));
        assertEquals(List.of("3052|DM:SEX|male", "3053|DM:SEX|female"), rows(load(SEX)));
    }

    // ---- failures

    @Test
    void unauthorizedAnswer() {
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 401. Message: "
                + "{\"httpStatus\": 401, \"type\": \"Unauthorized\", \"message\": \"Invalid access token\"}. The "
                + "tranSMART token is not valid (expired?): log in again.", etlMessage(connector, "expired", AGE));
    }

    @Test
    void serverErrorWithTextBody() {
        tm.mode = FakeTransmart.Mode.ERROR_500;
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500. Message: "
                + "java.lang.OutOfMemoryError: Java heap space.", etlMessage(AGE));
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
    void unknownConceptIsTheServersMessage() {
        Map<String, Object> d = new HashMap<>(AGE);
        d.put("constraint", Map.of("type", "concept", "conceptCode", "DM:NOPE"));
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 400. Message: "
                + "{\"httpStatus\": 400, \"type\": \"InvalidArgumentsException\", \"message\": \"Unknown concept "
                + "DM:NOPE\"}.", etlMessage(d));
    }

    @Test
    void stalledServerTimesOut() {
        tm.mode = FakeTransmart.Mode.STALL;
        long t0 = System.nanoTime();
        String m = etlMessage(connector(Map.of("read.timeout.seconds", 0.3)), tm.token(), AGE);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("RuntimeError: Data extraction failed. No complete answer from " + tm.url() + "/v2/observations "
                + "within 0.3 s (read.timeout.seconds in etc/org.fractalis.connector.transmart.cfg).", m);
    }

    @Test
    void tokensNeverAppearInMessages() {
        String token = "secret-token-that-the-server-echoes";
        tm.server.route("/v2/observations", x -> x.respond(401, "text/plain", "bad token " + x.header("Authorization")));
        String m = etlMessage(connector, token, AGE);
        assertFalse(m.contains(token), m);
        assertTrue(m.contains("bad token Bearer ***"), m);
    }
}
