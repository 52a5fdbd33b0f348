package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.config.ConfigurationIssue;
import org.fractalis.api.config.ConfigurationIssues;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * No Fractalis component failed to start, and no configuration value was refused. Two ways a value is refused:
 * <ul>
 * <li>a value outside its metatype (type, range, options) is held back by the configuration plugin (bundle
 * fractalis-config) before any component sees it; the component keeps its last valid value and serves on. Such
 * values make this check WARN (still ready), naming PID, key, value and what is allowed;</li>
 * <li>a component throws from its activation on a value it cannot work with (e.g. {@code encrypt.cache} without a
 * secret, an invalid AMQP URI); SCR keeps that failure, and this check is CRITICAL with the component's message.</li>
 * </ul>
 * Any Fractalis bundle gets this for free.
 */
@Component(service = HealthCheck.class,
        property = { HealthCheck.NAME + "=" + ConfigurationCheck.NAME, HealthCheck.TAGS + "=ready" })
public final class ConfigurationCheck implements HealthCheck {
    static final String NAME = "configuration";
    private final NodeView node;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationIssues refused;

    @Activate
    public ConfigurationCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(new OsgiNodeView(context, scr), null);
    }

    ConfigurationCheck(NodeView node) {
        this(node, null);
    }

    ConfigurationCheck(NodeView node, ConfigurationIssues refused) {
        this.node = node;
        this.refused = refused;
    }

    @Override
    public Result execute() {
        List<ComponentState> all = node.components(NodeView.FRACTALIS_PREFIX);
        List<String> failed = new ArrayList<>();
        for (ComponentState c : all) {
            if (ComponentState.FAILED_ACTIVATION.equals(c.state())) {
                failed.add(c.bundle() + "/" + c.describe());
            }
        }
        ConfigurationIssues values = refused;
        List<String> held = new ArrayList<>();
        if (values != null) {
            for (ConfigurationIssue i : values.issues()) {
                held.add(i.describe());
            }
        }
        if (!failed.isEmpty()) {
            held.add(0, "Failed to start (see the node's log): " + String.join("; ", failed));
            return new Result(Result.Status.CRITICAL, String.join(" | ", held));
        }
        if (!held.isEmpty()) {
            return new Result(Result.Status.WARN, "Refused configuration values (the components keep their last "
                    + "valid values): " + String.join(" | ", held));
        }
        return new Result(Result.Status.OK, "No Fractalis component refused its configuration (" + all.size()
                + " components)" + (values == null ? "." : "; no value refused."));
    }
}
