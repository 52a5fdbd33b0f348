package org.fractalis.connector.tabular.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoadFails;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.fakes.JsonText.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.testing.Configs;
import org.fractalis.http.testing.Sources;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.testkit.connector.Loaded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularConnectorTest {
    static final String WIDE = "patient,age,sex,height,\"bmi, kg/m2\"\r\nP1,52,male,1.72,24.1\r\nP2,61,female,NA,\r\n"
            + "P3,47, female ,1.60,22.0\r\n\r\n";
    static final String LONG = "id\tfeature\tvalue\nP1\tage\t52\nP1\tsex\tmale\nP2\tage\t61\nP2\tsex\tfemale\n"
            + "P3\tage\tNA\nP3\tsex\t\n";
    static final String LONG_NUMBERS = "id,feature,value\nS1,TP53,5.1\nS1,EGFR,6.1\nS2,TP53,5.2\nS2,EGFR,NA\n";
    static final String MATRIX = "gene\tS1\tS2\tS3\nTP53\t5.1\t5.2\t5.3\nEGFR\t6.1\tNA\t6.3\nDDR1\t7\t7\t7\n";

    @TempDir
    Path root;
    Path data;
    Path outside;
    final FakeServer web = FakeServer.start();

    @BeforeEach
    void files() throws IOException {
        data = Files.createDirectories(root.resolve("data"));
        outside = Files.createDirectories(root.resolve("private"));
        Files.writeString(data.resolve("wide.csv"), WIDE);
        Files.writeString(data.resolve("long.tsv"), LONG);
        Files.writeString(data.resolve("long_numbers.csv"), LONG_NUMBERS);
        Files.writeString(data.resolve("matrix.tsv"), MATRIX);
        Files.writeString(outside.resolve("secret.csv"), "id,pw\nroot,hunter2\n");
        web.route("/shared/wide.csv", x -> x.respond(200, "text/csv; charset=utf-8", WIDE));
        web.route("/shared/matrix.tsv.gz", x -> x.respond(200, "application/gzip", gzip(MATRIX)));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    /**
     * The connector's keys configure it; "url" and the timeouts configure a data source "tab-test" (by default
     * the fake's /shared/); "url" = "" configures no source.
     */
    private TabularConnector connector(Map<String, ?> extra) {
        Map<String, Object> p = new HashMap<>();
        Map<String, Object> source = new HashMap<>();
        p.put("allowed.directories", data.toString());
        source.put("url", web.url() + "/shared/");
        extra.forEach((k, v) -> (k.equals("url") || k.contains("timeout") ? source : p).put(k, v));
        SourceClientFactory sources = "".equals(source.get("url")) ? Sources.none(null)
                : Sources.one("tab-test", "tabular", (String) source.get("url"), source);
        return new TabularConnector(Configs.of(TabularConnector.Config.class, p), sources);
    }

    private final TabularConnector connector() {
        return connector(Map.of());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Loads as the node does (no login needed: the empty token); the frame passes the node's rules. */
    private static Loaded load(TabularConnector c, Map<String, Object> d) {
        return assertLoads(c, "local", "", d);
    }

    /** What the user reads as etl_message when the (accepted) descriptor's load fails; a crash fails the test. */
    private static String etlMessage(TabularConnector c, String token, Map<String, Object> d) {
        return assertLoadFails(c, "local", token, d).etlMessage();
    }

    private String etlMessage(Map<String, Object> d) {
        return etlMessage(connector(), "", d);
    }

    // ---- wide

    @Test
    void wideColumnsInferredAsNumbersOrCategories() throws Exception {
        TabularConnector c = connector();
        Map<String, Object> age = json("{\"file\": \"wide.csv\", \"column\": \"age\"}");
        assertEquals(DataKind.NUMERICAL, c.kind(age));
        assertEquals("age (wide.csv)", c.label(age));
        assertEquals(List.of("P1|age|52.0", "P2|age|61.0", "P3|age|47.0"),
                load(c, age).numerical().withUniqueIds().withLabel("age (wide.csv)").rows());
        Map<String, Object> sex = json("{\"file\": \"wide.csv\", \"column\": \"sex\"}");
        assertEquals(DataKind.CATEGORICAL, c.kind(sex));
        assertEquals(List.of("P1|sex|male", "P2|sex|female", "P3|sex|female"),
                load(c, sex).categorical().withUniqueIds().rows());
        Map<String, Object> height = json("{\"file\": \"wide.csv\", \"column\": \"height\", \"label\": \"Height\"}");
        assertEquals("Height", c.label(height));
        assertEquals(List.of("P1|height|1.72", "P2|height|NaN", "P3|height|1.6"),
                load(c, height).numerical().withLabel("Height").rows());
        assertEquals(List.of("P1|bmi, kg/m2|24.1", "P2|bmi, kg/m2|NaN", "P3|bmi, kg/m2|22.0"),
                load(c, json("{\"file\": \"wide.csv\", \"column\": \"bmi, kg/m2\"}")).numerical().rows());
    }

    @Test
    void wideArrays() throws Exception {
        TabularConnector c = connector();
        Map<String, Object> d = json("{\"file\": \"wide.csv\", \"columns\": [\"age\", \"height\"], \"id_column\": "
                + "\"patient\"}");
        assertEquals(DataKind.NUMERICAL_ARRAY, c.kind(d));
        assertEquals("wide.csv", c.label(d));
        // held as a matrix frame: its rows are grouped by feature (as pandas' melt orders them)
        Loaded wide = load(c, d).numericalArray().withLabel("wide.csv");
        assertTrue(wide.frame().isMatrix());
        assertEquals(List.of("P1|age|52.0", "P2|age|61.0", "P3|age|47.0", "P1|height|1.72", "P2|height|NaN",
                "P3|height|1.6"), wide.rows());
        assertEquals("RuntimeError: Data transformation failed. Line 2: 'male' in 'sex' is not a number. Declare "
                + "\"data_type\": \"categorical\" to load text, or list the text in \"missing\" if it means a missing "
                + "value.", etlMessage(json("{\"file\": \"wide.csv\"}")));
    }

    @Test
    void declaredKindWins() throws Exception {
        TabularConnector c = connector();
        Map<String, Object> d = json("{\"file\": \"wide.csv\", \"column\": \"age\", \"data_type\": \"categorical\"}");
        assertEquals(DataKind.CATEGORICAL, c.kind(d));
        assertEquals(List.of("P1|age|52", "P2|age|61", "P3|age|47"), load(c, d).categorical().rows());
        assertTrue(etlMessage(json("{\"file\": \"wide.csv\", \"column\": \"sex\", \"data_type\": \"numerical\"}"))
                .startsWith("RuntimeError: Data transformation failed. Line 2: 'male' in 'sex' is not a number."));
    }

    @Test
    void loadAgreesWithTheKindChosenFromTheFirstValues() throws Exception {
        Files.writeString(data.resolve("late.csv"), "id,x\nA,1\nB,2\nC,oops\n");
        TabularConnector c = connector(Map.of("infer.sample.values", 2));
        Map<String, Object> d = json("{\"file\": \"late.csv\", \"column\": \"x\"}");
        assertEquals(DataKind.NUMERICAL, c.kind(d));
        assertEquals("RuntimeError: Data transformation failed. Line 4: 'oops' in 'x' is not a number. Declare "
                + "\"data_type\": \"categorical\" to load text, or list the text in \"missing\" if it means a missing "
                + "value.", etlMessage(c, "", d));
        assertEquals(DataKind.CATEGORICAL, connector().kind(d), "with the default sample the text is seen");
        assertEquals(List.of("A|x|1", "B|x|2", "C|x|oops"), load(connector(), d).categorical().rows());
    }

    @Test
    void customMissingTokens() throws Exception {
        Files.writeString(data.resolve("dashes.csv"), "id,x\nA,1\nB,--\n");
        assertEquals(List.of("A|x|1.0", "B|x|NaN"), load(connector(),
                json("{\"file\": \"dashes.csv\", \"column\": \"x\", \"missing\": [\"\", \"--\"]}")).numerical().rows());
    }

    // ---- long and matrix

    @Test
    void longTables() throws Exception {
        TabularConnector c = connector();
        Map<String, Object> age = json("{\"file\": \"long.tsv\", \"layout\": \"long\", \"feature\": \"age\"}");
        assertEquals(DataKind.NUMERICAL, c.kind(age));
        assertEquals(List.of("P1|age|52.0", "P2|age|61.0", "P3|age|NaN"), load(c, age).numerical().rows());
        Map<String, Object> sex = json("{\"file\": \"long.tsv\", \"layout\": \"long\", \"feature\": \"sex\"}");
        assertEquals(DataKind.CATEGORICAL, c.kind(sex));
        assertEquals(List.of("P1|sex|male", "P2|sex|female"), load(c, sex).categorical().rows());
        Map<String, Object> all = json("{\"file\": \"long_numbers.csv\", \"layout\": \"long\"}");
        assertEquals(DataKind.NUMERICAL_ARRAY, c.kind(all));
        assertEquals(List.of("S1|TP53|5.1", "S1|EGFR|6.1", "S2|TP53|5.2", "S2|EGFR|NaN"),
                load(c, all).numericalArray().rows());
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> c.kind(json("{\"file\": \"long.tsv\", \"layout\": \"long\"}")));
        assertEquals("The table holds several features (age, sex) with text values; choose one with \"feature\".",
                e.getMessage());
    }

    @Test
    void matrixTables() throws Exception {
        TabularConnector c = connector();
        Map<String, Object> d = json("{\"file\": \"matrix.tsv\", \"layout\": \"matrix\"}");
        assertEquals(DataKind.NUMERICAL_ARRAY, c.kind(d));
        assertEquals(List.of("S1|TP53|5.1", "S2|TP53|5.2", "S3|TP53|5.3", "S1|EGFR|6.1", "S2|EGFR|NaN", "S3|EGFR|6.3",
                "S1|DDR1|7.0", "S2|DDR1|7.0", "S3|DDR1|7.0"), load(c, d).numericalArray().withIds("S1", "S2", "S3")
                        .withFeatures("TP53", "EGFR", "DDR1").rows());
        assertTrue(load(c, d).frame().isMatrix(), "a matrix file is held as a matrix frame, 8 bytes per value");
        Map<String, Object> some = json("{\"file\": \"matrix.tsv\", \"layout\": \"matrix\", \"features\": [\"EGFR\"]}");
        assertEquals(List.of("S1|EGFR|6.1", "S2|EGFR|NaN", "S3|EGFR|6.3"), load(c, some).numericalArray().rows());
        // a feature given on two lines cannot be one cell per pair: the load fails naming it
        Files.writeString(data.resolve("twice.tsv"), "gene\tS1\tS2\nTP53\t1\t2\nTP53\t3\t4\n");
        assertEquals("RuntimeError: Data transformation failed. The table cannot be a numerical array: the feature "
                + "'TP53' occurs twice.", etlMessage(json("{\"file\": \"twice.tsv\", \"layout\": \"matrix\"}")));
    }

    @Test
    void delimiterIsDetectedNotTakenFromTheName() throws Exception {
        Files.writeString(data.resolve("wine.csv"), "type\tquality\tpH\nred\t5\t3.51\nwhite\t6\t3.2\n");
        assertEquals(List.of("red|pH|3.51", "white|pH|3.2"), load(connector(),
                json("{\"file\": \"wine.csv\", \"column\": \"pH\", \"id_column\": \"type\"}")).numerical().rows());
        Files.writeString(data.resolve("semi.txt"), "id;x\nA;1,5\n");
        assertEquals(List.of("A|x|1,5"), load(connector(), json("{\"file\": \"semi.txt\", \"column\": \"x\"}"))
                .categorical().rows());
        assertEquals(List.of("A|x|1,5"), load(connector(),
                json("{\"file\": \"semi.txt\", \"column\": \"x\", \"delimiter\": \";\"}")).categorical().rows());
    }

    @Test
    void bigMatrixLoads() throws Exception {
        StringBuilder b = new StringBuilder("gene");
        int samples = 200;
        int genes = 1000;
        for (int s = 0; s < samples; s++) {
            b.append('\t').append("S").append(s);
        }
        b.append('\n');
        for (int g = 0; g < genes; g++) {
            b.append("G").append(g);
            for (int s = 0; s < samples; s++) {
                b.append('\t').append((g * 31 + s) % 97 / 7.0);
            }
            b.append('\n');
        }
        Files.writeString(data.resolve("big.tsv"), b);
        Frame f = load(connector(), json("{\"file\": \"big.tsv\", \"layout\": \"matrix\"}")).numericalArray().frame();
        assertEquals(samples * genes, f.size());
        assertEquals((5 * 31 + 7) % 97 / 7.0, f.number(5 * samples + 7));
    }

    // ---- malformed tables

    @Test
    void malformedTables() throws Exception {
        Files.writeString(data.resolve("open.csv"), "id,x\nA,\"1\nB,2\n");
        assertEquals("RuntimeError: Data transformation failed. The table is not valid CSV: Line 2: a quoted field is "
                + "not closed.", etlMessage(json("{\"file\": \"open.csv\", \"column\": \"x\", \"data_type\": "
                        + "\"categorical\"}")));
        Files.writeString(data.resolve("wider.csv"), "id,x\nA,1\nB,2,3\n");
        assertEquals("RuntimeError: Data transformation failed. Line 3 has 3 fields, but the header has 2.",
                etlMessage(json("{\"file\": \"wider.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        Files.writeString(data.resolve("empty.csv"), "");
        assertEquals("RuntimeError: Data extraction failed. The table is empty.",
                etlMessage(json("{\"file\": \"empty.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        assertEquals("RuntimeError: Data transformation failed. Column 'weight' is not in the table. Its columns: "
                + "patient, age, sex, height, bmi, kg/m2.", etlMessage(json("{\"file\": \"wide.csv\", \"column\": "
                        + "\"weight\", \"data_type\": \"numerical\"}")));
        Files.writeString(data.resolve("noid.csv"), "id,x\n,1\n");
        assertEquals("RuntimeError: Data transformation failed. Line 2 has an empty id.",
                etlMessage(json("{\"file\": \"noid.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
    }

    @Test
    void badDescriptors() {
        TabularConnector c = connector();
        for (String d : List.of("{}", "{\"file\": \"a\", \"url\": \"b\"}", "{\"file\": \"a\", \"layout\": \"diagonal\"}",
                "{\"file\": \"a\", \"column\": \"x\", \"columns\": [\"y\"]}",
                "{\"file\": \"a\", \"column\": \"x\", \"data_type\": \"numerical_array\"}",
                "{\"file\": \"a\", \"layout\": \"matrix\", \"data_type\": \"numerical\"}",
                "{\"file\": \"a\", \"layout\": \"wide\", \"feature\": \"x\"}", "{\"file\": \"a\", \"format\": \"xlsx\"}",
                "{\"file\": \"a\", \"data_type\": \"numerical\"}")) {
            assertThrows(ConnectorException.class, () -> c.kind(json(d)), d);
        }
    }

    // ---- where tables may come from

    @Test
    void filesOnlyFromAllowedDirectories() throws Exception {
        Map<String, Object> traversal = json("{\"file\": \"../private/secret.csv\", \"column\": \"pw\"}");
        assertEquals("The file '../private/secret.csv' is not in a directory this server allows (allowed.directories "
                + "in etc/org.fractalis.connector.tabular.cfg).",
                assertThrows(ConnectorException.class, () -> connector().kind(traversal)).getMessage());
        Map<String, Object> absolute = json("{\"file\": \"" + outside.resolve("secret.csv") + "\", \"column\": "
                + "\"pw\", \"data_type\": \"categorical\"}");
        assertTrue(etlMessage(absolute).contains("is not in a directory this server allows"));
        Files.createSymbolicLink(data.resolve("link.csv"), outside.resolve("secret.csv"));
        assertTrue(etlMessage(json("{\"file\": \"link.csv\", \"column\": \"pw\", \"data_type\": \"categorical\"}"))
                .contains("is not in a directory this server allows"));
        assertEquals("RuntimeError: Data extraction failed. The file 'nope.csv' was not found in the directories this "
                + "server allows.", etlMessage(json("{\"file\": \"nope.csv\", \"column\": \"x\", \"data_type\": "
                        + "\"numerical\"}")));
        Map<String, Object> inside = json("{\"file\": \"" + data.resolve("wide.csv") + "\", \"column\": \"age\"}");
        load(connector(), inside).numerical().withRows(3);
        TabularConnector none = connector(Map.of("allowed.directories", ""));
        assertEquals("RuntimeError: Data extraction failed. Loading files is disabled on this server "
                + "(allowed.directories in etc/org.fractalis.connector.tabular.cfg).",
                etlMessage(none, "", json("{\"file\": \"wide.csv\", \"column\": \"age\", \"data_type\": "
                        + "\"numerical\"}")));
    }

    @Test
    void urlsOnlyUnderAllowedPrefixes() throws Exception {
        Map<String, Object> d = json("{\"url\": \"" + web.url() + "/shared/wide.csv\", \"column\": \"age\"}");
        TabularConnector c = connector();
        assertEquals(DataKind.NUMERICAL, c.kind(d));
        assertEquals(List.of("P1|age|52.0", "P2|age|61.0", "P3|age|47.0"), load(c, d).numerical().rows());
        TabularConnector none = connector(Map.of("url", ""));
        assertEquals("Loading from URLs is disabled on this server (no data source with handlers = tabular in "
                + "etc/org.fractalis.source-<name>.cfg).",
                assertThrows(ConnectorException.class, () -> none.kind(d)).getMessage());
        assertRefuses(none, d).withMessageContaining("Loading from URLs is disabled");
        web.route("/private/x.csv", x -> x.respond(200, "text/csv", "id,x\nA,1\n"));
        web.route("/shared/moved.csv", x -> x.redirect(302, "/private/x.csv"));
        assertEquals("RuntimeError: Data extraction failed. The server " + web.url() + "/private/x.csv is not a data "
                + "source of this node for 'tabular'. Allowed (by name, or a URL under the source's URL): 'tab-test'. "
                + "An operator adds sources in etc/org.fractalis.source-<name>.cfg.", etlMessage(json("{\"url\": \""
                        + web.url() + "/private/x.csv?token=abc\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        assertEquals("RuntimeError: Data extraction failed. " + web.url() + "/shared/moved.csv redirected to "
                + web.url() + "/private/x.csv, which is not allowed.", etlMessage(json("{\"url\": \"" + web.url()
                        + "/shared/moved.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        assertEquals(0, web.requests("/private/x.csv"));
        web.route("/shared/next.csv", x -> x.redirect(302, "/shared/wide.csv"));
        load(c, json("{\"url\": \"" + web.url() + "/shared/next.csv\", \"column\": \"age\"}")).numerical().withRows(3);
    }

    @Test
    void gzipTables() throws Exception {
        Files.write(data.resolve("matrix.tsv.gz"), gzip(MATRIX));
        load(connector(), json("{\"file\": \"matrix.tsv.gz\", \"layout\": \"matrix\"}")).numericalArray().withRows(9);
        load(connector(), json("{\"url\": \"" + web.url() + "/shared/matrix.tsv.gz\", \"layout\": \"matrix\"}"))
                .numericalArray().withRows(9);
    }

    @Test
    void downloadFailures() throws Exception {
        web.route("/shared/gone.csv", x -> x.respond(404, "text/html", "<h1>Not Found</h1>"));
        assertEquals("RuntimeError: Data extraction failed. Downloading " + web.url() + "/shared/gone.csv failed: the "
                + "server answered HTTP 404 (Not Found).", etlMessage(json("{\"url\": \"" + web.url()
                        + "/shared/gone.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        web.route("/shared/slow.csv", x -> x.stallAfter(200, "text/csv", "id,x\nA,1\n"));
        long t0 = System.nanoTime();
        String m = etlMessage(connector(Map.of("read.timeout.seconds", 0.3)), "", json("{\"url\": \"" + web.url()
                + "/shared/slow.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("RuntimeError: Data extraction failed. No complete answer from " + web.url() + "/shared/slow.csv "
                + "within 0.3 s (read.timeout.seconds in etc/org.fractalis.source-tab-test.cfg).", m);
        web.route("/shared/big.csv", x -> x.respondChunked(200, "text/csv",
                ("id,x\n" + "A,1\n".repeat(300_000)).getBytes(StandardCharsets.UTF_8)));
        assertEquals("RuntimeError: Data extraction failed. The answer of " + web.url() + "/shared/big.csv is larger "
                + "than the limit of 1 MB (max.response.megabytes in etc/org.fractalis.source-tab-test.cfg).",
                etlMessage(connector(Map.of("max.response.megabytes", 1)), "", json("{\"url\": \"" + web.url()
                        + "/shared/big.csv\", \"column\": \"x\", \"data_type\": \"numerical\"}")));
        Files.write(data.resolve("bomb.csv.gz"), gzip("id,x\n" + "A,1\n".repeat(300_000)));
        assertEquals("RuntimeError: Data extraction failed. The file 'bomb.csv.gz' (unpacked) is larger than the "
                + "limit of 1 MB (max.response.megabytes in etc/org.fractalis.connector.tabular.cfg).",
                etlMessage(connector(Map.of("max.response.megabytes", 1)), "", json("{\"file\": \"bomb.csv.gz\", "
                        + "\"column\": \"x\", \"data_type\": \"numerical\"}")));
    }

    @Test
    void tokenIsSentToUrlSourcesAndMasked() throws Exception {
        web.route("/shared/private.csv", x -> {
            if ("Bearer my-personal-token".equals(x.header("Authorization"))) {
                x.respond(200, "text/csv", "id,x\nA,1\n");
            } else {
                x.respond(401, "text/plain", "token " + x.header("Authorization") + " rejected");
            }
        });
        Map<String, Object> d = json("{\"url\": \"" + web.url() + "/shared/private.csv\", \"column\": \"x\", "
                + "\"data_type\": \"numerical\"}");
        assertLoads(connector(), "local", "my-personal-token", d).numerical().withRows(1);
        String m = etlMessage(connector(), "my-wrong-token", d);
        // the status only: the answer's body (here echoing the token) is never repeated
        assertEquals("RuntimeError: Data extraction failed. Downloading " + web.url() + "/shared/private.csv failed: "
                + "the server answered HTTP 401 (Unauthorized).", m);
    }

    @Test
    void noLoginNeeded() {
        assertEquals("", connector().login("local", Map.of("token", "")));
    }
}
