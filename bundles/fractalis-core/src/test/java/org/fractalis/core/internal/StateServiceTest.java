package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.WAIT;
import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.SavedStateView;
import org.fractalis.api.service.ServiceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved states (CLIENT_CONTRACT.md §5.9): save, restore in another session, ids replaced. */
class StateServiceTest {
    private CoreHarness n;

    @BeforeEach
    void start() {
        n = new CoreHarness().startWorker();
    }

    @AfterEach
    void close() {
        n.close();
    }

    private static int status(Runnable r) {
        return assertThrows(ServiceException.class, r::run).reason().status();
    }

    private static Map<String, Object> chartState(String idA, String idB) {
        Map<String, Object> chartState = new LinkedHashMap<>();
        chartState.put("x", ref(idA));
        chartState.put("features", List.of(ref(idA), ref(idB, "f")));
        chartState.put("note", "plain text mentioning " + idA);
        chartState.put("params", Map.of("deep", List.of(Map.of("y", "$" + idB + "$"))));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("chartName", "scatterplot");
        state.put("chartState", chartState);
        return state;
    }

    @Test
    void saveRestoreAndGetReplaceEveryOldIdByTheNewOne() throws Exception {
        String a = n.newSession();
        String idA = n.loaded(a, DataKind.NUMERICAL, "age");
        String idB = n.loaded(a, DataKind.NUMERICAL_ARRAY, "mirna");
        Map<String, Object> saved = chartState(idA, idB);
        String stateId = n.core.save(a, saved, CoreHarness.HANDLER, CoreHarness.SERVER);
        assertTrue(stateId.matches("[0-9a-f-]{36}"));

        String b = n.newSession();
        n.core.restore(b, stateId, Map.of("token", "t2"));
        SavedStateView v = n.core.awaitState(b, stateId, WAIT);
        assertTrue(v.ready());
        List<DataStateView> loaded = n.core.list(b);
        assertEquals(2, loaded.size());
        Map<String, String> byLabel = new LinkedHashMap<>();
        loaded.forEach(d -> byLabel.put(d.label(), d.taskId()));
        String newA = byLabel.get("age");
        String newB = byLabel.get("mirna");
        assertFalse(newA.equals(idA) || newB.equals(idB), "new ids in the new session");
        String text = v.state().toString();
        assertFalse(text.contains(idA), text);
        assertFalse(text.contains(idB), text);
        @SuppressWarnings("unchecked")
        Map<String, Object> cs = (Map<String, Object>) v.state().get("chartState");
        assertEquals(ref(newA), cs.get("x"));
        assertEquals(List.of(ref(newA), ref(newB, "f")), cs.get("features"));
        assertEquals("plain text mentioning " + newA, cs.get("note"));
        assertEquals(Map.of("deep", List.of(Map.of("y", "$" + newB + "$"))), cs.get("params"));
        assertEquals("scatterplot", v.state().get("chartName"));
        // the restore ran with the new session's token
        assertTrue(n.connector.requests.stream().anyMatch(r -> "t2".equals(r.token())));
    }

    @Test
    void getWithoutRestoreIs404AndAnUnknownStateIs404() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        String b = n.newSession();
        assertEquals(404, status(() -> n.core.get(b, stateId)));
        assertEquals(404, status(() -> n.core.get(a, stateId)), "even the saving session must POST first");
        String unknown = "6f1c2c1e-0b7e-4a57-9a51-3c1f0e9d8b21";
        assertEquals(404, status(() -> n.core.restore(b, unknown, Map.of("token", "t"))));
        assertEquals(404, status(() -> n.core.get(b, unknown)));
    }

    @Test
    void whileEtlsRunTheStateIsNotReady() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "slow");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        n.connector.on("slow", r -> {
            started.countDown();
            release.await();
            return CoreHarness.defaultFrame(r.descriptor());
        });
        String b = n.newSession();
        n.core.restore(b, stateId, Map.of("token", "t"));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        SavedStateView pending = n.core.get(b, stateId);
        assertFalse(pending.ready());
        assertNull(pending.state());
        release.countDown();
        assertTrue(n.core.awaitState(b, stateId, WAIT).ready());
    }

    @Test
    void aFailedEtlMakesTheState403() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "flaky");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        n.connector.on("flaky", r -> {
            throw new org.fractalis.api.connector.ConnectorException("source down");
        });
        String b = n.newSession();
        n.core.restore(b, stateId, Map.of("token", "t"));
        ServiceException e = assertThrows(ServiceException.class, () -> n.core.awaitState(b, stateId, WAIT));
        assertEquals(403, e.reason().status());
    }

    @Test
    void restoringInTheSameSessionReusesTheLoadedData() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        int loadsBefore = n.connector.requests.size();
        n.core.restore(a, stateId, Map.of("token", "t"));
        SavedStateView v = n.core.awaitState(a, stateId, WAIT);
        assertTrue(v.ready());
        assertEquals(ref(id), v.state().get("x"), "same id: the SUCCESS duplicate was reused");
        assertEquals(loadsBefore, n.connector.requests.size(), "no new ETL");
        assertEquals(1, n.core.list(a).size());
    }

    @Test
    void restoringTwiceInANewSessionReusesTheFirstRestore() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        String b = n.newSession();
        n.core.restore(b, stateId, Map.of("token", "t"));
        n.core.awaitState(b, stateId, WAIT);
        n.core.restore(b, stateId, Map.of("token", "t"));
        assertTrue(n.core.awaitState(b, stateId, WAIT).ready());
        assertEquals(1, n.core.list(b).size());
    }

    @Test
    void saveNeedsAKnownReferenceOfThisSession() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        ServiceException none = assertThrows(ServiceException.class,
                () -> n.core.save(a, Map.of("x", "no reference"), "fake", "http://s"));
        assertEquals(400, none.reason().status());
        assertEquals("This state cannot be saved because it contains no data task ids.", none.getMessage());
        assertEquals(400, status(() -> n.core.save(a, Map.of("x", "$not-a-uuid$"), "fake", "http://s")));
        String unknown = "6f1c2c1e-0b7e-4a57-9a51-3c1f0e9d8b21";
        assertEquals(400, status(() -> n.core.save(a, Map.of("x", ref(id), "y", ref(unknown)), "fake", "http://s")));
        String other = n.newSession();
        assertEquals(400, status(() -> n.core.save(other, Map.of("x", ref(id)), "fake", "http://s")),
                "data of another session");
    }

    @Test
    void aRestoreWithBadCredentialsIs400() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        String b = n.newSession();
        ServiceException e = assertThrows(ServiceException.class,
                () -> n.core.restore(b, stateId, Map.of("user", "u", "passwd", "wrong")));
        assertEquals(400, e.reason().status());
        assertTrue(e.getMessage().startsWith("Could not authenticate with API."), e.getMessage());
        assertTrue(n.core.list(b).isEmpty());
    }

    @Test
    void theSavedStateOutlivesTheDataItReferences() throws Exception {
        String a = n.newSession();
        String id = n.loaded(a, DataKind.NUMERICAL, "age");
        String stateId = n.core.save(a, Map.of("x", ref(id)), CoreHarness.HANDLER, CoreHarness.SERVER);
        n.core.deleteAll(a);
        String b = n.newSession();
        AtomicBoolean loaded = new AtomicBoolean();
        n.connector.on("age", r -> {
            loaded.set(true);
            return CoreHarness.defaultFrame(r.descriptor());
        });
        n.core.restore(b, stateId, Map.of("token", "t"));
        assertTrue(n.core.awaitState(b, stateId, WAIT).ready());
        assertTrue(loaded.get(), "the descriptor was recorded at save time");
    }
}
