package org.fractalis.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 2: one session filled the store with large results, and deleting its tasks and data freed
 * nothing, so the other sessions' jobs kept failing for the results' lifetime. A deleted task's result and a
 * deleted variable's frame must give their bytes back at once.
 */
class StoreAccountingTest {

    private static final int RESULT = 1 << 20;

    /** Runs large analyses until the store is full; returns the tasks that succeeded. */
    private static List<String> fill(CoreHarness n, String session) throws Exception {
        List<String> ok = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = n.core.submit(session, "compute-big", Map.of());
            TaskStatus s = n.core.awaitTask(session, id, CoreHarness.WAIT);
            if (s.state() != JobState.SUCCESS) {
                assertEquals(JobState.FAILURE, s.state(), "the result did not fit: " + s.result());
                assertTrue(n.store.usedBytes() + RESULT > 8L * RESULT, "failed because the store is full");
                return ok;
            }
            ok.add(id);
        }
        throw new AssertionError("the store never filled up");
    }

    @Test
    void deletingASessionsTasksAndDataFreesTheStoreForTheOthers() throws Exception {
        try (CoreHarness n = new CoreHarness(Settings.defaults(), 8L * RESULT, 100)) {
            n.startWorker();
            n.tasks.put("compute-big", args -> Map.of("blob", "x".repeat(RESULT)));
            String attacker = n.newSession();
            n.loaded(attacker, DataKind.NUMERICAL, "f");
            List<String> results = fill(n, attacker);
            assertTrue(results.size() >= 5, "results that fitted: " + results.size());
            long used = n.store.usedBytes();

            String other = n.newSession();
            assertEquals(JobState.FAILURE, n.run(other, "compute-big", Map.of()).state(), "the store is full");

            for (String id : results) {
                n.core.cancel(attacker, id); // DELETE /analytics/{id}
            }
            n.core.deleteAll(attacker); // DELETE /data
            assertTrue(n.store.usedBytes() < used - (long) results.size() * RESULT,
                    "the deleted results' bytes are free: " + n.store.usedBytes() + " of " + used);

            // the other session fills the store again as far as the attacker did
            List<String> again = fill(n, other);
            assertTrue(again.size() >= results.size(), again.size() + " results after the delete, "
                    + results.size() + " before");
        }
    }
}
