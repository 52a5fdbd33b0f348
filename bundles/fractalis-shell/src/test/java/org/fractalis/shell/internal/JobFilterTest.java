package org.fractalis.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.junit.jupiter.api.Test;

class JobFilterTest {
    private static final String S1 = "11111111-aaaa-4bbb-8ccc-000000000001";
    private static final String S2 = "22222222-aaaa-4bbb-8ccc-000000000002";

    private static JobInfo job(String id, String plugin, String session, JobState state, long started, long ended) {
        return new JobInfo(id, JobMessage.Kind.ETL, plugin, session, state, null, 1000, ended, started, "");
    }

    private final JobInfo queued = job("q", "ada", S1, JobState.SUBMITTED, 0, 0);
    private final JobInfo running = job("r", "compute-pca", S1, JobState.SUBMITTED, 2000, 0);
    private final JobInfo failed = job("f", "ada", S2, JobState.FAILURE, 2000, 5000);
    private final List<JobInfo> all = List.of(queued, running, failed);

    private List<String> ids(JobFilter f) {
        return all.stream().filter(f::matches).map(JobInfo::id).toList();
    }

    @Test
    void filtersByStatePhasePluginAndSessionPrefix() {
        assertEquals(List.of("q", "r", "f"), ids(new JobFilter(null, null, null)));
        assertEquals(List.of("q"), ids(new JobFilter("queued", null, null)));
        assertEquals(List.of("r"), ids(new JobFilter("RUNNING", null, null)));
        assertEquals(List.of("q", "r"), ids(new JobFilter("submitted", null, null)));
        assertEquals(List.of("f"), ids(new JobFilter("failure", null, null)));
        assertEquals(List.of("q", "f"), ids(new JobFilter(null, "ada", null)));
        assertEquals(List.of("f"), ids(new JobFilter(null, null, "22222222")));
        assertEquals(List.of("q"), ids(new JobFilter("queued", "ada", S1)));
        assertEquals(List.of(), ids(new JobFilter(null, "ad", null)), "plugins match whole names");
    }

    @Test
    void anUnknownStateIsAClearProblem() {
        assertNull(new JobFilter("success", null, null).problem());
        String p = new JobFilter("done", null, null).problem();
        assertTrue(p.startsWith("Unknown state 'done'; use one of queued, running"), p);
    }

    @Test
    void phasesAndRunTimes() {
        assertEquals("QUEUED", JobFilter.phase(queued));
        assertEquals("RUNNING", JobFilter.phase(running));
        assertEquals("FAILURE", JobFilter.phase(failed));
        assertEquals(-1, JobFilter.runTime(queued, 9000));
        assertEquals(7000, JobFilter.runTime(running, 9000));
        assertEquals(3000, JobFilter.runTime(failed, 9000));
    }

    @Test
    void idsResolveWholeOrByAUniquePrefix() {
        List<String> known = List.of(S1, S2, "11112222-x");
        assertEquals(S2, Ids.resolve("2222", known, "session").id());
        assertEquals(S1, Ids.resolve(S1, known, "session").id());
        Ids.Resolved ambiguous = Ids.resolve("1111", known, "session");
        assertNull(ambiguous.id());
        assertEquals("'1111' matches 2 sessions; please type more of the id.", ambiguous.problem());
        Ids.Resolved unknown = Ids.resolve("nope", known, "job");
        assertNull(unknown.id());
        assertTrue(unknown.problem().startsWith("No job with id 'nope'"), unknown.problem());
        assertFalse(Ids.resolve(" ", known, "job").problem().isEmpty());
    }

    @Test
    void textFormats() {
        assertEquals("850ms", Text.duration(850));
        assertEquals("4m05s", Text.duration(245_000));
        assertEquals("2h07m", Text.duration((2 * 3600 + 7 * 60) * 1000L));
        assertEquals("11111111", Text.shortId(S1));
        assertEquals("", Text.time(0));
        assertEquals("0.1.0 (2 bundles); 0.2.0 (1 bundle)", NodeListCommand.versionSummary(java.util.Map.of(
                "fractalis-core", "0.1.0.202612070134", "fractalis-web", "0.1.0", "fractalis-connector-ada",
                "0.2.0.202612070247")));
    }
}
