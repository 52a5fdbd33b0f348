package org.fractalis.testkit.fakes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.fractalis.http.testing.FakeServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A local tranSMART (REST API v2) plus an OIDC token endpoint.
 * <ul>
 * <li>{@code POST /oauth/token}: password grant for client {@code glowingbear-js}; parameters from the form body
 * or (as the original sent them) the URL query.</li>
 * <li>{@code POST /oidc/token}: the same for client {@code transmart-client} (the "OIDC server").</li>
 * <li>{@code POST /v2/observations}: needs a Bearer token it issued; answers hypercubes for the clinical concepts
 * {@code DM:AGE} (numbers) and {@code DM:SEX} (strings), and for {@code autodetect} high-dimensional data
 * {@code EXPR:GSE4382} (filtered by the genes of the biomarker constraint).</li>
 * </ul>
 * {@link #mode} switches the observations endpoint into failures.
 */
public final class FakeTransmart implements AutoCloseable {
    public static final String USER = "admin";
    public static final String PASSWORD = "tr4nsmart!";
    public static final String OIDC_CLIENT = "transmart-client";
    public static final String GLOWING_BEAR_CLIENT = "glowingbear-js";

    public enum Mode { NORMAL, UNAUTHORIZED, ERROR_500, INVALID_JSON, TRUNCATED, DUPLICATE_PATIENT, STALL, DECLARATIONS_LAST,
        NO_DECLARATIONS, NO_PATIENT_DIMENSION, MISSING_VALUES }

    public final FakeServer server;
    public final Set<String> tokens = ConcurrentHashMap.newKeySet();
    public volatile Mode mode = Mode.NORMAL;
    private final ObjectMapper mapper = new ObjectMapper();

    public FakeTransmart() {
        this(0);
    }

    /**
     * On a given port (0 = any): for itest containers whose {@code allowed.servers} must name the fake before it
     * exists (a loopback source is refused unless the allow-list names it).
     */
    public FakeTransmart(int port) {
        server = FakeServer.start(port);
        server.route("/oauth/token", x -> token(x, GLOWING_BEAR_CLIENT));
        server.route("/oidc/token", x -> token(x, OIDC_CLIENT));
        server.route("/v2/observations", this::observations);
    }

    public String url() {
        return server.url();
    }

    public String token() {
        String t = "eyJhbGciOiJSUzI1NiJ9." + UUID.randomUUID().toString().replace("-", "");
        tokens.add(t);
        return t;
    }

    private void token(FakeServer.Exchange x, String client) throws IOException {
        if (!x.method().equals("POST")) {
            x.respond(405, "text/plain", "POST only");
            return;
        }
        if (!"password".equals(x.param("grant_type")) || !client.equals(x.param("client_id"))) {
            x.json(400, "{\"error\": \"invalid_client\"}");
            return;
        }
        if (!USER.equals(x.param("username")) || !PASSWORD.equals(x.param("password"))) {
            x.json(401, "{\"error\": \"invalid_grant\", \"error_description\": \"Bad credentials\"}");
            return;
        }
        x.json(200, "{\"access_token\": \"" + token() + "\", \"token_type\": \"bearer\", \"expires_in\": 43185,"
                + " \"scope\": \"read write\"}");
    }

    private void observations(FakeServer.Exchange x) throws IOException {
        String auth = x.header("Authorization");
        if (mode == Mode.UNAUTHORIZED || auth == null || !auth.startsWith("Bearer ")
                || !tokens.contains(auth.substring(7))) {
            x.json(401, "{\"httpStatus\": 401, \"type\": \"Unauthorized\", \"message\": \"Invalid access token\"}");
            return;
        }
        switch (mode) {
            case ERROR_500 -> {
                x.respond(500, "text/plain", "java.lang.OutOfMemoryError: Java heap space");
                return;
            }
            case INVALID_JSON -> {
                x.respond(200, "text/html", "<html><body>Maintenance</body></html>");
                return;
            }
            case STALL -> {
                x.stall();
                return;
            }
            default -> {
            }
        }
        JsonNode body = mapper.readTree(x.body());
        JsonNode constraint = body.get("constraint");
        if (constraint.isTextual()) {
            constraint = mapper.readTree(constraint.textValue()); // older Glowing Bear sends JSON text
        }
        String concept = concept(constraint);
        String type = body.path("type").asText();
        ObjectNode cube;
        if (type.equals("clinical") && concept.equals("DM:AGE")) {
            cube = clinical(true);
        } else if (type.equals("clinical") && concept.equals("DM:SEX")) {
            cube = clinical(false);
        } else if (type.equals("autodetect") && concept.equals("EXPR:GSE4382")
                && body.path("projection").asText().equals("log_intensity")) {
            cube = highDim(body.get("biomarker_constraint"));
        } else {
            x.json(400, "{\"httpStatus\": 400, \"type\": \"InvalidArgumentsException\", \"message\": \"Unknown concept "
                    + concept + "\"}");
            return;
        }
        String json = mapper.writeValueAsString(cube);
        if (mode == Mode.TRUNCATED) {
            x.respondTruncated(200, "application/json", json, json.length() * 2 / 3);
        } else {
            x.json(200, json);
        }
    }

    private static String concept(JsonNode c) {
        if (c.has("conceptCode")) {
            return c.get("conceptCode").asText();
        }
        for (JsonNode a : c.path("args")) {
            String s = concept(a);
            if (!s.isEmpty()) {
                return s;
            }
        }
        return "";
    }

    private ObjectNode decl(String name, String type, boolean inline) {
        ObjectNode d = mapper.createObjectNode().put("name", name).put("dimensionType", "attribute")
                .put("valueType", type);
        if (inline) {
            d.put("inline", true);
        }
        return d;
    }

    private ObjectNode clinical(boolean numeric) {
        ObjectNode cube = mapper.createObjectNode();
        List<ObjectNode> decls = new ArrayList<>(List.of(decl("study", "Object", false), decl("concept", "Object", false),
                decl("patient", "Object", false).put("dimensionType", "subject"), decl("trial visit", "Object", false),
                decl("start time", "Timestamp", true), decl("end time", "Timestamp", true)));
        ArrayNode cells = mapper.createArrayNode();
        String[][] patients = {{"1000421548", "3052", "male", "52"}, {"1000421549", "3053", "female", "61"},
            {"1000421550", "3054", "female", "47"}};
        for (int i = 0; i < patients.length; i++) {
            ObjectNode c = cells.addObject();
            c.putArray("inlineDimensions").add(i == 0 ? "2016-03-29T09:00:00Z" : null).addNull();
            c.putArray("dimensionIndexes").add(0).add(0).add(i).add(0);
            if (mode == Mode.MISSING_VALUES && i == 2) {
                continue; // a cell without its value
            }
            if (numeric) {
                c.put("numericValue", Double.parseDouble(patients[i][3]));
            } else {
                c.put("stringValue", patients[i][2]);
            }
        }
        if (mode == Mode.DUPLICATE_PATIENT) {
            ObjectNode c = cells.addObject(); // a second visit of patient 3052
            c.putArray("inlineDimensions").addNull().addNull();
            c.putArray("dimensionIndexes").add(0).add(0).add(0).add(1);
            if (numeric) {
                c.put("numericValue", 53.0);
            } else {
                c.put("stringValue", "male");
            }
        }
        ObjectNode elements = mapper.createObjectNode();
        elements.putArray("study").addObject().put("name", "GSE4382");
        elements.putArray("concept").addObject().put("conceptCode", numeric ? "DM:AGE" : "DM:SEX")
                .put("conceptPath", numeric ? "\\Demographics\\Age\\" : "\\Demographics\\Sex\\")
                .put("name", numeric ? "Age" : "Sex");
        ArrayNode pl = elements.putArray("patient");
        for (String[] p : patients) {
            pl.addObject().put("id", Long.parseLong(p[0])).put("trial", "GSE4382").put("inTrialId", p[1])
                    .put("sex", p[2]).put("age", Integer.parseInt(p[3])).putNull("birthDate");
        }
        ArrayNode visits = elements.putArray("trial visit");
        visits.addObject().put("id", 1).put("relTimeLabel", "General").putObject("study").put("name", "GSE4382");
        visits.addObject().put("id", 2).put("relTimeLabel", "Week 4").putObject("study").put("name", "GSE4382");
        if (mode == Mode.NO_PATIENT_DIMENSION) {
            decls.remove(2);
            for (JsonNode c : cells) {
                ((ArrayNode) c.get("dimensionIndexes")).remove(2);
            }
            elements.remove("patient");
        }
        return assemble(cube, decls, cells, elements);
    }

    private ObjectNode assemble(ObjectNode cube, List<ObjectNode> decls, ArrayNode cells, ObjectNode elements) {
        ArrayNode d = mapper.createArrayNode().addAll(decls);
        switch (mode) {
            case DECLARATIONS_LAST -> {
                cube.set("cells", cells);
                cube.set("dimensionElements", elements);
                cube.set("dimensionDeclarations", d);
            }
            case NO_DECLARATIONS -> {
                cube.set("cells", cells);
                cube.set("dimensionElements", elements);
            }
            default -> {
                cube.set("dimensionDeclarations", d);
                cube.set("cells", cells);
                cube.set("dimensionElements", elements);
            }
        }
        return cube;
    }

    /** Three samples x the probes of the requested genes (all three genes without a biomarker constraint). */
    private ObjectNode highDim(JsonNode biomarkerConstraint) {
        ObjectNode cube = mapper.createObjectNode();
        List<ObjectNode> decls = List.of(decl("assay", "Object", false), decl("biomarker", "Object", false),
                decl("projection", "String", true), decl("patient", "Object", false).put("dimensionType", "subject"));
        String[][] probes = {{"1007_s_at", "DDR1"}, {"201746_at", "TP53"}, {"1565483_at", "EGFR"}, {"211607_x_at", "EGFR"}};
        List<String> genes = new ArrayList<>();
        if (biomarkerConstraint != null) {
            biomarkerConstraint.path("params").path("names").forEach(n -> genes.add(n.asText()));
        }
        List<String[]> chosen = new ArrayList<>();
        for (String[] p : probes) {
            if (genes.isEmpty() || genes.contains(p[1])) {
                chosen.add(p);
            }
        }
        String[] samples = {"GSM210004", "GSM210005", "GSM210006"};
        ArrayNode cells = mapper.createArrayNode();
        for (int b = 0; b < chosen.size(); b++) {
            for (int a = 0; a < samples.length; a++) {
                ObjectNode c = cells.addObject();
                c.putArray("inlineDimensions").add("log_intensity");
                c.putArray("dimensionIndexes").add(a).add(b).add(a);
                c.put("numericValue", intensity(a, b));
            }
        }
        ObjectNode elements = mapper.createObjectNode();
        ArrayNode al = elements.putArray("assay");
        for (int a = 0; a < samples.length; a++) {
            al.addObject().put("id", -6001 - a).put("sampleCode", samples[a]).put("platform", "GPL570");
        }
        ArrayNode bl = elements.putArray("biomarker");
        for (String[] p : chosen) {
            bl.addObject().put("label", p[0]).put("biomarker", p[1]);
        }
        ArrayNode pl = elements.putArray("patient");
        for (int a = 0; a < samples.length; a++) {
            pl.addObject().put("id", 1000421548 + a).put("inTrialId", Integer.toString(3052 + a));
        }
        return assemble(cube, decls, cells, elements);
    }

    /** The fake's log intensity of sample a and probe b (tests compute the same). */
    public static double intensity(int a, int b) {
        return 5.0 + b + a / 10.0;
    }

    public Map<String, Object> lastBody() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = mapper.readValue(server.last("/v2/observations").body(), LinkedHashMap.class);
        return m;
    }

    @Override
    public void close() {
        server.close();
    }
}
