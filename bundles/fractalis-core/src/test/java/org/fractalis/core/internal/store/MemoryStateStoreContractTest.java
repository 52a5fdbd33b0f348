package org.fractalis.core.internal.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.fractalis.api.backend.StateStore;
import org.fractalis.backend.contract.StateStoreContract;

/** The store contract against the in-memory store, on a test clock that the contract advances. */
class MemoryStateStoreContractTest extends StateStoreContract {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Override
    protected StateStore createStore() {
        // room for the contract's largest test (a few MB of values) without evictions
        return new MemoryStateStore(512L << 20, clock::get);
    }

    @Override
    protected void passTime(Duration d) {
        clock.addAndGet(d.toMillis());
    }
}
