package org.fractalis.testkit.fakes;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.http.testing.FakeServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A local PIC-SURE 1.x (IRCT) API under {@code /rest/v1}: {@code runQuery} answers a new result id; its status
 * goes CREATED, RUNNING ({@link #runningPolls} times), AVAILABLE; the CSV result holds the NHANES-like variable
 * the query selects (AGE or SEX). {@link #mode} switches in the failures.
 */
public final class FakePicSure implements AutoCloseable {
    public static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.picsure";
    public static final String AGE_PUI = "/nhanes/Demo/demographics/demographics/AGE/";
    public static final String SEX_PUI = "/nhanes/Demo/demographics/demographics/SEX/";

    public enum Mode { NORMAL, ERROR_STATUS, STUCK_RUNNING, TEXT_STATUS, EMPTY_CSV, HEADER_ONLY, THREE_COLUMNS, UNAUTHORIZED,
        GAPS, MALFORMED_CSV, NOT_A_NUMBER, STALL_CSV, NO_RESULT_ID }

    public final FakeServer server;
    public volatile Mode mode = Mode.NORMAL;
    public volatile int runningPolls = 2;
    public volatile boolean open; // accepts requests without a token
    private final AtomicInteger ids = new AtomicInteger(4711);
    private final Map<String, String> queries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();

    public FakePicSure() {
        this(0);
    }

    /**
     * On a given port (0 = any): for itest containers whose {@code allowed.servers} must name the fake before it
     * exists (a loopback source is refused unless the allow-list names it).
     */
    public FakePicSure(int port) {
        server = FakeServer.start(port);
        server.route("/rest/v1/queryService/runQuery", this::runQuery);
        for (int i = 4711; i < 4731; i++) {
            String id = Integer.toString(i);
            server.route("/rest/v1/resultService/resultStatus/" + id, x -> status(x, id));
            server.route("/rest/v1/resultService/result/" + id + "/CSV", x -> csv(x, id));
        }
    }

    public String url() {
        return server.url() + "/rest/v1";
    }

    public int polls(String id) {
        AtomicInteger n = polls.get(id);
        return n == null ? 0 : n.get();
    }

    private boolean authorized(FakeServer.Exchange x) throws IOException {
        if (mode == Mode.UNAUTHORIZED || !open && !("Bearer " + TOKEN).equals(x.header("Authorization"))) {
            x.json(401, "{\"message\": \"User is not authorized. [Token invalid or expired]\"}");
            return false;
        }
        return true;
    }

    private void runQuery(FakeServer.Exchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        if (!x.method().equals("POST") || !"application/json".equals(x.header("Content-Type"))) {
            x.json(415, "{\"message\": \"JSON query expected\"}");
            return;
        }
        JsonNode q = mapper.readTree(x.body());
        String pui = q.path("select").path(0).path("field").path("pui").asText();
        if (!pui.equals(AGE_PUI) && !pui.equals(SEX_PUI)) {
            x.json(400, "{\"message\": \"Unknown path " + pui + "\"}");
            return;
        }
        if (mode == Mode.NO_RESULT_ID) {
            x.json(200, "{\"status\": \"queued\"}");
            return;
        }
        String id = Integer.toString(ids.getAndIncrement());
        queries.put(id, pui);
        x.json(200, "{\"resultId\": " + id + "}");
    }

    private void status(FakeServer.Exchange x, String id) throws IOException {
        if (!authorized(x)) {
            return;
        }
        int n = polls.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement();
        String status;
        if (mode == Mode.ERROR_STATUS && n >= 1) {
            status = "ERROR";
        } else if (n == 0) {
            status = "CREATED";
        } else if (n <= runningPolls || mode == Mode.STUCK_RUNNING) {
            status = "RUNNING";
        } else {
            status = "AVAILABLE";
        }
        if (mode == Mode.TEXT_STATUS) {
            x.respond(200, "text/plain", status);
        } else {
            x.json(200, "{\"resultId\": " + id + ", \"status\": \"" + status + "\"}");
        }
    }

    private void csv(FakeServer.Exchange x, String id) throws IOException {
        if (!authorized(x)) {
            return;
        }
        boolean age = AGE_PUI.equals(queries.get(id));
        String text = switch (mode) {
            case EMPTY_CSV -> "";
            case HEADER_ONLY -> "Patient Id,demographics/AGE\n";
            case THREE_COLUMNS -> "Patient Id,demographics/AGE,demographics/SEX\n10021,34,female\n";
            case GAPS -> age ? "Patient Id,demographics/AGE\n10021,34\n10022,\n10023,71\n"
                    : "Patient Id,\"demographics/SEX, self-reported\"\n10021,female\n10022,\n10023,male\n";
            case MALFORMED_CSV -> "Patient Id,demographics/SEX\n10021,\"female\n10022,male\n";
            case NOT_A_NUMBER -> "Patient Id,demographics/AGE\n10021,34\n10022,unknown\n";
            case STALL_CSV -> {
                x.stallAfter(200, "text/csv", "Patient Id,demographics/AGE\n10021,34\n");
                yield null;
            }
            default -> age ? "Patient Id,demographics/AGE\r\n10021,34\r\n10022,58\r\n10023,71\r\n"
                    : "Patient Id,demographics/SEX\r\n10021,female\r\n10022,male\r\n10023,female\r\n";
        };
        x.respond(200, "text/csv", text);
    }

    @Override
    public void close() {
        server.close();
    }
}
