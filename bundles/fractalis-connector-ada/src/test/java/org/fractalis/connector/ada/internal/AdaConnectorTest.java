package org.fractalis.connector.ada.internal;

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

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.http.testing.Resolvers;
import org.fractalis.http.testing.Sources;
import org.fractalis.testkit.connector.Loaded;
import org.fractalis.testkit.connector.Refusal;
import org.fractalis.testkit.fakes.FakeAda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


class AdaConnectorTest {

    private final FakeAda ada = new FakeAda();
    private final AdaConnector connector = connector(Map.of());

    @AfterEach
    void stop() {
        ada.close();
    }

    /** No data source configured (the fakes count as public hosts), or one source "ada-test" for the fake. */
    private AdaConnector connector(Map<String, ?> props) {
        return new AdaConnector(props.isEmpty() ? Sources.none(Resolvers.ALL_PUBLIC)
                : Sources.one("ada-test", "ada", ada.url(), props));
    }

    private static Map<String, Object> field(String dataSet, String name, String label, String type, boolean array,
            String numValues) {
        return json("{\"data_set\": \"" + dataSet + "\", \"dictionary\": {\"name\": \"" + name + "\", \"projection\": \""
                + name + "\", \"label\": \"" + label + "\", \"fieldType\": \"" + type + "\", \"numValues\": "
                + numValues + ", \"isArray\": " + array + "}}");
    }

    private static final Map<String, Object> SEX = field("ppmi.clinical_visit", "sex", "Sex", "Enum", false,
            "{\"0\": \"Female\", \"1\": \"Male\"}");

    /** Loads from the fake with a valid session, as the node does: the frame passes the node's rules. */
    private Loaded load(AdaConnector c, Map<String, Object> descriptor) {
        return assertLoads(c, ada.url(), ada.session(), descriptor);
    }

    /** What the user reads as etl_message when the (accepted) descriptor's load fails; a crash fails the test. */
    private static String etlMessage(AdaConnector c, String server, String token, Map<String, Object> descriptor) {
        return assertLoadFails(c, server, token, descriptor).etlMessage();
    }

    private String etlMessage(Map<String, Object> descriptor) {
        return etlMessage(connector, ada.url(), ada.session(), descriptor);
    }

    // ---- login

    @Test
    void loginReturnsTheSessionCookie() throws Exception {
        String token = connector.login(ada.url(), Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD));
        assertTrue(ada.sessions.contains(token));
        FakeServer.Exchange x = ada.server.last("/login");
        assertEquals("application/json", x.header("Accept"));
        assertNull(x.rawQuery(), "credentials go in the form body, not the URL");
        assertEquals(FakeAda.USER, x.form().get("id").get(0));
    }

    @Test
    void wrongCredentials() {
        assertLoginFails(connector, ada.url(), Map.of("user", FakeAda.USER, "passwd", "wrong"))
                .withMessage("Could not authenticate. Reason: [401]: ADA answered HTTP 401 (Unauthorized).");
    }

    @Test
    void missingCredentials() {
        for (Map<String, Object> auth : List.<Map<String, Object>>of(Map.of("user", "ann"), Map.of("passwd", "x"),
                Map.of("user", "", "passwd", "x"), Map.of("token", ""))) {
            assertLoginFails(connector, ada.url(), auth).withMessage(AdaConnector.MISSING_CREDENTIALS);
        }
        assertEquals(0, ada.server.requests("/login"));
    }

    @Test
    void loginAnswersWithoutCookieOrWithErrors() {
        try (FakeServer other = FakeServer.start()) {
            other.route("/login", x -> x.json(200, "{}"));
            String m = assertLoginFails(connector, other.url(), Map.of("user", "ann", "passwd", "pw")).message();
            assertTrue(m.startsWith("Could not authenticate. ADA answered without a PLAY2AUTH_SESS_ID cookie"), m);
            other.route("/login", x -> x.respond(500, "text/plain", "pw rejected: s3cr3t-pw\n\n at line 3"));
            // the status only: the answer's body is never repeated
            assertLoginFails(connector, other.url(), Map.of("user", "ann", "passwd", "s3cr3t-pw"))
                    .withMessage("Could not authenticate. Reason: [500]: ADA answered HTTP 500 (Internal Server "
                            + "Error).");
        }
    }

    @Test
    void loginAcceptsARedirectThatSetsTheSession() throws Exception {
        try (FakeServer other = FakeServer.start()) {
            other.route("/login", x -> {
                x.header("Set-Cookie", "PLAY2AUTH_SESS_ID=abc123; Path=/; HTTPOnly");
                x.redirect(303, "/dataSets");
            });
            assertEquals("abc123", connector.login(other.url(), Map.of("user", "ann", "passwd", "pw")));
            assertEquals(0, other.requests("/dataSets"), "the redirect is not followed");
        }
    }

    @Test
    void loginTimesOutAndUnreachableServers() throws Exception {
        ada.server.route("/login", FakeServer.Exchange::stall);
        AdaConnector impatient = connector(Map.of("login.timeout.seconds", 0.3));
        long t0 = System.nanoTime();
        Refusal r = assertLoginFails(impatient, ada.url(), Map.of("user", "ann", "passwd", "pw"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        r.withMessage("No complete answer from " + ada.url() + "/login within 0.3 s (read.timeout.seconds in "
                + "etc/org.fractalis.source-ada-test.cfg).");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + port;
        String m = assertLoginFails(connector, closed, Map.of("user", "a", "passwd", "b")).message();
        assertTrue(m.startsWith("Could not connect to 127.0.0.1:" + port), m);
    }

    // ---- kinds and labels

    @Test
    void kindsFollowFieldTypes() throws Exception {
        for (String t : List.of("Boolean", "String", "Enum")) {
            assertEquals(DataKind.CATEGORICAL, connector.kind(field("d", "f", "F", t, false, "{}")));
        }
        for (String t : List.of("Integer", "Double", "Date")) {
            assertEquals(DataKind.NUMERICAL, connector.kind(field("d", "f", "F", t, false, "{}")));
        }
        assertEquals(DataKind.NUMERICAL_ARRAY, connector.kind(field("d", "f", "F", "Double", true, "{}")));
        assertEquals("Sex (ppmi.clinical_visit)", connector.label(SEX));
    }

    @Test
    void unsupportedOrIncompleteDescriptors() {
        assertEquals("ADA fields of type 'Json' cannot be loaded; supported types are Boolean, String, Enum, Integer, "
                + "Double, Date and Double arrays.", assertThrows(ConnectorException.class,
                        () -> connector.kind(field("d", "f", "F", "Json", false, "{}"))).getMessage());
        assertEquals("ADA array fields of type 'Integer' cannot be loaded; only Double arrays can (as numerical_array).",
                assertThrows(ConnectorException.class,
                        () -> connector.kind(field("d", "f", "F", "Integer", true, "{}"))).getMessage());
        assertThrows(ConnectorException.class, () -> connector.label(json("{\"dictionary\": {}}")));
        assertThrows(ConnectorException.class, () -> connector.kind(json("{\"data_set\": \"d\"}")));
        assertThrows(ConnectorException.class,
                () -> connector.kind(json("{\"data_set\": \"d\", \"dictionary\": {\"name\": \"x\"}}")));
        // as the node sees them: refused when POST /data arrives (HTTP 400), nothing is loaded
        assertRefuses(connector, field("d", "f", "F", "Json", false, "{}")).withMessageContaining("'Json'");
        assertRefuses(connector, json("{\"dictionary\": {}}"));
        assertEquals(0, ada.server.requests("/dataSets/records/findCustom"));
    }

    // ---- loads

    @Test
    void enumValuesAreMappedThroughTheirLabels() {
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|Sex|Male", "5a1c3f2e8b0c4d0012a4e002|Sex|Female",
                "5a1c3f2e8b0c4d0012a4e003|Sex|Male", "5a1c3f2e8b0c4d0012a4e004|Sex|Female"),
                load(connector, SEX).categorical().withUniqueIds().withLabel("Sex (ppmi.clinical_visit)").rows());
    }

    @Test
    void theRequestCarriesSessionProjectionAndFilter() {
        load(connector, SEX);
        FakeServer.Exchange x = ada.server.last("/dataSets/records/findCustom");
        assertEquals("GET", x.method());
        assertEquals("application/json", x.header("Accept"));
        assertTrue(ada.sessions.contains(x.cookie("PLAY2AUTH_SESS_ID")));
        assertEquals(List.of("ppmi.clinical_visit"), x.query().get("dataSet"));
        assertEquals(List.of("_id", "sex"), x.query().get("projection"));
        assertEquals(List.of("[{\"fieldName\":\"sex\",\"conditionType\":\"!=\",\"value\":\"\"}]"),
                x.query().get("filterOrId"));
    }

    @Test
    void booleansBecomeTextAndStringsPassThrough() {
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|Smoker|true", "5a1c3f2e8b0c4d0012a4e002|Smoker|false",
                "5a1c3f2e8b0c4d0012a4e003|Smoker|true"),
                load(connector, field("ppmi.clinical_visit", "smoker", "Smoker", "Boolean", false, "{}")).categorical()
                        .rows());
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|Site|Kiel", "5a1c3f2e8b0c4d0012a4e002|Site|Boston"),
                load(connector, field("ppmi.clinical_visit", "site", "Site", "String", false, "{}")).categorical()
                        .rows());
    }

    @Test
    void numbersAndDates() {
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|UPDRS total|32.0", "5a1c3f2e8b0c4d0012a4e002|UPDRS total|18.0",
                "5a1c3f2e8b0c4d0012a4e004|UPDRS total|25.0"), load(connector, field("ppmi.clinical_visit",
                        "updrs_total", "UPDRS total", "Integer", false, "{}")).numerical().withUniqueIds().rows());
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|Height|1.72", "5a1c3f2e8b0c4d0012a4e002|Height|1.6",
                "5a1c3f2e8b0c4d0012a4e004|Height|1.81"), load(connector, field("ppmi.clinical_visit", "height",
                        "Height", "Double", false, "{}")).numerical().rows());
        Frame dates = load(connector, field("ppmi.clinical_visit", "visit_date", "Visit", "Date", false, "{}"))
                .numerical().frame();
        assertEquals(1459242000000.0, dates.number(0), "epoch ms pass through");
        assertEquals(java.time.Instant.parse("2016-04-02T00:00:00Z").toEpochMilli(), dates.number(1), "ISO date");
        assertEquals(java.time.Instant.parse("2016-04-03T10:15:30Z").toEpochMilli(), dates.number(2), "ISO instant");
    }

    @Test
    void doubleArraysArePaddedPerPosition() {
        Loaded l = load(connector, field("ppmi.gait", "stride_len", "Stride length", "Double", true, "{}"));
        assertEquals(List.of("5a1c3f2e8b0c4d0012a4e001|0|1.21", "5a1c3f2e8b0c4d0012a4e001|1|1.19",
                "5a1c3f2e8b0c4d0012a4e001|2|1.25", "5a1c3f2e8b0c4d0012a4e002|0|1.3", "5a1c3f2e8b0c4d0012a4e002|1|1.28",
                "5a1c3f2e8b0c4d0012a4e002|2|NaN"), l.numericalArray().withFeatures("0", "1", "2").rows());
    }

    // ---- failures the user must be able to read

    @Test
    void unknownEnumValueFailsTheTransform() {
        assertEquals("RuntimeError: Data transformation failed. '7' is not a value of the enum field 'sex' "
                + "(known values: 0, 1).", etlMessage(field("ppmi.bad_enum", "sex", "Sex", "Enum", false,
                        "{\"0\": \"Female\", \"1\": \"Male\"}")));
    }

    @Test
    void expiredSessionIsAnAuthenticationError() {
        String expected = "RuntimeError: Data extraction failed. Target server responded with status code 303. "
                + "The ADA session is not valid (expired, or a wrong token): log in to ADA again.";
        assertEquals(expected, etlMessage(connector, ada.url(), "expired0session", SEX));
        ada.unauthorizedAs401 = true;
        assertEquals(expected.replace("303", "401"), etlMessage(connector, ada.url(), "expired0session", SEX));
        assertEquals(0, ada.server.requests("/login-page"), "redirects are not followed");
    }

    @Test
    void serverErrors() {
        ada.mode = FakeAda.Mode.STATUS_500;
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 500.",
                etlMessage(SEX));
        ada.mode = FakeAda.Mode.NORMAL;
        assertEquals("RuntimeError: Data extraction failed. Target server responded with status code 400.",
                etlMessage(field("nope", "sex", "Sex", "Enum", false, "{}")));
    }

    @Test
    void htmlInsteadOfJsonIsThePossibleAuthenticationError() {
        ada.mode = FakeAda.Mode.LOGIN_PAGE_200;
        assertEquals("RuntimeError: Data extraction failed. Unexpected data format. Possible authentication error.",
                etlMessage(SEX));
    }

    @Test
    void objectInsteadOfArray() {
        ada.mode = FakeAda.Mode.OBJECT;
        assertEquals("RuntimeError: Data extraction failed. Unexpected data format: ADA answered a JSON object "
                + "instead of an array of records.", etlMessage(SEX));
    }

    @Test
    void truncatedAnswer() {
        ada.mode = FakeAda.Mode.TRUNCATED;
        String m = etlMessage(SEX);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. Unexpected data format: the answer breaks off "
                + "after 2 complete records"), m);
    }

    @Test
    void stalledServerTimesOut() {
        ada.mode = FakeAda.Mode.STALL;
        long t0 = System.nanoTime();
        String m = etlMessage(connector(Map.of("read.timeout.seconds", "0.3")), ada.url(), ada.session(), SEX);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("RuntimeError: Data extraction failed. No complete answer from " + ada.url()
                + "/dataSets/records/findCustom within 0.3 s (read.timeout.seconds in "
                + "etc/org.fractalis.source-ada-test.cfg).", m);
    }

    @Test
    void answersOverTheSizeLimit() {
        ada.mode = FakeAda.Mode.HUGE;
        String m = etlMessage(connector(Map.of("max.response.megabytes", 0.5)), ada.url(), ada.session(), SEX);
        assertEquals("RuntimeError: Data extraction failed. The answer of " + ada.url() + "/dataSets/records/findCustom"
                + " is larger than the limit of 0.50 MB (max.response.megabytes in etc/org.fractalis.source-ada-test.cfg).",
                m);
    }

    @Test
    void missingFieldsInRecords() {
        try (FakeServer other = FakeServer.start()) {
            other.route("/dataSets/records/findCustom", x -> x.json(200, "[{\"sex\": 1}]"));
            assertEquals("RuntimeError: Data transformation failed. Record 0 has no usable '_id' (expected "
                    + "{\"$oid\": \"...\"}).", etlMessage(connector, other.url(), "tok", SEX));
            other.route("/dataSets/records/findCustom", x -> x.json(200,
                    "[{\"_id\": {\"$oid\": \"a\"}}, {\"_id\": {\"$oid\": \"b\"}, \"sex\": 0}]"));
            assertEquals(List.of("b|Sex|Female"), assertLoads(connector, other.url(), "tok", SEX).categorical().rows());
            other.route("/dataSets/records/findCustom", x -> x.json(200,
                    "[{\"_id\": {\"$oid\": \"a\"}, \"height\": \"tall\"}]"));
            assertEquals("RuntimeError: Data transformation failed. Record 'a': the value \"tall\" of 'height' is not "
                    + "a number.", etlMessage(connector, other.url(), "tok",
                            field("d", "height", "Height", "Double", false, "{}")));
        }
    }

    @Test
    void tokensThatCannotBeCookiesAreRefused() {
        String m = etlMessage(connector, ada.url(), "abc; admin=1", SEX);
        assertEquals("RuntimeError: Data extraction failed. The ADA session token contains characters a cookie "
                + "cannot carry.", m);
        assertEquals(0, ada.server.requests("/dataSets/records/findCustom"));
    }

    @Test
    void aMisconfiguredSourceIsReportedNotThrownAtStartup() {
        AdaConnector broken = connector(Map.of("tls.ca.file", "/nonexistent/ca.pem"));
        String m = etlMessage(broken, ada.url(), ada.session(), SEX);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. The server " + ada.url() + " is not a data "
                + "source of this node for 'ada'. Allowed (by name, or a URL under the source's URL): "
                + "'ada-test (misconfigured)'."), m);
        assertFalse(assertLoginFails(broken, ada.url(), Map.of("user", "a", "passwd", "b")).message().isEmpty());
        assertEquals(0, ada.server.requests("/login"));
    }

    @Test
    void configuredSourcesRestrictWhereCredentialsGo() throws Exception {
        AdaConnector strict = new AdaConnector(Sources.one("main", "ada", "https://ada.example.org", Map.of()));
        assertLoginFails(strict, ada.url(), Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD)).withMessage(
                "The server " + ada.url() + " is not a data source of this node for 'ada'. Allowed (by name, "
                + "or a URL under the source's URL): 'main'. An operator adds sources in "
                + "etc/org.fractalis.source-<name>.cfg.");
        assertEquals(0, ada.server.requests("/login"));
        // the configured name stands for its URL
        AdaConnector named = new AdaConnector(Sources.one("ada-local", "ada", ada.url(), Map.of()));
        Loaded l = assertLoads(named, "ada-local", Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD), SEX);
        assertTrue(ada.sessions.contains(l.token()));
        assertFalse(l.categorical().rows().isEmpty());
    }

    // ---- server-side request forgery (issue 10, finding 4)

    /** The real resolver: loopback fakes are not public; with "allowed.servers", a source for that URL. */
    private static AdaConnector realResolver(Map<String, ?> props) {
        Object url = props.get("allowed.servers");
        return new AdaConnector(url == null ? Sources.none(null) : Sources.one("ada", "ada", (String) url, Map.of()));
    }

    @Test
    void loopbackAndMetadataServersAreRefusedByDefault() {
        AdaConnector c = realResolver(Map.of());
        assertLoginFails(c, ada.url(), Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD))
                .withMessageContaining("is a loopback address").withMessageContaining(
                        "configure it as a data source in etc/org.fractalis.source-<name>.cfg with handlers = ada");
        String m = etlMessage(c, ada.url(), ada.session(), SEX);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. The host of " + ada.url()
                + "/dataSets/records/findCustom is a loopback address"), m);
        String meta = etlMessage(c, "http://169.254.169.254", "tok", SEX);
        assertTrue(meta.contains("link-local"), meta);
        assertFalse(meta.contains("tok"), meta);
        assertEquals(0, ada.server.requests("/login"));
        assertEquals(0, ada.server.requests("/dataSets/records/findCustom"));
    }

    @Test
    void anAllowListedLoopbackServerIsUsed() {
        AdaConnector c = realResolver(Map.of("allowed.servers", ada.url()));
        Loaded l = assertLoads(c, ada.url(), Map.of("user", FakeAda.USER, "passwd", FakeAda.PASSWORD), SEX);
        assertTrue(ada.sessions.contains(l.token()));
        assertFalse(l.categorical().rows().isEmpty());
    }

    /** Finding 8: a one-letter user name no longer turns every such letter of a message into ***. */
    @Test
    void aShortUserNameDoesNotGarbleMessages() {
        AdaConnector c = realResolver(Map.of());
        assertLoginFails(c, "http://unknown-host.invalid", Map.of("user", "u", "passwd", "o"))
                .withMessageNotContaining("***").withMessageContaining("unknown host");
    }
}
