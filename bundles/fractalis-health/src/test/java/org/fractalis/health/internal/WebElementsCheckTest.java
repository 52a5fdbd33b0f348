package org.fractalis.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.DTOConstants;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;
import org.osgi.util.promise.Promises;

/** What the check reports and when it registers an element again, against fakes of the framework and runtime. */
class WebElementsCheckTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<ServiceReference<?>> services = new ArrayList<>();
    private final List<String> scrCalls = new ArrayList<>();
    private RuntimeDTO dto = runtime(List.of(), List.of());

    @Test
    void servedElementsAreOkAndLeftAlone() {
        services.add(servlet(11, "fractalis-demo", "fractalis-demo", "org.fractalis.demo.internal.DemoServlet"));
        services.add(servlet(12, "other", "com.example.web", "x.Other")); // not ours: ignored
        dto = runtime(List.of(11L), List.of());
        WebElementsCheck check = check();
        check.watch();
        clock.addAndGet(60_000);
        check.watch();
        Result r = check.execute();
        assertTrue(r.isOk(), r.toString());
        assertTrue(r.toString().contains("1 Fractalis servlets and filters served"), r.toString());
        assertEquals(List.of(), scrCalls);
    }

    @Test
    void anElementLostAtBootIsRegisteredAgainAfterTheGracePeriodAtMostThreeTimes() {
        services.add(servlet(11, "fractalis-demo", "fractalis-demo", "org.fractalis.demo.internal.DemoServlet"));
        WebElementsCheck check = check();
        check.watch(); // first seen missing: no repair yet, still ready (it may just be registering)
        assertTrue(check.execute().isOk());
        assertEquals(List.of(), scrCalls);

        clock.addAndGet(WebElementsCheck.GRACE_MS);
        check.watch();
        assertEquals(List.of("disable org.fractalis.demo.internal.DemoServlet",
                "enable org.fractalis.demo.internal.DemoServlet"), scrCalls);
        Result r = check.execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(r.toString().contains("Not served by the HTTP runtime: fractalis-demo"), r.toString());

        for (int i = 0; i < 5; i++) {
            clock.addAndGet(WebElementsCheck.GRACE_MS);
            check.watch();
        }
        assertEquals(2 * WebElementsCheck.MAX_REPAIRS, scrCalls.size());

        dto = runtime(List.of(11L), List.of()); // served at last
        check.watch();
        assertTrue(check.execute().isOk());
    }

    @Test
    void aShadowedServletIsReportedWithItsReasonButNotRegisteredAgain() {
        services.add(servlet(11, "fractalis-rest", "fractalis-web", "org.fractalis.web.internal.FractalisServlet"));
        dto = runtime(List.of(), List.of(failed(11, DTOConstants.FAILURE_REASON_SHADOWED_BY_OTHER_SERVICE)));
        WebElementsCheck check = check();
        check.watch();
        clock.addAndGet(WebElementsCheck.GRACE_MS);
        check.watch();
        Result r = check.execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(r.toString().contains("fractalis-rest (refused by the HTTP runtime, failure reason 3)"),
                r.toString());
        assertEquals(List.of(), scrCalls);
    }

    @Test
    void withoutAnHttpRuntimeThereIsNothingToServe() {
        WebElementsCheck check = new WebElementsCheck(context(), scr(), clock::get, false);
        check.watch();
        assertTrue(check.execute().isOk());
    }

    // ----- fakes

    private WebElementsCheck check() {
        WebElementsCheck check = new WebElementsCheck(context(), scr(), clock::get, false);
        check.runtime = fake(HttpServiceRuntime.class, (name, args) -> name.equals("getRuntimeDTO") ? dto : null);
        return check;
    }

    private BundleContext context() {
        return fake(BundleContext.class, (name, args) -> name.equals("getAllServiceReferences")
                ? services.toArray(new ServiceReference<?>[0]) : null);
    }

    private ServiceComponentRuntime scr() {
        return fake(ServiceComponentRuntime.class, (name, args) -> {
            switch (name) {
                case "getComponentDescriptionDTO": {
                    ComponentDescriptionDTO d = new ComponentDescriptionDTO();
                    d.name = (String) args[1];
                    return d;
                }
                case "disableComponent":
                case "enableComponent":
                    scrCalls.add(name.replace("Component", "") + " " + ((ComponentDescriptionDTO) args[0]).name);
                    return Promises.resolved(null);
                default:
                    return null;
            }
        });
    }

    private static ServiceReference<?> servlet(long id, String servletName, String bsn, String component) {
        Bundle bundle = fake(Bundle.class, (name, args) -> name.equals("getSymbolicName") ? bsn : null);
        Dictionary<String, Object> props = new Hashtable<>(Map.of("service.id", id,
                "osgi.http.whiteboard.servlet.name", servletName, "osgi.http.whiteboard.servlet.pattern", "/x/*",
                "component.name", component));
        return fake(ServiceReference.class, (name, args) -> switch (name) {
            case "getBundle" -> bundle;
            case "getProperty" -> props.get(args[0]);
            default -> null;
        });
    }

    private static RuntimeDTO runtime(List<Long> served, List<FailedServletDTO> failed) {
        RuntimeDTO r = new RuntimeDTO();
        ServletContextDTO c = new ServletContextDTO();
        c.servletDTOs = served.stream().map(id -> {
            ServletDTO s = new ServletDTO();
            s.serviceId = id;
            return s;
        }).toArray(ServletDTO[]::new);
        r.servletContextDTOs = new ServletContextDTO[] { c };
        r.failedServletDTOs = failed.toArray(new FailedServletDTO[0]);
        return r;
    }

    private static FailedServletDTO failed(long id, int reason) {
        FailedServletDTO f = new FailedServletDTO();
        f.serviceId = id;
        f.failureReason = reason;
        return f;
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                });
    }
}
