package org.fractalis.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API as one whiteboard servlet. It does what must hold for every response, before Jersey sees the
 * request: CORS (also on errors and preflights), the session cookie, and the request-size limit (413). The
 * Jersey container behind it serves the resources.
 */
@Component(service = Servlet.class, configurationPid = "org.fractalis.web", immediate = true)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("fractalis-rest")
@Designate(ocd = FractalisServlet.Config.class)
public final class FractalisServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String SESSION_ATTRIBUTE = "fractalis.session";
    private static final String COOKIE = "session";
    private static final DateTimeFormatter COOKIE_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    @ObjectClassDefinition(name = "Fractalis REST API", description = "CORS, cookie and limits of the REST API. "
            + "Every key can be overridden by FRACTALIS_<KEY> (dots as underscores).")
    public @interface Config {
        @AttributeDefinition(description = "Comma-separated allowed origins; empty or * = any (echoed)")
        String cors_origins() default "";

        @AttributeDefinition(description = "SameSite of the session cookie: empty, Lax, Strict or None")
        String cookie_samesite() default "";

        @AttributeDefinition(description = "Mark the session cookie Secure (needed with SameSite=None)")
        boolean cookie_secure() default false;

        @AttributeDefinition(description = "Largest request body in MiB (compute-cluster bodies are large)")
        long max_body_megabytes() default 128;

        @AttributeDefinition(description = "Version reported by /misc/version (fractal.js compares major.minor)")
        String version() default "1.4.1";
    }

    private final transient Logger logger = LoggerFactory.getLogger(FractalisServlet.class);
    private final transient SessionService sessions;
    private final transient WebSettings settings;
    private final transient Supplier<ServletContainer> newJersey;
    /** Jersey, once it started; null until then (see {@link #jersey()}). */
    private transient volatile ServletContainer jersey;
    private final transient ClusterDirectory cluster;
    private final transient AnalyticsService analytics;
    // optional and dynamic: a validator bundle installed or removed at run time takes effect at once
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile TokenValidator tokenValidator;
    private static final Pattern POLL = Pattern.compile("^/analytics/(" + Responses.UUID + ")$");

    @Activate
    public FractalisServlet(@Reference SessionService sessions, @Reference DataService data,
            @Reference AnalyticsService analytics, @Reference StateService states,
            @Reference ClusterDirectory cluster, Map<String, Object> config) {
        this.sessions = sessions;
        this.cluster = cluster;
        this.analytics = analytics;
        this.settings = WebSettings.from(config, System::getenv);
        ResourceConfig rc = new ResourceConfig();
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        rc.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        rc.property(ServerProperties.BV_FEATURE_DISABLE, true);
        rc.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        JsonBodies bodies = new JsonBodies();
        TokenCheck tokens = new TokenCheck(() -> tokenValidator);
        Object[] resources = {new DataResource(data, bodies, settings, tokens),
            new AnalyticsResource(analytics, bodies, settings), new StateResource(states, bodies, settings, tokens),
            new MiscResource(settings), new ErrorMapper()};
        // a fresh configuration per attempt: a failed start may leave the previous one half-used
        this.newJersey = () -> {
            ResourceConfig fresh = new ResourceConfig(rc);
            return new ServletContainer(fresh.registerInstances(resources));
        };
        cluster.announce("web", Set.of());
    }

    @Deactivate
    void deactivate() {
        cluster.withdraw("web");
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
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
        ServletContainer j = jersey;
        if (j != null) {
            j.destroy();
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        cors(req, resp);
        if ("OPTIONS".equals(req.getMethod())) {
            preflight(req, resp);
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
            long declared = req.getContentLengthLong();
            if (declared > settings.maxBodyBytes()) {
                error(resp, 413, tooLarge());
                return;
            }
            byte[] body = readBounded(req.getInputStream(), settings.maxBodyBytes());
            if (body == null) {
                error(resp, 413, tooLarge());
                return;
            }
            forward = new BufferedRequest(req, body);
        }
        if ("GET".equals(req.getMethod()) && req.getQueryString() == null) {
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
        j.service(forward, resp);
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
        return "POST".equals(m) || "PUT".equals(m) || "PATCH".equals(m) || "DELETE".equals(m);
    }

    private void cors(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        resp.addHeader("Vary", "Origin");
        if (origin != null && settings.allows(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    private static void preflight(HttpServletRequest req, HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        String headers = req.getHeader("Access-Control-Request-Headers");
        if (headers != null && !headers.isBlank()) {
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
        if (!settings.cookieSameSite().isEmpty()) {
            b.append("; SameSite=").append(settings.cookieSameSite());
        }
        return b.toString();
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] body = JsonBodies.errorBody("error", message).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
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
