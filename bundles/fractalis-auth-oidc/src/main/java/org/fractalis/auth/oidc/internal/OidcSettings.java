package org.fractalis.auth.oidc.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.fractalis.http.HttpOptions;

/** The configuration, checked: {@link #problem()} says what makes it unusable when validation is enabled. */
record OidcSettings(boolean enabled, String issuer, List<String> audiences, String jwksUrl, List<String> algorithms,
        int clockSkewSeconds, Duration cacheLifetime, Duration refreshMinInterval, String problem) {

    /** Asymmetric JWS algorithms only: {@code none} and HMAC (a shared secret) never verify an issuer's token. */
    static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
            "ES384", "ES512", "EdDSA");

    static OidcSettings from(OidcTokenValidator.Config c) {
        List<String> problems = new ArrayList<>();
        String issuer = c.issuer() == null ? "" : c.issuer().trim();
        if (c.enabled() && issuer.isEmpty()) {
            problems.add("'issuer' is not set");
        }
        List<String> audiences = split(c.audience());
        if (c.enabled() && audiences.isEmpty()) {
            problems.add("'audience' is not set");
        }
        List<String> algorithms = new ArrayList<>();
        for (String a : split(c.algorithms())) {
            String known = ASYMMETRIC.stream().filter(x -> x.equalsIgnoreCase(a)).findFirst().orElse(null);
            if (known == null) {
                problems.add("algorithm '" + a + "' is not allowed (only " + String.join(", ", ASYMMETRIC.stream()
                        .sorted().toList()) + ")");
            } else {
                algorithms.add(known);
            }
        }
        if (c.enabled() && algorithms.isEmpty()) {
            problems.add("'algorithms' is empty");
        }
        String problem = problems.isEmpty() ? null : String.join("; ", problems)
                + " (etc/" + OidcTokenValidator.PID + ".cfg)";
        return new OidcSettings(c.enabled(), issuer, audiences, c.jwks_url() == null ? "" : c.jwks_url().trim(),
                List.copyOf(algorithms), (int) Math.max(0, Math.round(c.clock_skew_seconds())),
                HttpOptions.duration(c.jwks_cache_seconds(), 600), seconds(c.jwks_refresh_min_seconds()),
                problem);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.max(0, Math.round(s * 1000)));
    }

    /** Values of a list key: a Karaf .cfg gives a list as one comma- or space-separated string. */
    static List<String> split(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    for (String part : v.trim().split("[,\\s]+")) {
                        if (!part.isEmpty()) {
                            out.add(part);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", issuer=" + issuer + ", audience=" + audiences + ", jwks.url="
                + (jwksUrl.isEmpty() ? "(discovered)" : jwksUrl) + ", algorithms=" + algorithms + ", clock.skew="
                + clockSkewSeconds + " s, cache=" + cacheLifetime.toSeconds() + " s";
    }
}
