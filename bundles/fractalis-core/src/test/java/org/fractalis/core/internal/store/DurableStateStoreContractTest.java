package org.fractalis.core.internal.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.StateStore;
import org.fractalis.backend.contract.StateStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the durable embedded store (a file per test), on a test clock. */
class DurableStateStoreContractTest extends StateStoreContract {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Override
    protected StateStore createStore() {
        return new DurableStateStore(new DurableStateStore.Options(dir.resolve("store.mv.db"), 512L << 20, 16, 0,
                false), clock::get);
    }

    @Override
    protected void closeStore(StateStore store) {
        ((DurableStateStore) store).close();
    }

    @Override
    protected void passTime(Duration d) {
        clock.addAndGet(d.toMillis());
    }
}
