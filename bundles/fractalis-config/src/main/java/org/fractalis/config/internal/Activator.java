package org.fractalis.config.internal;

import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.config.ConfigurationIssues;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Registers the plugin from the bundle activator, not through DS: it must be in place before SCR hands any
 * Fractalis component its configuration (this bundle starts at a lower start level than the others; ConfigAdmin
 * does not re-deliver configurations when a plugin appears later).
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {
    /** After Karaf's own environment plugin (500), so FRACTALIS_&lt;KEY&gt; wins. */
    static final int RANKING = 600;
    private ServiceTracker<MetaTypeService, MetaTypeService> metatypes;
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        metatypes = new ServiceTracker<>(context, MetaTypeService.class, null);
        metatypes.open();
        FractalisConfigPlugin plugin = new FractalisConfigPlugin(System::getenv, pid -> declared(context, pid));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ConfigurationPlugin.CM_RANKING, RANKING);
        props.put("config.plugin.id", "org.fractalis.config");
        registration = context.registerService(
                new String[] { ConfigurationPlugin.class.getName(), ConfigurationIssues.class.getName() }, plugin,
                props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        metatypes.close();
    }

    /** The attributes of the PID's metatype, found in whichever installed bundle declares it. */
    private Map<String, AttributeDefinition> declared(BundleContext context, String pid) {
        MetaTypeService service = metatypes.getService();
        if (service == null) {
            return Collections.emptyMap();
        }
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED || b.getSymbolicName() == null
                    || !b.getSymbolicName().startsWith("fractalis-")) {
                continue;
            }
            MetaTypeInformation info;
            try {
                info = service.getMetaTypeInformation(b);
            } catch (RuntimeException e) {
                continue;
            }
            if (info == null || !(contains(info.getPids(), pid) || contains(info.getFactoryPids(), pid))) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            Map<String, AttributeDefinition> out = new LinkedHashMap<>();
            if (ocd != null && ocd.getAttributeDefinitions(ObjectClassDefinition.ALL) != null) {
                for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    out.put(ad.getID(), ad);
                }
            }
            return out;
        }
        return Collections.emptyMap();
    }

    private static boolean contains(String[] all, String pid) {
        if (all != null) {
            for (String p : all) {
                if (p.equals(pid)) {
                    return true;
                }
            }
        }
        return false;
    }
}
