package org.fractalis.worker.internal;

import java.util.Set;
import java.util.TreeSet;

import org.fractalis.api.backend.JobHandler;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.JobService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: consumes jobs from the configured queue for exactly the connectors and analytics installed on
 * this node, re-subscribes whenever a plugin bundle comes or goes, and announces them in the cluster directory.
 */
@Component(immediate = true, configurationPid = "org.fractalis.worker")
@Designate(ocd = Worker.Config.class)
public final class Worker implements JobHandler {

    @ObjectClassDefinition(name = "Fractalis worker", description = "Runs queued jobs on this node")
    public @interface Config {
        @AttributeDefinition(description = "LDAP filter selecting the JobQueue")
        String queue_target() default "(fractalis.backend=embedded)";
    }

    private final Logger logger = LoggerFactory.getLogger(Worker.class);
    private final JobQueue queue;
    private final JobService jobs;
    private final ConnectorRegistry connectors;
    private final AnalyticsRegistry analytics;
    private final ClusterDirectory cluster;
    private final Runnable onPluginChange = this::subscribe;

    @Activate
    public Worker(@Reference(name = "queue") JobQueue queue, @Reference JobService jobs,
            @Reference ConnectorRegistry connectors, @Reference AnalyticsRegistry analytics,
            @Reference ClusterDirectory cluster) {
        this.cluster = cluster;
        this.queue = queue;
        this.jobs = jobs;
        this.connectors = connectors;
        this.analytics = analytics;
        connectors.addListener(onPluginChange);
        analytics.addListener(onPluginChange);
        subscribe();
    }

    @Deactivate
    void deactivate() {
        connectors.removeListener(onPluginChange);
        analytics.removeListener(onPluginChange);
        queue.stopConsuming(this);
        cluster.withdraw("worker");
    }

    /** The plugins this worker can run: connector handlers and analytics task names. */
    public Set<String> capabilities() {
        Set<String> caps = new TreeSet<>();
        connectors.handlers().forEach(h -> caps.add(ClusterDirectory.etl(h)));
        analytics.names().forEach(n -> caps.add(ClusterDirectory.analytics(n)));
        return caps;
    }

    private synchronized void subscribe() {
        Set<String> caps = capabilities();
        logger.debug("Consuming jobs for {}", caps);
        queue.consume(this, caps);
        cluster.announce("worker", caps);
    }

    @Override
    public void handle(JobMessage job) throws InterruptedException {
        jobs.execute(job);
    }

    @Override
    public void giveUp(JobMessage job, String reason) {
        if (jobs.abandon(job, reason)) {
            logger.error("Job {} ({} {}) given up: {}", job.id(), job.kind(), job.plugin(), reason);
        }
    }
}
