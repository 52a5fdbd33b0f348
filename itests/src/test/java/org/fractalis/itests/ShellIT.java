package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 11, item 5: the shell an operator lives in. Two browser sessions load data and run analyses; the job list
 * shows session, plugin, state, times and a secret-free argument summary and filters them; job-show, session-list
 * with labels, session-purge (the purged session's data are gone over HTTP, the other session's are not), a logged
 * cancel, and an operator's typo answered with a message (no exception, no stack trace in the log).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends FractalisTestSupport {

    @Configuration
    public Option[] config() {
        // the INFO lines of cancels and purges (the container logs WARN and above otherwise)
        return baseConfig(
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisshell.name",
                        "org.fractalis.shell"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.fractalisshell.level",
                        "INFO"));
    }

    private static String cookie(Browser b) {
        return b.sessionCookie();
    }

    /** The table line of a job (by its id). */
    private static Optional<String> line(String table, String id) {
        return Arrays.stream(table.split("\n")).filter(l -> l.contains(id)).findFirst();
    }

    @Test
    public void anOperatorSeesFiltersPurgesAndCancels() throws Exception {
        Browser alice = browser();
        Browser bob = browser();
        List<String> aliceData = load(alice, List.of(rows("numerical", "Age of alice", List.of(
                row("p1", "age", 31), row("p2", "age", 47)))));
        List<String> bobData = load(bob, List.of(rows("numerical", "Weight of bob", List.of(
                row("p1", "weight", 70), row("p2", "weight", 81)))));
        assertEquals(200, analyse(alice, "sum_df_test_task", Map.of("a", ref(aliceData.get(0)))).status());
        Browser.Reply bobSum = analyse(bob, "add_test_task", Map.of("a", 1, "b", 2, "password", "hunter2-secret"));
        assertEquals(200, bobSum.status());
        String aliceSession = cookie(alice);
        String bobSession = cookie(bob);

        // job-list: columns, secret-free summary, filters
        String all = shell("fractalis:job-list");
        for (String column : List.of("Id", "Session", "Kind", "Plugin", "State", "Submitted", "Waited", "Ran",
                "Arguments")) {
            assertTrue(all, all.contains(column));
        }
        String etl = line(all, aliceData.get(0)).orElseThrow(() -> new AssertionError(all));
        assertTrue(etl, etl.contains(aliceSession.substring(0, 8)) && etl.contains("ETL") && etl.contains("test")
                && etl.contains("SUCCESS") && etl.contains("server=http://test"));
        assertFalse("no credentials in the list", all.contains("hunter2-secret"));
        assertTrue(all, all.contains("password=***"));
        String onlyBob = shell("fractalis:job-list --session " + bobSession.substring(0, 8));
        assertTrue(onlyBob, onlyBob.contains(bobData.get(0)) && !onlyBob.contains(aliceData.get(0)));
        String onlyAdd = shell("fractalis:job-list -p add_test_task");
        assertTrue(onlyAdd, onlyAdd.contains("add_test_task") && !onlyAdd.contains("sum_df_test_task")
                && !onlyAdd.contains(" ETL "));
        String failures = shell("fractalis:job-list -s failure");
        assertFalse(failures, failures.contains(aliceData.get(0)));
        String badState = shell("fractalis:job-list -s done");
        assertTrue(badState, badState.contains("Unknown state 'done'"));

        // job-show
        String shown = shell("fractalis:job-show " + aliceData.get(0).substring(0, 13));
        assertTrue(shown, shown.contains(aliceData.get(0)) && shown.contains(aliceSession) && shown.contains("Started")
                && shown.contains("Finished") && shown.contains("label=Age of alice"));

        // session-list with labels, age and expiry
        String sessions = shell("fractalis:session-list");
        assertTrue(sessions, sessions.contains("Expires in") && sessions.contains("Labels"));
        String aliceLine = line(sessions, aliceSession).orElseThrow(() -> new AssertionError(sessions));
        assertTrue(aliceLine, aliceLine.contains("Age of alice") && !aliceLine.contains("Weight of bob"));

        // a running analysis cancelled by the operator: REVOKED for the browser, logged with who did it
        Browser.Reply started = bob.post("/analytics", Map.of("task_name", "nothing_test_task", "args",
                Map.of("seconds", 600)));
        assertEquals(201, started.status());
        String slow = started.json().get("task_id").asText();
        await("the slow task runs", Duration.ofSeconds(60),
                () -> line(shell0("fractalis:job-list -s running"), slow).isPresent());
        String cancelled = shell("fractalis:job-cancel " + slow);
        assertTrue(cancelled, cancelled.contains("cancelled"));
        assertEquals("REVOKED", bob.get("/analytics/" + slow).json().get("state").asText());
        await("the cancel is logged", Duration.ofSeconds(30),
                () -> karafLog().contains("Job " + slow + " (ANALYTICS nothing_test_task, session " + bobSession
                        + ") cancelled by itest"));

        // session-purge: alice's data are gone over HTTP, bob's are untouched
        String purged = shell("fractalis:session-purge " + aliceSession);
        assertTrue(purged, purged.contains("purged: 1 data, 1 analyses removed"));
        await("the purge is logged", Duration.ofSeconds(30),
                () -> karafLog().contains("Session " + aliceSession + " purged by itest: 1 data, 1 analyses removed"));
        JsonNode aliceNow = alice.get("/data").json().get("data_states");
        assertEquals(0, aliceNow.size());
        assertEquals(List.of(bobData.get(0)), ids(bob));
        assertEquals("SUCCESS", dataState(bob, bobData.get(0)).get("etl_state").asText());
        assertFalse(shell("fractalis:session-list").contains(aliceSession));
        assertTrue(line(shell("fractalis:job-list"), aliceData.get(0)).isEmpty());

        // typos: a clear message, no exception, no stack trace in the log
        int logBefore = karafLog().length();
        for (String typo : List.of("fractalis:job-cancel no-such-job", "fractalis:job-show no-such-job",
                "fractalis:session-purge no-such-session", "fractalis:session-purge " + aliceSession)) {
            String out = shell(typo);
            assertTrue(typo + ": " + out, out.contains("No job with id") || out.contains("No session with id"));
        }
        String after = karafLog().substring(Math.min(logBefore, karafLog().length()));
        assertFalse(after, after.contains("Exception") || after.contains("\tat "));

        // node-list: host:port of this node (not "?"), role, versions, heartbeat age
        String nodes = shell("fractalis:node-list");
        assertTrue(nodes, nodes.contains(":" + System.getProperty(PORT_PROPERTY)) && nodes.contains("web")
                && nodes.contains("worker") && nodes.contains("bundles)") && nodes.contains(" ago"));
        String versions = shell("fractalis:node-list -v");
        assertTrue(versions, versions.contains("fractalis-core") && versions.contains("fractalis-shell"));
    }

    /** {@link #shell} for conditions polled by {@link #await} (which cannot throw checked exceptions). */
    private String shell0(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
