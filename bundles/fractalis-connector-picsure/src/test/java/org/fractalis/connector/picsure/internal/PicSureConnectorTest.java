package org.fractalis.connector.picsure.internal;

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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.http.testing.Configs;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.http.testing.Resolvers;
import org.fractalis.http.testing.Sources;
import org.fractalis.testkit.connector.Loaded;
import org.fractalis.testkit.fakes.FakePicSure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


class PicSureConnectorTest {

    private final FakePicSure ps = new FakePicSure();
    /** Polls every 10 ms (the default is 1 s growing to 10 s). */
    private final PicSureConnector connector = connector(Map.of());

    @AfterEach
    void stop() {
        ps.close();
    }

    /** poll.* keys configure the connector; other keys a data source "ps-test" for the fake (else none). */
    private PicSureConnector connector(Map<String, ?> props) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("poll.interval.seconds", 0.01,
                "poll.max.interval.seconds", 0.02));
        Map<String, Object> source = new java.util.HashMap<>();
        props.forEach((k, v) -> (k.startsWith("poll.") ? p : source).put(k, v));
        return new PicSureConnector(Configs.of(PicSureConnector.Config.class, p), source.isEmpty()
                ? Sources.none(Resolvers.ALL_PUBLIC) : Sources.one("ps-test", "pic-sure", ps.url(), source));
    }

    private static Map<String, Object> descriptor(String kind, String pui, String alias) {
        return json("{\"dataType\": \"" + kind + "\", \"query\": {\"select\": [{\"field\": {\"pui\": \"" + pui
                + "\"}, \"alias\": \"" + alias + "\"}], \"where\": [{\"field\": {\"pui\": \"" + pui + "\", \"dataType\": "
                + "\"STRING\"}, \"predicate\": \"CONTAINS\", \"fields\": {\"ENOUNTER\": \"YES\"}}]}}");
    }

    private static final Map<String, Object> AGE = descriptor("numerical", FakePicSure.AGE_PUI, "demographics/AGE");
    private static final Map<String, Object> SEX = descriptor("categorical", FakePicSure.SEX_PUI, "demographics/SEX");

    /** Loads from the fake with its token, as the node does: the frame passes the node's rules. */
    private Loaded load(Map<String, Object> d) {
        return assertLoads(connector, ps.url(), FakePicSure.TOKEN, d);
    }

    /** What the user reads as etl_message when the (accepted) descriptor's load fails; a crash fails the test. */
    private String etlMessage(PicSureConnector c, String token, Map<String, Object> d) {
        return assertLoadFails(c, ps.url(), token, d).etlMessage();
    }

    private String etlMessage(Map<String, Object> d) {
        return etlMessage(connector, FakePicSure.TOKEN, d);
    }

    @Test
    void kindAndLabel() throws Exception {
        assertEquals(DataKind.NUMERICAL, connector.kind(AGE));
        assertEquals(DataKind.CATEGORICAL, connector.kind(SEX));
        assertEquals("demographics/AGE", connector.label(AGE));
        assertThrows(ConnectorException.class,
                () -> connector.kind(descriptor("numerical_array", FakePicSure.AGE_PUI, "x")));
        assertThrows(ConnectorException.class, () -> connector.label(json("{\"dataType\": \"numerical\", "
                + "\"query\": {\"select\": []}}")));
        // as the node sees them: refused when POST /data arrives (HTTP 400), no query is submitted
        assertRefuses(connector, descriptor("numerical_array", FakePicSure.AGE_PUI, "x"));
        assertEquals(0, ps.server.log().size());
    }

    @Test
    void tokenOnly() throws Exception {
        String m = assertLoginFails(connector, ps.url(), Map.of("user", "a")).message();
        assertTrue(m.startsWith("'token'"), m);
        assertEquals("", connector.login(ps.url(), Map.of("token", "")), "an empty token is accepted, as in the original");
    }

    @Test
    void numericalQueryIsSubmittedPolledAndRead() throws Exception {
        assertEquals(List.of("10021|demographics/AGE|34.0", "10022|demographics/AGE|58.0", "10023|demographics/AGE|71.0"),
                load(AGE).numerical().withUniqueIds().withLabel("demographics/AGE").rows());
        assertEquals(4, ps.polls("4711"), "CREATED, RUNNING, RUNNING, AVAILABLE");
        FakeServer.Exchange run = ps.server.last("/rest/v1/queryService/runQuery");
        assertEquals(AGE.get("query"), json(run.body()), "the query is sent as is");
        for (FakeServer.Exchange x : ps.server.log()) {
            assertEquals("Bearer " + FakePicSure.TOKEN, x.header("Authorization"), x.path());
        }
    }

    @Test
    void categoricalQuery() {
        assertEquals(List.of("10021|demographics/SEX|female", "10022|demographics/SEX|male",
                "10023|demographics/SEX|female"), load(SEX).categorical().withUniqueIds().rows());
    }

    @Test
    void emptyCellsAreMissingAndQuotedHeadersAreRead() {
        ps.mode = FakePicSure.Mode.GAPS;
        assertEquals(List.of("10021|demographics/AGE|34.0", "10022|demographics/AGE|NaN", "10023|demographics/AGE|71.0"),
                load(AGE).numerical().rows());
        assertEquals(List.of("10021|demographics/SEX, self-reported|female", "10023|demographics/SEX, self-reported|male"),
                load(SEX).categorical().rows());
    }

    @Test
    void statusAsPlainText() {
        ps.mode = FakePicSure.Mode.TEXT_STATUS;
        load(AGE).numerical().withRows(3);
    }

    @Test
    void openServerWithEmptyToken() {
        ps.open = true;
        // as the node does with {"auth": {"token": ""}}: login accepts the empty token, the load runs with it
        assertLoads(connector, ps.url(), Map.of("token", ""), AGE).numerical().withRows(3);
        assertNull(ps.server.last("/rest/v1/queryService/runQuery").header("Authorization"));
    }

    // ---- failures

    @Test
    void errorStatus() {
        ps.mode = FakePicSure.Mode.ERROR_STATUS;
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE API reported an error: ERROR", etlMessage(AGE));
    }

    @Test
    void stuckQueryIsBounded() {
        ps.mode = FakePicSure.Mode.STUCK_RUNNING;
        long t0 = System.nanoTime();
        String m = etlMessage(connector(Map.of("poll.timeout.seconds", 0.3)), FakePicSure.TOKEN, AGE);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE did not finish the query within 0.3 s (last status "
                + "RUNNING; poll.timeout.seconds in etc/org.fractalis.connector.picsure.cfg).", m);
        assertTrue(ps.polls("4711") >= 2, "it kept polling until the limit");
    }

    @Test
    void emptyResult() {
        ps.mode = FakePicSure.Mode.EMPTY_CSV;
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE API returned no data.", etlMessage(AGE));
        ps.mode = FakePicSure.Mode.HEADER_ONLY;
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE API returned no data. (The result has a header but "
                + "no rows.)", etlMessage(AGE));
    }

    @Test
    void threeColumns() {
        ps.mode = FakePicSure.Mode.THREE_COLUMNS;
        assertEquals("RuntimeError: Data transformation failed. The PIC-SURE result must have exactly 2 columns "
                + "(patient id and the variable), but it has 3: Patient Id, demographics/AGE, demographics/SEX.",
                etlMessage(AGE));
    }

    @Test
    void unauthorized() {
        // the status only: the answer's body is never repeated
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE API reported an error: [401] HTTP 401 "
                + "(Unauthorized)", etlMessage(connector, "an-expired-token", AGE));
        assertEquals(0, ps.server.requests("/rest/v1/resultService/resultStatus/4711"));
    }

    @Test
    void malformedCsvAndNonNumbers() {
        ps.mode = FakePicSure.Mode.MALFORMED_CSV;
        assertEquals("RuntimeError: Data transformation failed. The PIC-SURE result is not valid CSV: Line 2: a quoted "
                + "field is not closed.", etlMessage(SEX));
        ps.mode = FakePicSure.Mode.NOT_A_NUMBER;
        assertEquals("RuntimeError: Data transformation failed. Line 3 of the PIC-SURE result: 'unknown' (patient "
                + "10022) is not a number; load the variable as categorical.", etlMessage(AGE));
    }

    @Test
    void missingResultId() {
        ps.mode = FakePicSure.Mode.NO_RESULT_ID;
        assertEquals("RuntimeError: Data extraction failed. PIC-SURE API reported an error: runQuery answered without "
                + "a usable 'resultId'.", etlMessage(AGE));
    }

    @Test
    void stalledDownloadTimesOut() throws Exception {
        // the limit applies to every request; a warm-up through the same client keeps the connection open, so
        // only the stalled download can reach it even on a busy machine
        PicSureConnector impatient = connector(Map.of("read.timeout.seconds", 1));
        assertLoads(impatient, ps.url(), FakePicSure.TOKEN, AGE);
        ps.mode = FakePicSure.Mode.STALL_CSV;
        long t0 = System.nanoTime();
        String m = etlMessage(impatient, FakePicSure.TOKEN, AGE);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(6));
        assertEquals("RuntimeError: Data extraction failed. No complete answer from " + ps.url()
                + "/resultService/result/4712/CSV within 1 s (read.timeout.seconds in "
                + "etc/org.fractalis.source-ps-test.cfg).", m);
    }

    @Test
    void cancellingStopsThePolling() throws Exception {
        ps.mode = FakePicSure.Mode.STUCK_RUNNING;
        CountDownLatch polled = new CountDownLatch(3);
        FakeServer.Handler inner = x -> x.json(200, "{\"resultId\": 4711, \"status\": \"RUNNING\"}");
        ps.server.route("/rest/v1/resultService/resultStatus/4711", x -> {
            polled.countDown();
            inner.handle(x);
        });
        PicSureConnector patient = connector(Map.of("poll.interval.seconds", 0.05, "poll.max.interval.seconds", 0.05));
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> outcome.complete(etlMessage(patient, FakePicSure.TOKEN, AGE)
                + " interrupted=" + Thread.currentThread().isInterrupted()));
        t.start();
        assertTrue(polled.await(5, TimeUnit.SECONDS));
        t.interrupt();
        String m = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(m.endsWith(" interrupted=true"), m);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. "), m);
    }

    @Test
    void onlyAPlainStatusWordIsRepeated() {
        assertEquals("ERROR", PicSureConnector.statusWord(" ERROR "));
        assertEquals("(an unknown status)", PicSureConnector.statusWord("<html>internal admin page</html>"));
    }

    // ---- server-side request forgery (issue 10, finding 4)

    @Test
    void loopbackAndMetadataServersAreRefusedByDefault() {
        PicSureConnector c = new PicSureConnector(Configs.of(PicSureConnector.Config.class, Map.of()),
                Sources.none(null));
        String m = etlMessage(c, FakePicSure.TOKEN, AGE);
        assertTrue(m.startsWith("RuntimeError: Data extraction failed. The host of " + ps.url()
                + "/queryService/runQuery is a loopback address"), m);
        assertTrue(m.contains("etc/org.fractalis.source-<name>.cfg with handlers = pic-sure"), m);
        assertEquals(0, ps.server.log().size());
        assertLoadFails(c, "http://169.254.169.254/latest", FakePicSure.TOKEN, AGE).withMessageContaining("link-local");
    }

    @Test
    void anAllowListedLoopbackServerIsUsed() throws Exception {
        PicSureConnector c = new PicSureConnector(Configs.of(PicSureConnector.Config.class, Map.of(
                "poll.interval.seconds", 0.01, "poll.max.interval.seconds", 0.02)),
                Sources.one("ps", "pic-sure", ps.url(), Map.of()));
        assertFalse(assertLoads(c, ps.url(), FakePicSure.TOKEN, AGE).numerical().rows().isEmpty());
        assertFalse(assertLoads(c, "ps", FakePicSure.TOKEN, AGE).numerical().rows().isEmpty());
        assertLoadFails(c, "https://picsure.example.org/rest/v1", FakePicSure.TOKEN, AGE)
                .withMessageContaining("is not a data source of this node for 'pic-sure'")
                .withMessageContaining("'ps'");
    }
}
