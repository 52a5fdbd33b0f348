package org.fractalis.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaults() {
        Settings s = Settings.defaults();
        assertEquals(Duration.ofDays(6), s.dataLifetime());
        assertEquals(Duration.ofDays(6), s.sessionLifetime());
        assertEquals(Duration.ofHours(1), s.resultLifetime());
        assertEquals(Duration.ofMinutes(20), s.taskTimeLimit());
        assertFalse(s.encryptCache());
        assertEquals("", s.secret());
        assertEquals(1000, s.maxDescriptors());
    }

    @Test
    void configurationValuesOfAnyTypeAreRead() {
        // OSGi configurations deliver numbers and booleans as objects, files as strings
        Settings s = Settings.from(Map.of("data.lifetime", 60L, "session.lifetime", "120", "result.lifetime", 30,
                "task.time.limit", " 5 ", "encrypt.cache", Boolean.TRUE, "secret", "s", "max.descriptors", 7),
                k -> null);
        assertEquals(Duration.ofSeconds(60), s.dataLifetime());
        assertEquals(Duration.ofSeconds(120), s.sessionLifetime());
        assertEquals(Duration.ofSeconds(30), s.resultLifetime());
        assertEquals(Duration.ofSeconds(5), s.taskTimeLimit());
        assertTrue(s.encryptCache());
        assertEquals("s", s.secret());
        assertEquals(7, s.maxDescriptors());
    }

    @Test
    void environmentOverridesConfiguration() {
        Map<String, String> env = Map.of(
                "FRACTALIS_DATA_LIFETIME", "11",
                "FRACTALIS_SESSION_LIFETIME", "12",
                "FRACTALIS_RESULT_LIFETIME", "13",
                "FRACTALIS_TASK_TIME_LIMIT", "14",
                "FRACTALIS_ENCRYPT_CACHE", "true",
                "FRACTALIS_SECRET", "from-env",
                "FRACTALIS_MAX_DESCRIPTORS", "15");
        Settings s = Settings.from(Map.of("data.lifetime", "99", "secret", "from-config", "encrypt.cache", "false"),
                env::get);
        assertEquals(Duration.ofSeconds(11), s.dataLifetime());
        assertEquals(Duration.ofSeconds(12), s.sessionLifetime());
        assertEquals(Duration.ofSeconds(13), s.resultLifetime());
        assertEquals(Duration.ofSeconds(14), s.taskTimeLimit());
        assertTrue(s.encryptCache());
        assertEquals("from-env", s.secret());
        assertEquals(15, s.maxDescriptors());
    }

    @Test
    void blankEnvironmentValuesAreIgnored() {
        Settings s = Settings.from(Map.of("data.lifetime", "99"), k -> k.equals("FRACTALIS_DATA_LIFETIME") ? "  " : null);
        assertEquals(Duration.ofSeconds(99), s.dataLifetime());
    }

    @Test
    void emptyValuesMeanTheDefault() {
        Settings s = Settings.from(Map.of("data.lifetime", "", "max.descriptors", ""), k -> null);
        assertEquals(Duration.ofDays(6), s.dataLifetime());
        assertEquals(1000, s.maxDescriptors());
    }

    @Test
    void aBadNumberIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("task.time.limit", "20m"), k -> null));
        assertTrue(e.getMessage().contains("20m"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of(), k -> k.equals("FRACTALIS_DATA_LIFETIME") ? "six days" : null));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        Settings s = Settings.from(Map.of("secret", "hunter2"), k -> null);
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(s.toString().contains("secret=set"));
        assertTrue(Settings.defaults().toString().contains("secret=unset"));
    }
}
