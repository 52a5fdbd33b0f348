package org.fractalis.health.internal;

import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.backend.JobQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The job queue can take jobs ({@link JobQueue#probe()}: for RabbitMQ an open connection that may publish). Reads the
 * core configuration so that its {@code queue.target} selects the same queue core uses.
 */
@Component(service = HealthCheck.class, configurationPid = "org.fractalis.core",
        property = { HealthCheck.NAME + "=" + QueueCheck.NAME, HealthCheck.TAGS + "=ready",
                "queue.target=(fractalis.backend=embedded)" }) // core's default, also when a delivery lacks the key
public final class QueueCheck implements HealthCheck {
    static final String NAME = "queue";
    private final Backend<JobQueue> queue = new Backend<>();
    private String target = "";

    @Activate
    void activate(Map<String, Object> config) {
        Object t = config.get("queue.target");
        target = t == null ? "" : " (queue.target " + t + ")";
    }

    @Reference(name = "queue", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindQueue")
    void bindQueue(JobQueue q, Map<String, Object> properties) {
        queue.bind(q, properties);
    }

    void unbindQueue(JobQueue q) {
        queue.unbind(q);
    }

    @Override
    public Result execute() {
        Backend.Bound<JobQueue> q = queue.get();
        if (q == null) {
            return new Result(Result.Status.CRITICAL, "No job queue is available" + target + ".");
        }
        try {
            q.service().probe();
            return new Result(Result.Status.OK, "The job queue (" + q.name() + ") accepts jobs.");
        } catch (RuntimeException e) { // BackendUnavailableException above all
            return new Result(Result.Status.CRITICAL,
                    "The job queue (" + q.name() + ") cannot take jobs: " + Backend.reason(e));
        }
    }
}
