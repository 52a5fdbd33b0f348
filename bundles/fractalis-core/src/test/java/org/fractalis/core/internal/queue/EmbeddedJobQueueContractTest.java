package org.fractalis.core.internal.queue;

import org.fractalis.api.backend.JobQueue;
import org.fractalis.backend.contract.JobQueueContract;

/**
 * The queue contract against the embedded queue. It is a single node that hands every job to its one handler,
 * so the tests of capability routing and of several nodes are skipped.
 */
class EmbeddedJobQueueContractTest extends JobQueueContract {

    @Override
    protected JobQueue createQueue() {
        return new EmbeddedJobQueue(2, 1000);
    }

    @Override
    protected void closeQueue(JobQueue queue) {
        ((EmbeddedJobQueue) queue).close();
    }

    @Override
    protected boolean routesByCapability() {
        return false;
    }

    @Override
    protected boolean distributed() {
        return false;
    }
}
