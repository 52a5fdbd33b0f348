package org.fractalis.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.config.ConfigurationIssue;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class FractalisConfigPluginTest {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, AttributeDefinition> web = Map.of(
            "max.body.megabytes", ad("max.body.megabytes", AttributeDefinition.LONG, "128", 1, 4096),
            "cookie.samesite", options("cookie.samesite", "Lax", "Strict", "None"),
            "secret", ad("secret", AttributeDefinition.PASSWORD, "", 0, 0));
    private final FractalisConfigPlugin plugin = new FractalisConfigPlugin(env::get,
            pid -> pid.equals("org.fractalis.web") ? web : Map.of());

    private Dictionary<String, Object> apply(String pid, Object... kv) {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.pid", pid);
        for (int i = 0; i < kv.length; i += 2) {
            d.put((String) kv[i], kv[i + 1]);
        }
        plugin.modifyConfiguration(null, d);
        return d;
    }

    @Test
    void environmentNamesEveryDeclaredKeyEvenOneAbsentFromTheFile() {
        env.put("FRACTALIS_MAX_BODY_MEGABYTES", " 7 ");
        env.put("FRACTALIS_SECRET", "s3cret");
        env.put("FRACTALIS_UNDECLARED_KEY", "x");
        Dictionary<String, Object> d = apply("org.fractalis.web", "max.body.megabytes", "128");
        assertEquals("7", d.get("max.body.megabytes"));
        assertEquals("s3cret", d.get("secret"));
        assertNull(d.get("undeclared.key"));
        assertEquals("FRACTALIS_COOKIE_SAMESITE", FractalisConfigPlugin.environmentName("cookie.samesite"));
    }

    @Test
    void blankEnvironmentAndForeignPidsAreLeftAlone() {
        env.put("FRACTALIS_MAX_BODY_MEGABYTES", "  ");
        assertEquals("9", apply("org.fractalis.web", "max.body.megabytes", "9").get("max.body.megabytes"));
        env.put("FRACTALIS_MAX_BODY_MEGABYTES", "5");
        assertEquals("9", apply("org.apache.karaf.shell", "max.body.megabytes", "9").get("max.body.megabytes"));
    }

    @Test
    void refusedValueFallsBackToTheDefaultThenToTheLastValidOne() {
        Dictionary<String, Object> first = apply("org.fractalis.web", "max.body.megabytes", "abc");
        assertNull(first.get("max.body.megabytes"), "at first start the component's default applies");
        ConfigurationIssue issue = plugin.issues().get(0);
        assertEquals("org.fractalis.web", issue.pid());
        assertEquals("max.body.megabytes", issue.key());
        assertEquals("abc", issue.value());
        assertTrue(issue.allowed().contains("whole number"), issue.allowed());
        assertTrue(issue.inEffect().contains("default '128'"), issue.inEffect());

        assertEquals("16", apply("org.fractalis.web", "max.body.megabytes", "16").get("max.body.megabytes"));
        assertTrue(plugin.issues().isEmpty(), "a corrected value drops out");
        assertEquals("16", apply("org.fractalis.web", "max.body.megabytes", "-3").get("max.body.megabytes"));
        assertTrue(plugin.issues().get(0).allowed().startsWith("out of range"), plugin.issues().toString());
        assertEquals("16", apply("org.fractalis.web", "max.body.megabytes", "99999").get("max.body.megabytes"));
    }

    @Test
    void optionsAndSecretsAreNeverShown() {
        Dictionary<String, Object> d = apply("org.fractalis.web", "cookie.samesite", "Bogus");
        assertNull(d.get("cookie.samesite"));
        assertTrue(plugin.issues().get(0).allowed().contains("Lax, Strict, None"), plugin.issues().toString());
        assertEquals("Strict", apply("org.fractalis.web", "cookie.samesite", "Strict").get("cookie.samesite"));
        assertTrue(plugin.issues().isEmpty());
    }

    @Test
    void blankNonTextValueMeansDefault() {
        Dictionary<String, Object> d = apply("org.fractalis.web", "max.body.megabytes", " ");
        assertNull(d.get("max.body.megabytes"));
        assertTrue(plugin.issues().isEmpty());
    }

    private static AttributeDefinition options(String id, String... values) {
        return new Fake(id, AttributeDefinition.STRING, values[0], 0, 0, values);
    }

    private static AttributeDefinition ad(String id, int type, String dflt, long min, long max) {
        return new Fake(id, type, dflt, min, max, null);
    }

    /** Validates like Felix's metatype for the cases used here. */
    private record Fake(String id, int type, String dflt, long min, long max, String[] options)
            implements AttributeDefinition {
        public String getName() { return id; }
        public String getID() { return id; }
        public String getDescription() { return "test attribute"; }
        public int getCardinality() { return 0; }
        public int getType() { return type; }
        public String[] getOptionValues() { return options; }
        public String[] getOptionLabels() { return options; }
        public String[] getDefaultValue() { return new String[] { dflt }; }

        public String validate(String value) {
            if (options != null) {
                for (String o : options) {
                    if (o.equalsIgnoreCase(value)) {
                        return "";
                    }
                }
                return "%not a valid option";
            }
            if (type == LONG) {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return "%invalid value";
                }
                return n < min ? "%less than minimum" : n > max ? "%greater than maximum" : "";
            }
            return "";
        }
    }
}
