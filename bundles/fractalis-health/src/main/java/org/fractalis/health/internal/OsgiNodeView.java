package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** {@link NodeView} on the framework's bundles and the service component runtime's DTOs. */
final class OsgiNodeView implements NodeView {
    private static final int MAX_FAILURE = 300;
    private static final String CAUSED_BY = "Caused by: ";
    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    OsgiNodeView(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    private List<Bundle> matching(String prefix) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith(prefix) && b.getState() != Bundle.UNINSTALLED) {
                out.add(b);
            }
        }
        return out;
    }

    @Override
    public List<BundleState> bundles(String prefix) {
        List<BundleState> out = new ArrayList<>();
        for (Bundle b : matching(prefix)) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            out.add(new BundleState(b.getSymbolicName(), state(b.getState()),
                    fragment || b.getState() == Bundle.ACTIVE));
        }
        return out;
    }

    @Override
    public List<ComponentState> components(String prefix) {
        List<Bundle> bundles = matching(prefix);
        List<ComponentState> out = new ArrayList<>();
        if (bundles.isEmpty()) {
            return out;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundles.toArray(Bundle[]::new))) {
            if (!scr.isComponentEnabled(d)) {
                out.add(new ComponentState(d.bundle.symbolicName, d.name, ComponentState.DISABLED, List.of(), null));
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                List<String> missing = new ArrayList<>();
                if (c.unsatisfiedReferences != null) {
                    for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                        missing.add(r.name);
                    }
                }
                out.add(new ComponentState(d.bundle.symbolicName, d.name, state(c), missing, firstLine(c.failure)));
            }
        }
        return out;
    }

    private static String state(ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.ACTIVE: return ComponentState.ACTIVE;
            case ComponentConfigurationDTO.SATISFIED: return ComponentState.SATISFIED;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return ComponentState.FAILED_ACTIVATION;
            default: return "STATE_" + c.state;
        }
    }

    /**
     * The root cause's line of SCR's failure text (a whole stack trace, possibly of a wrapping exception), bounded.
     */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return null;
        }
        List<String> lines = failure.strip().lines().map(String::strip).toList();
        String line = lines.get(0);
        for (String l : lines) {
            if (l.startsWith(CAUSED_BY)) {
                line = l.substring(CAUSED_BY.length());
            }
        }
        return line.length() > MAX_FAILURE ? line.substring(0, MAX_FAILURE) + "…" : line;
    }

    private static String state(int bundleState) {
        switch (bundleState) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "STATE_" + bundleState;
        }
    }
}
