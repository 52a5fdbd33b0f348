package org.fractalis.core.internal.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Core settings from the {@code org.fractalis.core} configuration, each overridable by an environment
 * variable {@code FRACTALIS_<KEY>} (upper case, dots as underscores), so containers and {@code ./run} need no
 * file edits.
 */
public record Settings(Duration dataLifetime, Duration sessionLifetime, Duration resultLifetime,
        Duration taskTimeLimit, boolean encryptCache, String secret, int maxDescriptors) {

    public static final String PID = "org.fractalis.core";

    /** Defaults (also used by unit tests). */
    public static Settings defaults() {
        return from(Map.of(), k -> null);
    }

    public static Settings from(Map<String, ?> config, Function<String, String> env) {
        Function<String, String> get = key -> {
            String e = env.apply("FRACTALIS_" + key.toUpperCase().replace('.', '_'));
            if (e != null && !e.isBlank()) {
                return e.trim();
            }
            Object v = config.get(key);
            return v == null ? null : v.toString().trim();
        };
        return new Settings(
                seconds(get.apply("data.lifetime"), 6 * 24 * 3600),
                seconds(get.apply("session.lifetime"), 6 * 24 * 3600),
                seconds(get.apply("result.lifetime"), 3600),
                seconds(get.apply("task.time.limit"), 20 * 60),
                Boolean.parseBoolean(orDefault(get.apply("encrypt.cache"), "false")),
                orDefault(get.apply("secret"), ""),
                Integer.parseInt(orDefault(get.apply("max.descriptors"), "1000")));
    }

    private static Duration seconds(String v, long dflt) {
        try {
            return Duration.ofSeconds(v == null || v.isEmpty() ? dflt : Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of seconds: " + v);
        }
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isEmpty() ? d : v;
    }

    @Override
    public String toString() {
        return "Settings[dataLifetime=" + dataLifetime + ", sessionLifetime=" + sessionLifetime + ", resultLifetime="
                + resultLifetime + ", taskTimeLimit=" + taskTimeLimit + ", encryptCache=" + encryptCache
                + ", secret=" + (secret.isEmpty() ? "unset" : "set") + "]";
    }
}
