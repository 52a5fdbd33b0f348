package org.fractalis.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class RegistryTest {

    private static AnalyticsTask task(String tag) {
        return new AnalyticsTask() {
            @Override
            public Map<String, Object> run(org.fractalis.api.analytics.TaskArgs args) {
                return Map.of("tag", tag);
            }

            @Override
            public String toString() {
                return tag;
            }
        };
    }

    private static Connector connector(String tag) {
        return new Connector() {
            @Override
            public DataKind kind(Map<String, Object> descriptor) {
                return DataKind.NUMERICAL;
            }

            @Override
            public String label(Map<String, Object> descriptor) {
                return tag;
            }

            @Override
            public Frame load(EtlRequest request) {
                return Frame.builder(DataKind.NUMERICAL).build();
            }
        };
    }

    private static FakeServiceReference<AnalyticsTask> taskRef(long id, int ranking, Object name) {
        return FakeServiceReference.of(id, ranking, AnalyticsTask.NAME, name);
    }

    private static FakeServiceReference<Connector> connRef(long id, int ranking, Object handler) {
        return FakeServiceReference.of(id, ranking, Connector.HANDLER, handler);
    }

    @Test
    void fakeReferencesOrderLikeTheFramework() {
        // sanity check of the fake: higher ranking is "greater", then the lower id
        assertTrue(taskRef(5, 10, "x").compareTo(taskRef(1, 0, "x")) > 0);
        assertTrue(taskRef(1, 0, "x").compareTo(taskRef(2, 0, "x")) > 0);
    }

    @Test
    void aTaskIsFoundByName() {
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        AnalyticsTask t = task("a");
        r.addTask(t, taskRef(1, 0, "compute-a"));
        assertSame(t, r.find("compute-a").orElseThrow());
        assertTrue(r.find("compute-b").isEmpty());
        assertEquals(List.of("compute-a"), List.copyOf(r.names()));
    }

    @Test
    void higherRankingWinsWhateverTheOrderOfArrival() {
        AnalyticsTask low = task("low");
        AnalyticsTask high = task("high");
        AnalyticsRegistryImpl r1 = new AnalyticsRegistryImpl();
        r1.addTask(low, taskRef(1, 0, "t"));
        r1.addTask(high, taskRef(2, 10, "t"));
        assertSame(high, r1.find("t").orElseThrow());
        AnalyticsRegistryImpl r2 = new AnalyticsRegistryImpl();
        r2.addTask(high, taskRef(2, 10, "t"));
        r2.addTask(low, taskRef(1, 0, "t"));
        assertSame(high, r2.find("t").orElseThrow());
    }

    @Test
    void equalRankingPrefersTheOlderServiceWithTheLowerId() {
        AnalyticsTask older = task("older");
        AnalyticsTask newer = task("newer");
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        r.addTask(newer, taskRef(9, 0, "t"));
        r.addTask(older, taskRef(3, 0, "t"));
        assertSame(older, r.find("t").orElseThrow());
    }

    @Test
    void removingTheWinnerFallsBackAndRemovingAllForgetsTheName() {
        AnalyticsTask low = task("low");
        AnalyticsTask high = task("high");
        FakeServiceReference<AnalyticsTask> lowRef = taskRef(1, 0, "t");
        FakeServiceReference<AnalyticsTask> highRef = taskRef(2, 10, "t");
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        r.addTask(low, lowRef);
        r.addTask(high, highRef);
        r.removeTask(high, highRef);
        assertSame(low, r.find("t").orElseThrow());
        r.removeTask(low, lowRef);
        assertTrue(r.find("t").isEmpty());
        assertTrue(r.names().isEmpty());
    }

    @Test
    void removingTheLoserKeepsTheWinner() {
        AnalyticsTask low = task("low");
        AnalyticsTask high = task("high");
        FakeServiceReference<AnalyticsTask> lowRef = taskRef(1, 0, "t");
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        r.addTask(low, lowRef);
        r.addTask(high, taskRef(2, 10, "t"));
        r.removeTask(low, lowRef);
        assertSame(high, r.find("t").orElseThrow());
    }

    @Test
    void servicesWithoutAUsableNamePropertyAreIgnored() {
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        AtomicInteger changes = new AtomicInteger();
        r.addListener(changes::incrementAndGet);
        FakeServiceReference<AnalyticsTask> missing = taskRef(1, 0, null);
        r.addTask(task("missing"), missing);
        r.addTask(task("blank"), taskRef(2, 0, "  "));
        r.addTask(task("number"), taskRef(3, 0, 42));
        assertTrue(r.names().isEmpty());
        assertEquals(0, changes.get(), "ignored services announce no change");
        r.removeTask(task("missing"), missing); // harmless
        assertTrue(r.names().isEmpty());
    }

    @Test
    void namesAreSortedAndIndependentCopies() {
        ConnectorRegistryImpl r = new ConnectorRegistryImpl();
        r.addConnector(connector("b"), connRef(1, 0, "zeta"));
        r.addConnector(connector("a"), connRef(2, 0, "alpha"));
        assertEquals(List.of("alpha", "zeta"), List.copyOf(r.handlers()));
        r.handlers().clear();
        assertEquals(2, r.handlers().size());
    }

    @Test
    void connectorRankingAndFallback() {
        ConnectorRegistryImpl r = new ConnectorRegistryImpl();
        Connector base = connector("base");
        Connector override = connector("override");
        FakeServiceReference<Connector> overrideRef = connRef(7, 100, "ada");
        r.addConnector(base, connRef(1, 0, "ada"));
        r.addConnector(override, overrideRef);
        assertSame(override, r.find("ada").orElseThrow());
        r.removeConnector(override, overrideRef);
        assertSame(base, r.find("ada").orElseThrow());
    }

    @Test
    void listenersAreCalledOnEveryAddAndRemoveUntilRemoved() {
        ConnectorRegistryImpl r = new ConnectorRegistryImpl();
        List<String> events = new CopyOnWriteArrayList<>();
        Runnable l = () -> events.add("change:" + r.handlers());
        r.addListener(l);
        FakeServiceReference<Connector> ref = connRef(1, 0, "demo");
        Connector c = connector("demo");
        r.addConnector(c, ref);
        r.removeConnector(c, ref);
        assertEquals(List.of("change:[demo]", "change:[]"), events);
        r.removeListener(l);
        r.addConnector(c, ref);
        assertEquals(2, events.size());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        AtomicInteger calls = new AtomicInteger();
        r.addListener(() -> {
            throw new IllegalStateException("listener failure");
        });
        r.addListener(calls::incrementAndGet);
        r.addTask(task("a"), taskRef(1, 0, "t"));
        assertEquals(1, calls.get());
        assertTrue(r.find("t").isPresent());
    }

    /** Listeners run outside the registry's lock: another thread can use the registry while a listener runs. */
    @Test
    void listenersRunOutsideTheLock() throws Exception {
        AnalyticsRegistryImpl r = new AnalyticsRegistryImpl();
        CompletableFuture<Optional<AnalyticsTask>> seenFromOtherThread = new CompletableFuture<>();
        r.addListener(() -> {
            CompletableFuture<Optional<AnalyticsTask>> f = CompletableFuture.supplyAsync(() -> r.find("t"));
            try {
                seenFromOtherThread.complete(f.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                seenFromOtherThread.completeExceptionally(e);
            }
        });
        AnalyticsTask t = task("a");
        r.addTask(t, taskRef(1, 0, "t"));
        assertSame(t, seenFromOtherThread.get(20, TimeUnit.SECONDS).orElseThrow());
    }
}
