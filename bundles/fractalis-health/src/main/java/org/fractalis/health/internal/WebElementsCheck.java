package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.DTOConstants;
import org.osgi.service.http.runtime.dto.FailedFilterDTO;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.FilterDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP-whiteboard servlet and filter of a Fractalis bundle is served by the HTTP runtime.
 *
 * <p>Why it repairs as well as reports: Pax Web 8 can lose a whiteboard element registered while Jetty is starting
 * (it logs "No matching target context(s) for Whiteboard element …" and, in rare boots, never matches it to the
 * default context once that appears), so a node would serve its API without {@code /demo/} or {@code /health}. An
 * element still not served {@link #GRACE_MS} after it was first seen missing is re-registered by disabling and
 * enabling its DS component (at most {@link #MAX_REPAIRS} times; then this check stays CRITICAL).
 *
 * <p>The grace is long because Pax Web applies registrations one after the other on one thread: on a busy machine
 * during a boot it can be several seconds behind, and registering again what it is about to serve only adds work. A
 * lost element stays lost, so waiting longer costs only time in that rare case.
 */
@Component(service = HealthCheck.class, immediate = true,
        property = { HealthCheck.NAME + "=" + WebElementsCheck.NAME, HealthCheck.TAGS + "=ready" })
public final class WebElementsCheck implements HealthCheck {
    static final String NAME = "web-elements";
    static final long GRACE_MS = 20_000;
    static final int MAX_REPAIRS = 3;
    private static final String OURS = "(|(" + "osgi.http.whiteboard.servlet.pattern=*)("
            + "osgi.http.whiteboard.filter.pattern=*))";

    private final Logger logger = LoggerFactory.getLogger(WebElementsCheck.class);
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;
    /** service.id → when it was first seen not served (guarded by this). */
    private final Map<Long, Long> missingSince = new HashMap<>();
    /** component name → repairs done (guarded by this). */
    private final Map<String, Integer> repairs = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HttpServiceRuntime runtime;

    @Activate
    public WebElementsCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(context, scr, System::currentTimeMillis, true);
    }

    WebElementsCheck(BundleContext context, ServiceComponentRuntime scr, LongSupplier clock, boolean watch) {
        this.context = context;
        this.scr = scr;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalis-web-elements");
            t.setDaemon(true);
            return t;
        });
        if (watch) {
            // cheap (one DTO snapshot): often enough that a lost element is back within seconds of the boot
            timer.scheduleWithFixedDelay(this::watch, 2, 2, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    /** One element of ours: its service, the component behind it and whether the runtime serves it. */
    record Element(long serviceId, String name, Bundle bundle, String component, Failure failure) {
        boolean repairable() {
            return component != null && (failure == null || failure.repairable());
        }
    }

    /** A refusal the runtime reports; only those of a context (not) found can be cured by registering again. */
    record Failure(int reason) {
        boolean repairable() {
            return reason == DTOConstants.FAILURE_REASON_UNKNOWN
                    || reason == DTOConstants.FAILURE_REASON_NO_SERVLET_CONTEXT_MATCHING
                    || reason == DTOConstants.FAILURE_REASON_SERVLET_CONTEXT_FAILURE
                    || reason == DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE;
        }

        @Override
        public String toString() {
            return "refused by the HTTP runtime, failure reason " + reason;
        }
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        HttpServiceRuntime r = runtime;
        if (r == null) {
            log.info("No HTTP runtime: nothing to serve.");
            return new Result(log);
        }
        List<Element> missing = new ArrayList<>();
        int ours = survey(r, missing);
        long now = clock.getAsLong();
        List<String> late = new ArrayList<>();
        synchronized (this) {
            for (Element e : missing) {
                Long since = missingSince.get(e.serviceId());
                if (since != null && now - since >= GRACE_MS) {
                    late.add(e.name() + (e.failure() == null ? "" : " (" + e.failure() + ")"));
                }
            }
        }
        if (late.isEmpty()) {
            log.info("{} Fractalis servlets and filters served.", ours - missing.size());
        } else {
            log.critical("Not served by the HTTP runtime: {}.", String.join(", ", late));
        }
        return new Result(log);
    }

    /** The periodic round: notes what is missing and re-registers what stayed missing past the grace period. */
    void watch() {
        try {
            HttpServiceRuntime r = runtime;
            if (r == null) {
                return;
            }
            List<Element> missing = new ArrayList<>();
            survey(r, missing);
            long now = clock.getAsLong();
            List<Element> toRepair = new ArrayList<>();
            synchronized (this) {
                Set<Long> ids = new HashSet<>();
                for (Element e : missing) {
                    ids.add(e.serviceId());
                    long since = missingSince.computeIfAbsent(e.serviceId(), id -> now);
                    int done = repairs.getOrDefault(e.component(), 0);
                    if (now - since >= GRACE_MS && e.repairable() && done < MAX_REPAIRS) {
                        repairs.put(e.component(), done + 1);
                        toRepair.add(e);
                    }
                }
                missingSince.keySet().retainAll(ids);
            }
            toRepair.forEach(this::repair);
        } catch (RuntimeException e) {
            logger.debug("Web elements not checked: {}", e.toString());
        }
    }

    private void repair(Element e) {
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(e.bundle(), e.component());
        if (description == null) {
            return;
        }
        logger.warn("The HTTP runtime does not serve {} of {} more than {} s after it was registered ({}; a Pax Web "
                + "registration race): registering it again", e.name(), e.bundle().getSymbolicName(),
                GRACE_MS / 1000, e.failure() == null ? "not listed by the runtime" : e.failure());
        scr.disableComponent(description).onResolve(() -> scr.enableComponent(description));
    }

    /** Counts the whiteboard servlets and filters of Fractalis bundles; adds those the runtime does not serve. */
    int survey(HttpServiceRuntime r, List<Element> missing) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, OURS);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return 0;
        }
        RuntimeDTO dto = r.getRuntimeDTO();
        Set<Long> served = served(dto);
        Map<Long, Failure> failed = failed(dto);
        int ours = 0;
        for (ServiceReference<?> ref : refs) {
            Bundle b = ref.getBundle();
            String bsn = b == null ? null : b.getSymbolicName();
            if (bsn == null || !bsn.startsWith(NodeView.FRACTALIS_PREFIX)) {
                continue;
            }
            ours++;
            long id = (Long) ref.getProperty(Constants.SERVICE_ID);
            if (!served.contains(id)) {
                Object name = ref.getProperty("osgi.http.whiteboard.servlet.name");
                if (name == null) {
                    name = ref.getProperty("osgi.http.whiteboard.filter.name");
                }
                missing.add(new Element(id, String.valueOf(name == null ? "service " + id : name), b,
                        (String) ref.getProperty(ComponentConstants.COMPONENT_NAME), failed.get(id)));
            }
        }
        return ours;
    }

    static Set<Long> served(RuntimeDTO dto) {
        Set<Long> ids = new HashSet<>();
        if (dto != null && dto.servletContextDTOs != null) {
            for (ServletContextDTO c : dto.servletContextDTOs) {
                if (c.servletDTOs != null) {
                    for (ServletDTO s : c.servletDTOs) {
                        ids.add(s.serviceId);
                    }
                }
                if (c.filterDTOs != null) {
                    for (FilterDTO f : c.filterDTOs) {
                        ids.add(f.serviceId);
                    }
                }
            }
        }
        return ids;
    }

    /** Elements the runtime refused, with its reason. */
    static Map<Long, Failure> failed(RuntimeDTO dto) {
        Map<Long, Failure> out = new HashMap<>();
        if (dto != null && dto.failedServletDTOs != null) {
            for (FailedServletDTO s : dto.failedServletDTOs) {
                out.put(s.serviceId, new Failure(s.failureReason));
            }
        }
        if (dto != null && dto.failedFilterDTOs != null) {
            for (FailedFilterDTO f : dto.failedFilterDTOs) {
                out.put(f.serviceId, new Failure(f.failureReason));
            }
        }
        return out;
    }
}
