package org.fractalis.config.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.fractalis.api.config.ConfigurationIssue;
import org.fractalis.api.config.ConfigurationIssues;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.metatype.AttributeDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where {@code org.fractalis.*} configurations are completed and checked before any component sees
 * them (and before {@code config:list}, which shows ConfigAdmin's processed properties):
 * <ol>
 * <li>every key the PID declares in its metatype (or has in its file) is replaced by the environment variable
 * {@code FRACTALIS_<KEY>} (upper case, dots as underscores) when that is set and not blank;</li>
 * <li>every declared value is checked against its metatype (type, min/max, options); a refused value is replaced by
 * the last valid value of that key (or removed, so the component's default applies), logged once at WARN and listed
 * by {@link #issues()}.</li>
 * </ol>
 * Nothing is written back: secrets given through the environment never reach etc/.
 */
public final class FractalisConfigPlugin implements ConfigurationPlugin, ConfigurationIssues {
    static final String PREFIX = "org.fractalis.";
    static final String MASK = "********";
    private static final Logger LOG = LoggerFactory.getLogger(FractalisConfigPlugin.class);

    private final Function<String, String> env;
    private final Function<String, Map<String, AttributeDefinition>> metatype;
    /** pid → key → last value that passed. */
    private final Map<String, Map<String, Object>> lastValid = new ConcurrentHashMap<>();
    /** pid → key → current refusal. */
    private final Map<String, Map<String, ConfigurationIssue>> refused = new ConcurrentHashMap<>();
    /** reporter + pid → what a component refused itself. */
    private final Map<String, List<ConfigurationIssue>> reported = new ConcurrentHashMap<>();

    /**
     * @param env the environment ({@code System::getenv})
     * @param metatype the attributes a PID (or factory PID) declares, by id; empty when it has no metatype
     */
    public FractalisConfigPlugin(Function<String, String> env,
            Function<String, Map<String, AttributeDefinition>> metatype) {
        this.env = env;
        this.metatype = metatype;
    }

    /** {@code cookie.samesite} → {@code FRACTALIS_COOKIE_SAMESITE}. */
    public static String environmentName(String key) {
        return "FRACTALIS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        String pid = text(properties.get(Constants.SERVICE_PID));
        String factoryPid = text(properties.get(ConfigurationAdmin.SERVICE_FACTORYPID));
        String declaring = factoryPid != null ? factoryPid : pid;
        if (pid == null || declaring == null || !declaring.startsWith(PREFIX)) {
            return;
        }
        Map<String, AttributeDefinition> declared = metatype.apply(declaring);
        Set<String> keys = new TreeSet<>(declared.keySet());
        for (String k : Collections.list(properties.keys())) {
            if (!isFrameworkKey(k)) {
                keys.add(k);
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (String key : keys) {
            String name = environmentName(key);
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                properties.put(key, value.trim());
                sources.put(key, "environment " + name);
            }
        }
        Map<String, Object> valid = lastValid.computeIfAbsent(pid, p -> new ConcurrentHashMap<>());
        Map<String, ConfigurationIssue> now = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeDefinition> e : declared.entrySet()) {
            String key = e.getKey();
            AttributeDefinition ad = e.getValue();
            Object value = properties.get(key);
            if (value instanceof String s && s.isBlank() && ad.getType() != AttributeDefinition.STRING
                    && ad.getType() != AttributeDefinition.PASSWORD) {
                properties.remove(key); // "key =" in a file: the default
                value = null;
            }
            if (value == null) {
                valid.remove(key);
                continue;
            }
            String problem = check(ad, value);
            if (problem == null) {
                if (value instanceof String s) {
                    properties.put(key, s.trim());
                }
                valid.put(key, value);
                continue;
            }
            Object keep = valid.get(key);
            if (keep == null) {
                properties.remove(key);
            } else {
                properties.put(key, keep);
            }
            boolean secret = ad.getType() == AttributeDefinition.PASSWORD;
            String inEffect = keep != null ? "the last valid value '" + (secret ? MASK : show(keep)) + "'"
                    : "the default" + defaultText(ad);
            now.put(key, new ConfigurationIssue(pid, key, secret ? MASK : show(value),
                    sources.getOrDefault(key, "etc/" + pid + ".cfg / ConfigAdmin"), problem, inEffect));
        }
        Map<String, ConfigurationIssue> before = now.isEmpty() ? refused.remove(pid) : refused.put(pid, now);
        for (ConfigurationIssue issue : now.values()) {
            ConfigurationIssue old = before == null ? null : before.get(issue.key());
            if (old == null || !Objects.equals(old.value(), issue.value())) {
                LOG.warn("Configuration {}", issue.describe());
            }
        }
        if (before != null) {
            for (String key : before.keySet()) {
                if (!now.containsKey(key)) {
                    LOG.info("Configuration {}: {} is valid again", pid, key);
                }
            }
        }
    }

    @Override
    public List<ConfigurationIssue> issues() {
        List<ConfigurationIssue> all = new ArrayList<>();
        refused.values().forEach(m -> all.addAll(m.values()));
        reported.values().forEach(all::addAll);
        all.sort((a, b) -> (a.pid() + " " + a.key()).compareTo(b.pid() + " " + b.key()));
        return all;
    }

    @Override
    public void report(String reporter, String pid, List<ConfigurationIssue> issues) {
        String key = reporter + " " + pid;
        if (issues.isEmpty()) {
            reported.remove(key);
        } else {
            reported.put(key, List.copyOf(issues));
        }
    }

    /** Why the value is refused ("allowed: …"), or null when it passes. */
    static String check(AttributeDefinition ad, Object value) {
        for (String v : values(value)) {
            String s = v.trim();
            if (s.isEmpty() && (ad.getType() == AttributeDefinition.STRING
                    || ad.getType() == AttributeDefinition.PASSWORD)) {
                continue;
            }
            String result = ad.validate(s);
            if (result == null || result.isEmpty()) {
                continue; // valid, or the metatype cannot tell
            }
            return allowed(ad, result, s);
        }
        return null;
    }

    private static String allowed(AttributeDefinition ad, String felixReason, String value) {
        String reason = switch (felixReason) {
            case "%less than minimum", "%greater than maximum" -> "out of range";
            case "%not a valid option" -> "not one of the options";
            case "%missing required value" -> "a value is required";
            default -> isNumber(value) && !typeName(ad.getType()).equals("a text") ? "out of range"
                    : "not " + typeName(ad.getType());
        };
        StringBuilder b = new StringBuilder(reason).append(": allowed is ").append(typeName(ad.getType()));
        if (ad.getOptionValues() != null && ad.getOptionValues().length > 0) {
            b.append(", one of ").append(String.join(", ", ad.getOptionValues()));
        }
        if (ad.getDescription() != null && !ad.getDescription().isEmpty()) {
            b.append(" (").append(ad.getDescription()).append(")");
        }
        return b.toString();
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.LONG, AttributeDefinition.INTEGER, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "a whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "one character";
            default -> "a text";
        };
    }

    private static String defaultText(AttributeDefinition ad) {
        String[] d = ad.getDefaultValue();
        if (ad.getType() == AttributeDefinition.PASSWORD || d == null || d.length == 0) {
            return "";
        }
        return " '" + String.join(",", d) + "'";
    }

    private static List<String> values(Object value) {
        List<String> out = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }

    private static String show(Object value) {
        String s = String.join(",", values(value));
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")
                || key.startsWith(":") || key.startsWith("org.apache.karaf.");
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
