package org.fractalis.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void aRequestBeyondTheWholeBudgetIsRefusedAtOnce() {
        MemoryBudget b = new MemoryBudget(100);
        MemoryBudget.TooLargeException e = assertThrows(MemoryBudget.TooLargeException.class, () -> b.reserve(101));
        assertEquals(101, e.requested());
        assertEquals(100, e.total());
        assertEquals(0, b.used());
    }

    @Test
    void aReservationWaitsUntilAnotherIsClosed() throws Exception {
        MemoryBudget b = new MemoryBudget(100);
        MemoryBudget.Reservation first = b.reserve(60);
        CompletableFuture<MemoryBudget.Reservation> second = CompletableFuture.supplyAsync(() -> {
            try {
                return b.reserve(60);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // it cannot have its bytes while the first holds 60 of 100
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!waitingInReserve()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the second reservation never waited");
            }
            Thread.onSpinWait();
        }
        assertFalse(second.isDone());
        first.close();
        first.close(); // idempotent
        assertEquals(60, second.get(10, TimeUnit.SECONDS).bytes());
        assertEquals(60, b.used());
    }

    @Test
    void growingNeverWaitsButStaysWithinTheWholeBudget() throws Exception {
        MemoryBudget b = new MemoryBudget(100);
        MemoryBudget.Reservation a = b.reserve(80);
        MemoryBudget.Reservation c = b.reserve(20);
        c.growTo(90); // the memory is in use already: counted, not waited for
        assertEquals(170, b.used());
        assertThrows(MemoryBudget.TooLargeException.class, () -> c.growTo(101));
        c.growTo(10); // smaller: keeps what it holds
        assertEquals(90, c.bytes());
        a.close();
        c.close();
        assertEquals(0, b.used());
    }

    private static boolean waitingInReserve() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getState() == Thread.State.WAITING) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().equals(MemoryBudget.class.getName()) && f.getMethodName().equals("reserve")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
