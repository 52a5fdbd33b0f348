package org.fractalis.health.internal;

import java.util.Optional;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.backend.WorkerPoolHealth;
import org.fractalis.api.service.JobService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Every configured job thread of this node is alive ({@link JobService#workerPool()}): a node whose threads died
 * would accept jobs and never run them. Not applicable where the queue runs no pool of its own on this node.
 */
@Component(service = HealthCheck.class,
        property = { HealthCheck.NAME + "=" + WorkerPoolCheck.NAME, HealthCheck.TAGS + "=ready" })
public final class WorkerPoolCheck implements HealthCheck {
    static final String NAME = "worker-pool";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile JobService jobs;

    @Override
    public Result execute() {
        JobService j = jobs;
        if (j == null) {
            return new Result(Result.Status.CRITICAL,
                    "Fractalis core is not running on this node (no job service); see the check 'role'.");
        }
        Optional<WorkerPoolHealth> pool = j.workerPool();
        if (pool.isEmpty()) {
            return new Result(Result.Status.OK, "Not applicable: the job queue runs no thread pool on this node.");
        }
        WorkerPoolHealth p = pool.get();
        String counts = p.alive() + " of " + p.configured() + " job threads alive, " + p.replaced()
                + " replaced since start";
        return p.intact() ? new Result(Result.Status.OK, counts + ".")
                : new Result(Result.Status.CRITICAL, counts + ": jobs may wait for ever.");
    }
}
