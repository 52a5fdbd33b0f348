package org.fractalis.web.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Settings of the REST layer from {@code org.fractalis.web}, each overridable by {@code FRACTALIS_<KEY>}.
 *
 * @param corsOrigins allowed origins; empty = any origin (echoed, never {@code *})
 * @param cookieSameSite SameSite attribute of the session cookie, empty = none
 * @param cookieSecure whether the cookie gets {@code Secure}
 * @param maxBodyBytes largest accepted request body
 * @param cookieDays cookie lifetime in days
 * @param version the version {@code /misc/version} reports
 * @param waitSeconds how long {@code ?wait=1} blocks at most
 */
public record WebSettings(Set<String> corsOrigins, String cookieSameSite, boolean cookieSecure, long maxBodyBytes,
        int cookieDays, String version, int waitSeconds) {

    public static WebSettings defaults() {
        return from(Map.of(), k -> null);
    }

    public static WebSettings from(Map<String, ?> config, Function<String, String> env) {
        Function<String, String> get = key -> {
            String e = env.apply("FRACTALIS_" + key.toUpperCase().replace('.', '_'));
            if (e != null && !e.isBlank()) {
                return e.trim();
            }
            Object v = config.get(key);
            return v == null ? "" : v.toString().trim();
        };
        String origins = get.apply("cors.origins");
        Set<String> allowed = origins.isEmpty() || origins.equals("*") ? Set.of()
                : Arrays.stream(origins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        String sameSite = get.apply("cookie.samesite");
        if (!sameSite.isEmpty() && !Set.of("Strict", "Lax", "None").contains(sameSite)) {
            throw new IllegalArgumentException("cookie.samesite must be Strict, Lax or None, not " + sameSite);
        }
        return new WebSettings(allowed, sameSite, Boolean.parseBoolean(get.apply("cookie.secure")),
                Long.parseLong(orDefault(get.apply("max.body.megabytes"), "128")) * 1024 * 1024,
                Integer.parseInt(orDefault(get.apply("cookie.days"), "6")),
                orDefault(get.apply("version"), "1.4.1"),
                Integer.parseInt(orDefault(get.apply("wait.seconds"), "120")));
    }

    private static String orDefault(String v, String d) {
        return v.isEmpty() ? d : v;
    }

    /** Whether responses may carry CORS headers for this origin. */
    public boolean allows(String origin) {
        return corsOrigins.isEmpty() || corsOrigins.contains(origin);
    }
}
