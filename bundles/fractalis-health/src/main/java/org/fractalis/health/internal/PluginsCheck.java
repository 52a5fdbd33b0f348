package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ConnectorRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Every installed Fractalis bundle (core, web, worker, connectors, analytics) is active, and a worker has at least one
 * connector and one analytics task registered (a worker without them consumes nothing).
 */
@Component(service = HealthCheck.class,
        property = { HealthCheck.NAME + "=" + PluginsCheck.NAME, HealthCheck.TAGS + "=ready" })
public final class PluginsCheck implements HealthCheck {
    static final String NAME = "plugins";
    private final NodeView node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConnectorRegistry connectors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AnalyticsRegistry analytics;

    @Activate
    public PluginsCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(new OsgiNodeView(context, scr));
    }

    PluginsCheck(NodeView node) {
        this.node = node;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<NodeView.BundleState> bundles = node.bundles(NodeView.FRACTALIS_PREFIX);
        List<String> inactive = new ArrayList<>();
        for (NodeView.BundleState b : bundles) {
            if (!b.ok()) {
                inactive.add(b.name() + " (" + b.state() + ")");
            }
        }
        if (inactive.isEmpty()) {
            log.info("{} Fractalis bundles active.", bundles.size());
        } else {
            log.critical("Fractalis bundles not active: {}.", String.join(", ", inactive));
        }
        if (node.installed(NodeView.WORKER_BUNDLE)) {
            ConnectorRegistry c = connectors;
            AnalyticsRegistry a = analytics;
            int handlers = c == null ? 0 : c.handlers().size();
            int tasks = a == null ? 0 : a.names().size();
            if (handlers == 0 || tasks == 0) {
                log.critical("worker: {} connector(s) and {} analytics task(s) registered: it can run no {}.",
                        handlers, tasks, handlers == 0 ? "load" : "analysis");
            } else {
                log.info("worker: {} connector(s), {} analytics task(s).", handlers, tasks);
            }
        }
        return new Result(log);
    }
}
