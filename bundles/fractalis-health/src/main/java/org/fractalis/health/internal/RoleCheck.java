package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * This node does what its installed role bundles say: every component of {@code fractalis-web} and
 * {@code fractalis-worker} runs (a worker whose component runs consumes jobs: it subscribes when it starts), and a web
 * node sees at least one live worker node in the cluster directory (else every job it accepts would wait).
 */
@Component(service = HealthCheck.class,
        property = { HealthCheck.NAME + "=" + RoleCheck.NAME, HealthCheck.TAGS + "=ready" })
public final class RoleCheck implements HealthCheck {
    static final String NAME = "role";
    static final String WORKER_ROLE = "worker";
    private final NodeView node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClusterDirectory cluster;

    @Activate
    public RoleCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(new OsgiNodeView(context, scr));
    }

    RoleCheck(NodeView node) {
        this.node = node;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        boolean web = node.installed(NodeView.WEB_BUNDLE);
        boolean worker = node.installed(NodeView.WORKER_BUNDLE);
        if (!web && !worker) {
            log.critical("Neither {} nor {} is installed: this node serves no role.", NodeView.WEB_BUNDLE,
                    NodeView.WORKER_BUNDLE);
            return new Result(log);
        }
        if (worker) {
            componentsRun(log, "worker", NodeView.WORKER_BUNDLE, "consumes jobs");
        }
        if (web) {
            componentsRun(log, "web", NodeView.WEB_BUNDLE, "serves the API");
            workersVisible(log);
        }
        return new Result(log);
    }

    private void componentsRun(FormattingResultLog log, String role, String bundle, String doing) {
        List<String> down = new ArrayList<>();
        for (ComponentState c : node.components(bundle)) {
            if (!c.running()) {
                down.add(c.describe());
            }
        }
        if (down.isEmpty()) {
            log.info("{}: {}.", role, doing);
        } else {
            log.critical("{}: not running: {}.", role, String.join("; ", down));
        }
    }

    private void workersVisible(FormattingResultLog log) {
        ClusterDirectory c = cluster;
        if (c == null) {
            log.critical("web: no cluster directory (Fractalis core is not running).");
            return;
        }
        int workers = 0;
        try {
            for (NodeInfo n : c.nodes()) {
                if (n.roles().contains(WORKER_ROLE)) {
                    workers++;
                }
            }
        } catch (RuntimeException e) { // the store behind the directory is down
            log.critical("web: the live nodes cannot be read: {}", Backend.reason(e));
            return;
        }
        if (workers == 0) {
            log.critical("web: no live worker node: the jobs accepted here would wait.");
        } else {
            log.info("web: {} live worker node(s).", workers);
        }
    }
}
