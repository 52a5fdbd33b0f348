package org.fractalis.web.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** What the servlet and the edge filter share: which paths, methods and headers the API has, CORS, JSON errors. */
final class Edge {
    /** The methods the node answers at all; anything else (PROPFIND, lower-case {@code get}, …) is 405. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "DELETE", "OPTIONS");
    static final String ALLOW = "GET, HEAD, POST, DELETE, OPTIONS";
    /** What a preflight may ask for: the API's own methods (OPTIONS is never preflighted). */
    static final Set<String> PREFLIGHT_METHODS = Set.of("GET", "HEAD", "POST", "DELETE");
    static final String ALLOW_METHODS = "GET, HEAD, POST, DELETE";
    /** Request headers fractal.js (axios) sends or may send; preflights get only these back. */
    static final Set<String> ALLOWED_HEADERS = Set.of("accept", "accept-language", "content-language", "content-type",
            "x-requested-with", "x-xsrf-token");
    /** Paths of the API (where preflights are answered). */
    private static final Pattern API_PATH = Pattern.compile("^/(data|data/" + Responses.UUID + "|data/meta/"
            + Responses.UUID + "|analytics|analytics/" + Responses.UUID + "|state|state/" + Responses.UUID
            + "|misc/version|misc/plugins)$");
    /** Everything under the API's roots: answered by the REST servlet, or 503 while it is not there. */
    private static final Pattern API_ROOT = Pattern.compile("^/(data|analytics|state|misc)(/.*)?$");
    /** Set by the REST servlet on every request it sees (the edge filter tells from it whether it was reached). */
    static final String REACHED = "org.fractalis.web.reached";

    private Edge() {
    }

    /** The request's path inside the context, whichever servlet it was mapped to. */
    static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        return req.getPathInfo() == null ? servletPath : servletPath + req.getPathInfo();
    }

    static boolean isApiPath(String path) {
        return API_PATH.matcher(path).matches();
    }

    static boolean isUnderApi(String path) {
        return API_ROOT.matcher(path).matches();
    }

    /** CORS headers for an allowed origin (echoed, never {@code *}); nothing for any other. */
    static boolean cors(HttpServletRequest req, HttpServletResponse resp, WebSettings settings) {
        resp.addHeader("Vary", "Origin");
        String origin = req.getHeader("Origin");
        if (settings.allows(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
            return true;
        }
        return false;
    }

    /** The requested headers the API allows, in the request's spelling; null when none. */
    static String allowedHeaders(String requested) {
        if (requested == null || requested.isBlank() || requested.length() > 1000) {
            return null;
        }
        String allowed = Arrays.stream(requested.split(",")).map(String::trim)
                .filter(h -> ALLOWED_HEADERS.contains(h.toLowerCase(Locale.ROOT))).collect(Collectors.joining(","));
        return allowed.isEmpty() ? null : allowed;
    }

    /**
     * Whether the Origin is the node's own (a page served by the node itself, e.g. the demo page): browsers send
     * Origin also on same-origin POSTs, which must not be refused as cross-site.
     */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null || origin.length() > WebSettings.MAX_ORIGIN_LENGTH) {
            return false;
        }
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (u.getHost() == null || u.getScheme() == null) {
            return false;
        }
        String defaultPort = u.getScheme().equalsIgnoreCase("https") ? ":443" : ":80";
        String authority = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
        String h = host.trim();
        if (h.endsWith(defaultPort)) {
            h = h.substring(0, h.length() - defaultPort.length());
        }
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return authority.equalsIgnoreCase(h);
    }

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN);
    private static final Pattern PARAMETER = Pattern.compile("(" + TOKEN + ")=(" + TOKEN + "|\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern QVALUE = Pattern.compile("0?(\\.\\d{0,3})?|1(\\.0{0,3})?");

    /**
     * Whether a Content-Type ({@code list} false) or Accept ({@code list} true) header is well-formed as far as
     * Jersey needs: it answers a malformed one with an empty 400 (or a 500) before any of our code runs, so such a
     * header is refused first, in JSON. Accept stays as lenient as Jersey on the media range itself ({@code *},
     * {@code foo} are left to content negotiation: 406).
     */
    static boolean wellFormed(String header, boolean list) {
        if (header == null) {
            return true;
        }
        for (String element : list ? header.split(",", -1) : new String[] {header}) {
            String[] parts = element.split(";", -1);
            String type = parts[0].trim();
            if (!(list ? type.matches(TOKEN + "(/" + TOKEN + ")?") : MEDIA_TYPE.matcher(type).matches())) {
                return false;
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.isEmpty()) {
                    continue;
                }
                java.util.regex.Matcher m = PARAMETER.matcher(p);
                if (!m.matches() || m.group(1).equalsIgnoreCase("q") && !QVALUE.matcher(m.group(2)).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a Content-Type header names JSON ({@code application/json}, any parameters, any case). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] body = JsonBodies.errorBody("error", message).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "Bad request.";
            case 403 -> "Forbidden.";
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 413 -> "Request body too large.";
            case 415 -> "Unsupported media type.";
            case 503 -> "Service unavailable. Please try again in a moment.";
            default -> status < 500 ? "Bad request." : "Internal server error.";
        };
    }
}
