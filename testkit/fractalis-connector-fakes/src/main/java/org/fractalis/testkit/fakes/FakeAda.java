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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A local ADA: {@code POST /login} (form {@code id}, {@code password}) sets the Play2Auth session cookie;
 * {@code GET /dataSets/records/findCustom} needs that cookie, honours {@code dataSet} and the last
 * {@code projection}, and drops records whose field is missing or {@code ""} (like the filter the connector
 * sends). Without a valid session it redirects to the login page (or answers 401). {@link #mode} switches the
 * data endpoint into a failure.
 */
public final class FakeAda implements AutoCloseable {
    public static final String USER = "ann";
    public static final String PASSWORD = "s3cr3t-pw";
    public static final String SESSION_COOKIE = "PLAY2AUTH_SESS_ID";

    public enum Mode { NORMAL, STATUS_500, LOGIN_PAGE_200, TRUNCATED, STALL, OBJECT, HUGE }

    public final FakeServer server;
    public final Set<String> sessions = ConcurrentHashMap.newKeySet();
    public volatile Mode mode = Mode.NORMAL;
    public volatile boolean unauthorizedAs401;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, List<Map<String, Object>>> dataSets = new LinkedHashMap<>();

    public FakeAda() {
        this(0);
    }

    /**
     * On a given port (0 = any): for itest containers whose {@code allowed.servers} must name the fake before it
     * exists (a loopback source is refused unless the allow-list names it).
     */
    public FakeAda(int port) {
        server = FakeServer.start(port);
        dataSets.put("ppmi.clinical_visit", List.of(
                rec("5a1c3f2e8b0c4d0012a4e001", Map.of("sex", 1, "updrs_total", 32, "height", 1.72, "smoker", true,
                        "site", "Kiel", "visit_date", 1459242000000L)),
                rec("5a1c3f2e8b0c4d0012a4e002", Map.of("sex", 0, "updrs_total", 18, "height", 1.6, "smoker", false,
                        "site", "Boston", "visit_date", "2016-04-02")),
                rec("5a1c3f2e8b0c4d0012a4e003", Map.of("sex", 1.0, "updrs_total", "", "smoker", true, "site", "",
                        "visit_date", "2016-04-03T10:15:30Z")),
                rec("5a1c3f2e8b0c4d0012a4e004", Map.of("sex", 0, "updrs_total", 25, "height", 1.81))));
        dataSets.put("ppmi.gait", List.of(
                rec("5a1c3f2e8b0c4d0012a4e001", Map.of("stride_len", List.of(1.21, 1.19, 1.25))),
                rec("5a1c3f2e8b0c4d0012a4e002", Map.of("stride_len", List.of(1.3, 1.28))),
                rec("5a1c3f2e8b0c4d0012a4e003", Map.of("cadence", 101))));
        dataSets.put("ppmi.bad_enum", List.of(
                rec("5a1c3f2e8b0c4d0012a4e001", Map.of("sex", 1)),
                rec("5a1c3f2e8b0c4d0012a4e002", Map.of("sex", 7))));
        server.route("/login", this::login);
        server.route("/login-page", x -> x.respond(200, "text/html", "<html><form>Login</form></html>"));
        server.route("/dataSets/records/findCustom", this::findCustom);
    }

    public String url() {
        return server.url();
    }

    /** A valid session, as if the user had logged in through ADA's page. */
    public String session() {
        String s = UUID.randomUUID().toString().replace("-", "");
        sessions.add(s);
        return s;
    }

    private static Map<String, Object> rec(String oid, Map<String, Object> fields) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("_id", Map.of("$oid", oid));
        r.putAll(fields);
        return r;
    }

    private void login(FakeServer.Exchange x) throws IOException {
        if (!x.method().equals("POST")) {
            x.respond(405, "text/plain", "POST only");
            return;
        }
        if (USER.equals(x.param("id")) && PASSWORD.equals(x.param("password"))) {
            String s = session();
            x.header("Set-Cookie", "PLAY_LANG=en; Path=/");
            x.header("Set-Cookie", SESSION_COOKIE + "=" + s + "; Path=/; HTTPOnly");
            x.json(200, "{\"message\": \"User '" + USER + "' successfully logged in.\"}");
        } else {
            x.json(401, "{\"message\": \"Invalid user name or password.\"}");
        }
    }

    private void findCustom(FakeServer.Exchange x) throws IOException {
        String cookie = x.cookie(SESSION_COOKIE);
        if (cookie == null || !sessions.contains(cookie)) {
            if (unauthorizedAs401) {
                x.json(401, "{\"message\": \"Unauthorized\"}");
            } else {
                x.redirect(303, "/login-page");
            }
            return;
        }
        switch (mode) {
            case STATUS_500 -> {
                x.respond(500, "text/plain", "Internal error: MongoDB timed out");
                return;
            }
            case LOGIN_PAGE_200 -> {
                x.respond(200, "text/html", "<!DOCTYPE html><html><body>Please log in</body></html>");
                return;
            }
            case STALL -> {
                x.stall();
                return;
            }
            case OBJECT -> {
                x.json(200, "{\"error\": \"unknown data set\"}");
                return;
            }
            default -> {
            }
        }
        List<Map<String, Object>> records = dataSets.get(x.param("dataSet"));
        if (records == null) {
            x.json(400, "{\"message\": \"Data set '" + x.param("dataSet") + "' not found.\"}");
            return;
        }
        List<String> projections = x.query().get("projection");
        String field = projections.get(projections.size() - 1);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Object v = r.get(field);
            if (v == null || "".equals(v)) {
                continue;
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("_id", r.get("_id"));
            o.put(field, v);
            out.add(o);
        }
        if (mode == Mode.HUGE) {
            while (out.size() < 20000) {
                out.addAll(List.copyOf(out));
            }
        }
        String json = mapper.writeValueAsString(out);
        if (mode == Mode.TRUNCATED) {
            x.respondTruncated(200, "application/json", json, json.length() / 2);
        } else {
            x.json(200, json);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
