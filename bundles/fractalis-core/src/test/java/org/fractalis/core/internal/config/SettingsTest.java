package org.fractalis.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                "task.time.limit", " 5 ", "encrypt.cache", Boolean.TRUE, "secret", "s", "max.descriptors", 7));
        assertEquals(Duration.ofSeconds(60), s.dataLifetime());
        assertEquals(Duration.ofSeconds(120), s.sessionLifetime());
        assertEquals(Duration.ofSeconds(30), s.resultLifetime());
        assertEquals(Duration.ofSeconds(5), s.taskTimeLimit());
        assertTrue(s.encryptCache());
        assertEquals("s", s.secret());
        assertEquals(7, s.maxDescriptors());
    }

    // FRACTALIS_<KEY> overrides and the type/range checks are the configuration plugin's (fractalis-config)

    @Test
    void emptyValuesMeanTheDefault() {
        Settings s = Settings.from(Map.of("data.lifetime", "", "max.descriptors", ""));
        assertEquals(Duration.ofDays(6), s.dataLifetime());
        assertEquals(1000, s.maxDescriptors());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        Settings s = Settings.from(Map.of("secret", "hunter2"));
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(s.toString().contains("secret=set"));
        assertTrue(Settings.defaults().toString().contains("secret=unset"));
    }
}
