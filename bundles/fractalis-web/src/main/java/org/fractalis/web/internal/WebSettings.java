package org.fractalis.web.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.fractalis.api.config.TypedConfig;

/**
 * Settings of the REST layer from {@code org.fractalis.web} (keys, defaults and ranges: {@link FractalisServlet.Config}).
 *
 * @param corsOrigins allowed origins (lower case); empty = loopback origins only, unless {@code anyOrigin}
 * @param anyOrigin {@code cors.origins = *}: every origin may read with credentials (echoed, never {@code *})
 * @param cookieSameSite SameSite attribute of the session cookie: Lax (default), Strict or None (only with Secure)
 * @param cookieSecure whether the cookie gets {@code Secure}
 * @param maxBodyBytes largest accepted request body
 * @param cookieDays cookie lifetime in days
 * @param version the version {@code /misc/version} reports
 * @param waitSeconds how long {@code ?wait=1} blocks at most
 * @param waitEnabled whether {@code ?wait=1} blocks at all (a test switch: off by default)
 * @param waitMaxConcurrent how many requests may block in {@code ?wait=1} at once (beyond: answered at once)
 */
public record WebSettings(Set<String> corsOrigins, boolean anyOrigin, String cookieSameSite, boolean cookieSecure,
        long maxBodyBytes, int cookieDays, String version, int waitSeconds, boolean waitEnabled,
        int waitMaxConcurrent) {

    /**
     * Longest Origin considered at all: a host name has at most 253 characters. A longer one is refused without
     * being echoed, so it can never overflow the response header.
     */
    static final int MAX_ORIGIN_LENGTH = 300;
    static final String DEFAULT_SAMESITE = "Lax";
    private static final Pattern LOOPBACK = Pattern.compile(
            "^https?://(localhost|127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})|\\[::1\\])(:\\d{1,5})?$",
            Pattern.CASE_INSENSITIVE);

    public static WebSettings defaults() {
        return from(Map.of(), w -> { });
    }

    /** From a raw map with the metatype's defaults (tests). */
    static WebSettings from(Map<String, ?> config, Consumer<String> warn) {
        return from(TypedConfig.of(FractalisServlet.Config.class, config), warn);
    }

    /**
     * Reads the settings. The values come checked against the metatype by the configuration plugin (bundle
     * fractalis-config), which also applies FRACTALIS_&lt;KEY&gt;; what remains here are rules that combine keys:
     * a combination that cannot work keeps the safe value and is reported to {@code warn}.
     */
    public static WebSettings from(FractalisServlet.Config c, Consumer<String> warn) {
        String origins = c.cors_origins().trim();
        boolean any = origins.equals("*");
        Set<String> allowed = any ? Set.of()
                : Arrays.stream(origins.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (any) {
            warn.accept("cors.origins = *: every web site a user visits can read that user's data and results "
                    + "through this node (CORS with credentials). Name the allowed origins instead.");
        }
        boolean secure = c.cookie_secure();
        String sameSite = sameSite(c.cookie_samesite().trim(), secure, warn);
        return new WebSettings(allowed, any, sameSite, secure, c.max_body_megabytes() * 1024 * 1024,
                c.cookie_days(), c.version().trim(), c.wait_seconds(), c.wait_enabled(), c.wait_max_concurrent());
    }

    /** Lax unless a valid value says otherwise; None only with Secure (browsers drop such a cookie otherwise). */
    private static String sameSite(String value, boolean secure, Consumer<String> warn) {
        if (value.isEmpty()) {
            return DEFAULT_SAMESITE;
        }
        String v = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).toLowerCase(Locale.ROOT);
        if (!Set.of("Strict", "Lax", "None").contains(v)) {
            warn.accept("cookie.samesite must be Lax, Strict or None, not '" + value + "': keeping "
                    + DEFAULT_SAMESITE + ".");
            return DEFAULT_SAMESITE;
        }
        if (v.equals("None") && !secure) {
            warn.accept("cookie.samesite = None needs cookie.secure = true (and HTTPS); browsers reject the cookie "
                    + "otherwise: keeping " + DEFAULT_SAMESITE + ".");
            return DEFAULT_SAMESITE;
        }
        return v;
    }

    /**
     * Whether this Origin may read responses with credentials. {@code null}, {@code "null"} (sandboxed frames,
     * files) and over-long values never; with no configured list only loopback origins (the demo page and pages
     * on the same machine), so a node is not readable by arbitrary web sites out of the box.
     */
    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty() || origin.length() > MAX_ORIGIN_LENGTH || origin.equals("null")) {
            return false;
        }
        if (anyOrigin) {
            return true;
        }
        if (!corsOrigins.isEmpty()) {
            return corsOrigins.contains(origin.toLowerCase(Locale.ROOT));
        }
        return isLoopback(origin);
    }

    static boolean isLoopback(String origin) {
        Matcher m = LOOPBACK.matcher(origin);
        if (!m.matches()) {
            return false;
        }
        for (int g = 2; g <= 4; g++) {
            if (m.group(g) != null && Integer.parseInt(m.group(g)) > 255) {
                return false;
            }
        }
        return m.group(5) == null || Integer.parseInt(m.group(5).substring(1)) <= 65535;
    }
}
