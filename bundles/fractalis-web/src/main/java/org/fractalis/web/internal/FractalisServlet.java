package org.fractalis.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.ReadListener;
import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.auth.TokenValidator;
import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.service.AnalyticsService;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.DataService;
import org.fractalis.api.service.SessionService;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.StateService;
import org.fractalis.api.service.TaskStatus;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API as one whiteboard servlet. It does what must hold for every response, before Jersey sees the
 * request: CORS (also on errors and preflights), the session cookie, and the request-size limit (413). The
 * Jersey container behind it serves the resources.
 */
@Component(service = {}, configurationPid = "org.fractalis.web", immediate = true)
@Designate(ocd = FractalisServlet.Config.class)
public final class FractalisServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String SESSION_ATTRIBUTE = "fractalis.session";
    private static final String COOKIE = "session";
    private static final DateTimeFormatter COOKIE_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    @ObjectClassDefinition(name = "Fractalis REST API", description = "CORS, cookie and limits of the REST API. "
            + "Every key can be overridden by FRACTALIS_<KEY> (dots as underscores); a value outside its type, "
            + "range or options is refused (WARN, fractalis:config-check) and the last valid one stays.")
    public @interface Config {
        @AttributeDefinition(description = "Comma-separated origins that may read with credentials (CORS, the "
                + "Origin echoed). Empty = loopback origins only (http(s)://localhost, 127.x.x.x, [::1], any port); "
                + "* = any origin (logged as a warning). Requests that change state from other origins get 403.",
                required = false)
        String cors_origins() default "";

        @AttributeDefinition(description = "SameSite of the session cookie: Lax (default), Strict or None "
                + "(None only with cookie.secure = true and HTTPS; otherwise Lax is kept and a warning logged)",
                options = { @Option(value = "Lax"), @Option(value = "Strict"), @Option(value = "None") })
        String cookie_samesite() default "Lax";

        @AttributeDefinition(description = "Mark the session cookie Secure (needed with SameSite=None)")
        boolean cookie_secure() default false;

        @AttributeDefinition(description = "Days the session cookie lives in the browser (1 to 3650)", min = "1",
                max = "3650")
        int cookie_days() default 6;

        @AttributeDefinition(description = "Largest request body in MiB, 1 to 4096 (compute-cluster bodies are "
                + "large)", min = "1", max = "4096")
        long max_body_megabytes() default 128;

        @AttributeDefinition(description = "Version reported by /misc/version (fractal.js compares major.minor)")
        String version() default "1.4.1";

        @AttributeDefinition(description = "Honour ?wait=1 (block until the session's or task's jobs end): a "
                + "switch for tests; when false the parameter is ignored")
        boolean wait_enabled() default false;

        @AttributeDefinition(description = "Requests that may block in ?wait=1 at once (0 to 1000); beyond, "
                + "answered at once (read at start)", min = "0", max = "1000")
        int wait_max_concurrent() default 4;

        @AttributeDefinition(description = "Longest block of one ?wait=1 in seconds (1 to 3600)", min = "1",
                max = "3600")
        int wait_seconds() default 120;
    }

    private final transient Logger logger = LoggerFactory.getLogger(FractalisServlet.class);
    private final transient SessionService sessions;
    /** Replaced as a whole when the configuration changes ({@link #modified}). */
    private transient volatile WebSettings settings;
    private final transient Supplier<ServletContainer> newJersey;
    /** Jersey, once it started; null until then (see {@link #jersey()}). */
    private transient volatile ServletContainer jersey;
    private final transient ClusterDirectory cluster;
    private final transient AnalyticsService analytics;
    // optional and dynamic: a validator bundle installed or removed at run time takes effect at once
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile TokenValidator tokenValidator;
    /** The OpenAPI document of the API ({@link OpenApiDocument}). */
    static final String OPENAPI = "/openapi.json";
    private static final Pattern POLL = Pattern.compile("^/analytics/(" + Responses.UUID + ")$");
    /** How long {@link #destroy()} lets requests in Jersey finish before it stops Jersey under them. */
    private static final long DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    /** Set when the servlet is being taken down: new requests get 503, as do requests Jersey fails under. */
    private transient volatile boolean stopping;
    /** Set for good by {@link #deactivate()}; {@link #destroy()} alone may be followed by another init(). */
    private transient volatile boolean deactivated;
    private final transient Object drain = new Object();
    /** Requests inside Jersey (guarded by {@link #drain}). */
    private transient int inJersey;

    @Activate
    public FractalisServlet(@Reference SessionService sessions, @Reference DataService data,
            @Reference AnalyticsService analytics, @Reference StateService states,
            @Reference ClusterDirectory cluster, Config config, BundleContext context) {
        this.sessions = sessions;
        this.cluster = cluster;
        this.analytics = analytics;
        this.settings = WebSettings.from(config, logger::warn);
        ResourceConfig rc = new ResourceConfig();
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        rc.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        rc.property(ServerProperties.BV_FEATURE_DISABLE, true);
        rc.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        JsonBodies bodies = new JsonBodies();
        WaitGate waits = new WaitGate(() -> settings);
        TokenCheck tokens = new TokenCheck(() -> tokenValidator);
        Object[] resources = {new DataResource(data, bodies, waits, tokens),
            new AnalyticsResource(analytics, bodies, waits), new StateResource(states, bodies, waits, tokens),
            new MiscResource(() -> settings, cluster), new ErrorMapper()};
        // a fresh configuration per attempt: a failed start may leave the previous one half-used
        this.newJersey = () -> {
            ResourceConfig fresh = new ResourceConfig(rc);
            return new ServletContainer(fresh.registerInstances(resources));
        };
        cluster.announce("web", Set.of());
        this.registration = context == null ? null : register(context);
    }

    /**
     * The whiteboard servlet, registered by hand with fixed properties: as the component's service, every
     * configuration change (even a refused value) changed its service properties, Pax Web re-registered the servlet
     * while DS held the component's lock, and the default context's filters stayed "unavailable" for half a minute.
     */
    private ServiceRegistration<Servlet> register(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/*");
        props.put("osgi.http.whiteboard.servlet.name", "fractalis-rest");
        props.put("component.name", FractalisServlet.class.getName()); // fractalis-health may re-register it
        return context.registerService(Servlet.class, this, props);
    }

    private final transient ServiceRegistration<Servlet> registration;

    /** A changed value applies to the next request; Jersey and the sessions stay up. */
    @Modified
    void modified(Config config) {
        settings = WebSettings.from(config, logger::warn);
        logger.info("REST API settings changed: {}", settings);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        deactivated = true;
        stopping = true;
        cluster.withdraw("web");
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        // a changed configuration changes the service's properties, and the HTTP whiteboard then destroys and
        // re-initialises this same instance: it serves again unless the component itself was deactivated
        stopping = deactivated;
        jersey();
    }

    /**
     * Jersey, started on first need. Jersey finds its injection manager (jersey-hk2) among the started bundles;
     * should that bundle not be started yet (the features give Jersey a lower start level, so it should), the
     * start fails, the request gets a 503 and the next request tries again, instead of the node staying broken.
     */
    private ServletContainer jersey() {
        ServletContainer ready = jersey;
        if (ready != null) {
            return ready;
        }
        synchronized (newJersey) {
            if (jersey == null) {
                Thread t = Thread.currentThread();
                ClassLoader old = t.getContextClassLoader();
                t.setContextClassLoader(getClass().getClassLoader());
                ServletContainer candidate = newJersey.get();
                try {
                    candidate.init(getServletConfig());
                    jersey = candidate;
                } catch (ServletException | RuntimeException | LinkageError e) {
                    logger.warn("Jersey could not start yet (tried again on the next request): {}", e.toString());
                } finally {
                    t.setContextClassLoader(old);
                }
            }
            return jersey;
        }
    }

    @Override
    public void destroy() {
        stopping = true;
        // requests already in Jersey get a moment to finish (a reconfiguration must not fail them with a 500)
        synchronized (drain) {
            long deadline = System.nanoTime() + DRAIN_NANOS;
            for (long left = DRAIN_NANOS; inJersey > 0 && left > 0; left = deadline - System.nanoTime()) {
                try {
                    drain.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        ServletContainer j = jersey;
        if (j != null) {
            j.destroy();
            jersey = null; // a later init() (re-registration after a configuration change) starts a fresh one
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        req.setAttribute(Edge.REACHED, Boolean.TRUE);
        boolean corsAllowed = Edge.cors(req, resp, settings);
        if (stopping) {
            stopping(req, resp);
            return;
        }
        String method = req.getMethod();
        if (!Edge.METHODS.contains(method)) {
            // the edge filter answers these first; kept so that the servlet alone is safe too
            resp.setHeader("Allow", Edge.ALLOW);
            error(resp, 405, Edge.message(405));
            return;
        }
        if ("OPTIONS".equals(method)) {
            preflight(req, resp, corsAllowed);
            return;
        }
        String origin = req.getHeader("Origin");
        if (!corsAllowed && origin != null && changesState(method)
                && !Edge.sameOrigin(origin, req.getHeader("Host"))) {
            // the browser would send the user's cookie along: refused before anything happens
            error(resp, 403, "Requests that change data are not accepted from the origin of this page "
                    + "(see cors.origins).");
            return;
        }
        if (OPENAPI.equals(Edge.path(req))) {
            if ("GET".equals(method) || "HEAD".equals(method)) {
                // a static document: no session is made for it, and it is served while the store is down
                openApi(req, resp);
            } else {
                resp.setHeader("Allow", "GET, HEAD");
                error(resp, 405, Edge.message(405)); // Jersey has no resource here and would say 404
            }
            return;
        }
        if (!Edge.wellFormed(req.getHeader("Content-Type"), false)
                || !Edge.wellFormed(req.getHeader("Accept"), true)) {
            error(resp, 400, "Malformed Content-Type or Accept header.");
            return;
        }
        String sessionId;
        try {
            sessionId = sessions.resolve(cookie(req));
        } catch (BackendUnavailableException e) {
            logger.debug("Store unavailable: {}", e.getMessage());
            error(resp, 503, e.getMessage());
            return;
        }
        resp.addHeader("Set-Cookie", cookieHeader(sessionId));
        req.setAttribute(SESSION_ATTRIBUTE, sessionId);
        HttpServletRequest forward = req;
        if (mayHaveBody(req)) {
            if (!acceptableBodyType(req)) {
                // also what keeps simple (non-preflighted) cross-site form posts out
                error(resp, 415, "The request body must be JSON (Content-Type: application/json).");
                return;
            }
            long declared = req.getContentLengthLong();
            if (declared > settings.maxBodyBytes()) {
                error(resp, 413, tooLarge());
                return;
            }
            byte[] body;
            try {
                body = readBounded(req.getInputStream(), settings.maxBodyBytes());
            } catch (IOException | RuntimeException e) {
                // Jetty reports a malformed chunked body or an early end of the upload while it is read
                logger.debug("Unreadable request body: {}", e.toString());
                error(resp, 400, "The request body could not be read (malformed chunked encoding or an "
                        + "incomplete upload).");
                return;
            }
            if (body == null) {
                error(resp, 413, tooLarge());
                return;
            }
            forward = new BufferedRequest(req, body);
        }
        if ("GET".equals(method) && req.getQueryString() == null) {
            Matcher poll = POLL.matcher(req.getPathInfo() == null ? "" : req.getPathInfo());
            if (poll.matches()) {
                poll(sessionId, poll.group(1), resp);
                return;
            }
        }
        ServletContainer j = jersey();
        if (j == null) {
            error(resp, 503, "The node is still starting. Please try again in a moment.");
            return;
        }
        synchronized (drain) {
            inJersey++;
        }
        try {
            j.service(forward, resp);
        } catch (ServletException | RuntimeException e) {
            if (!stopping || resp.isCommitted()) {
                throw e;
            }
            // Jersey was stopped under this request (the servlet is being unregistered): retryable, not a bug
            resp.reset();
            stopping(req, resp);
        } finally {
            synchronized (drain) {
                inJersey--;
                drain.notifyAll();
            }
        }
    }

    private static void openApi(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] doc = OpenApiDocument.bytes();
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(doc.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(doc);
        }
    }

    private void stopping(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Edge.cors(req, resp, settings);
        resp.setHeader("Retry-After", "5");
        error(resp, 503, "The REST API is starting or stopping. Please try again in a moment.");
    }

    private static boolean changesState(String method) {
        return !"GET".equals(method) && !"HEAD".equals(method);
    }

    /**
     * POST bodies must be declared JSON. fractal.js sends DELETE with neither body nor Content-Type, which stays
     * fine; a DELETE that declares a type must declare JSON.
     */
    private static boolean acceptableBodyType(HttpServletRequest req) {
        String type = req.getContentType();
        if ("DELETE".equals(req.getMethod()) && type == null) {
            return true;
        }
        return Edge.isJson(type);
    }

    /**
     * {@code GET /analytics/{id}} without Jersey: the client polls it every few hundred ms per chart, and Jersey's
     * per-request machinery was most of its cost (benchmarks/rest). Same answers as {@link AnalyticsResource}.
     */
    private void poll(String sessionId, String taskId, HttpServletResponse resp) throws IOException {
        int status;
        String body;
        try {
            TaskStatus s = analytics.status(sessionId, taskId);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", s.state().name());
            m.put("result", s.result());
            status = 200;
            body = JsonBodies.write(m);
        } catch (ServiceException e) {
            status = e.reason().status();
            body = JsonBodies.errorBody(e.errorKey(), e.getMessage());
        } catch (BackendUnavailableException e) {
            status = 503;
            body = JsonBodies.errorBody("error", e.getMessage());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private String tooLarge() {
        return "Request body too large: the limit is " + settings.maxBodyBytes() / (1024 * 1024) + " MiB.";
    }

    private static boolean mayHaveBody(HttpServletRequest req) {
        String m = req.getMethod();
        return "POST".equals(m) || "DELETE".equals(m);
    }

    /**
     * A CORS preflight: only on the API's paths, only for allowed origins, and only the methods and headers the
     * API uses. It needs no session (browsers send no cookie with it).
     */
    private static void preflight(HttpServletRequest req, HttpServletResponse resp, boolean corsAllowed)
            throws IOException {
        if (!Edge.isApiPath(Edge.path(req))) {
            resp.setHeader("Allow", "GET, HEAD, POST, DELETE");
            error(resp, 405, "OPTIONS is answered only on the API's paths.");
            return;
        }
        if (!corsAllowed) {
            error(resp, 403, "This origin may not use the API (see cors.origins).");
            return;
        }
        resp.setHeader("Access-Control-Allow-Methods", Edge.ALLOW_METHODS);
        String headers = Edge.allowedHeaders(req.getHeader("Access-Control-Request-Headers"));
        if (headers != null) {
            resp.setHeader("Access-Control-Allow-Headers", headers);
        }
        resp.setHeader("Access-Control-Max-Age", "600");
        resp.setStatus(200);
        resp.setContentLength(0);
    }

    private static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Written by hand: the Servlet and JAX-RS cookie APIs cannot express SameSite. */
    String cookieHeader(String sessionId) {
        StringBuilder b = new StringBuilder(COOKIE).append('=').append(sessionId)
                .append("; Expires=").append(COOKIE_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)
                        .plusDays(settings.cookieDays())))
                .append("; HttpOnly; Path=/");
        if (settings.cookieSecure()) {
            b.append("; Secure");
        }
        b.append("; SameSite=").append(settings.cookieSameSite());
        return b.toString();
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        Edge.error(resp, status, message);
    }

    /** The body, or null if it is longer than max. */
    private static byte[] readBounded(InputStream in, long max) throws IOException {
        byte[] all = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
        return all.length > max ? null : all;
    }

    /** A request whose body was read already (to enforce the size limit). */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
