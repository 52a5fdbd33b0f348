package org.fractalis.health.internal;

import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.fractalis.api.backend.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The state store answers: one read of a key nobody writes. Reads the core configuration ({@code org.fractalis.core})
 * so that its {@code store.target} selects the same store core uses.
 */
@Component(service = HealthCheck.class, configurationPid = "org.fractalis.core",
        property = { HealthCheck.NAME + "=" + StoreCheck.NAME, HealthCheck.TAGS + "=ready",
                "store.target=(fractalis.backend=embedded)" }) // core's default, also when a delivery lacks the key
public final class StoreCheck implements HealthCheck {
    static final String NAME = "store";
    static final String PROBE_KEY = "health:probe";
    private final Backend<StateStore> store = new Backend<>();
    private String target = "";

    @Activate
    void activate(Map<String, Object> config) {
        Object t = config.get("store.target");
        target = t == null ? "" : " (store.target " + t + ")";
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStore")
    void bindStore(StateStore s, Map<String, Object> properties) {
        store.bind(s, properties);
    }

    void unbindStore(StateStore s) {
        store.unbind(s);
    }

    @Override
    public Result execute() {
        Backend.Bound<StateStore> s = store.get();
        if (s == null) {
            return new Result(Result.Status.CRITICAL, "No state store is available" + target + ".");
        }
        try {
            s.service().get(PROBE_KEY);
            return new Result(Result.Status.OK, "The state store (" + s.name() + ") answers.");
        } catch (RuntimeException e) { // BackendUnavailableException above all
            return new Result(Result.Status.CRITICAL,
                    "The state store (" + s.name() + ") does not answer: " + Backend.reason(e));
        }
    }
}
