package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WebSettingsTest {

    @Test
    void defaultsAllowAnyOriginAndSetNoCookieAttributes() {
        WebSettings s = WebSettings.defaults();
        assertTrue(s.corsOrigins().isEmpty());
        assertTrue(s.allows("http://127.0.0.1:45678"));
        assertTrue(s.allows("https://anything.example"));
        assertEquals("", s.cookieSameSite());
        assertFalse(s.cookieSecure());
        assertEquals(128L * 1024 * 1024, s.maxBodyBytes());
        assertEquals(6, s.cookieDays());
        assertEquals("1.4.1", s.version());
        assertTrue(s.version().matches("^\\d+\\.\\d+\\.\\d+$"));
        assertEquals(120, s.waitSeconds());
    }

    @Test
    void anOriginListIsTrimmedAndEnforced() {
        WebSettings s = WebSettings.from(Map.of("cors.origins", " http://a.example , https://b.example:8443,, "),
                k -> null);
        assertEquals(Set.of("http://a.example", "https://b.example:8443"), s.corsOrigins());
        assertTrue(s.allows("http://a.example"));
        assertTrue(s.allows("https://b.example:8443"));
        assertFalse(s.allows("https://b.example"));
        assertFalse(s.allows("http://evil.example"));
    }

    @Test
    void aStarMeansAnyOrigin() {
        WebSettings s = WebSettings.from(Map.of("cors.origins", "*"), k -> null);
        assertTrue(s.corsOrigins().isEmpty());
        assertTrue(s.allows("http://x"));
    }

    @Test
    void sameSiteAcceptsOnlyTheThreeValues() {
        for (String v : new String[] {"Strict", "Lax", "None"}) {
            assertEquals(v, WebSettings.from(Map.of("cookie.samesite", v), k -> null).cookieSameSite());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebSettings.from(Map.of("cookie.samesite", "Sometimes"), k -> null));
        assertTrue(e.getMessage().contains("Sometimes"), e.getMessage());
    }

    @Test
    void configurationValuesOfAnyType() {
        WebSettings s = WebSettings.from(Map.of("cookie.secure", Boolean.TRUE, "max.body.megabytes", 2L,
                "cookie.days", 1, "version", "1.4.7", "wait.seconds", "5"), k -> null);
        assertTrue(s.cookieSecure());
        assertEquals(2L * 1024 * 1024, s.maxBodyBytes());
        assertEquals(1, s.cookieDays());
        assertEquals("1.4.7", s.version());
        assertEquals(5, s.waitSeconds());
    }

    @Test
    void environmentOverridesConfiguration() {
        Map<String, String> env = Map.of("FRACTALIS_CORS_ORIGINS", "http://env.example",
                "FRACTALIS_COOKIE_SAMESITE", "None", "FRACTALIS_COOKIE_SECURE", "true",
                "FRACTALIS_MAX_BODY_MEGABYTES", "3", "FRACTALIS_COOKIE_DAYS", "2", "FRACTALIS_VERSION", "1.4.2",
                "FRACTALIS_WAIT_SECONDS", "7");
        WebSettings s = WebSettings.from(Map.of("cors.origins", "http://config.example", "cookie.samesite", "Lax",
                "version", "1.4.9"), env::get);
        assertEquals(Set.of("http://env.example"), s.corsOrigins());
        assertEquals("None", s.cookieSameSite());
        assertTrue(s.cookieSecure());
        assertEquals(3L * 1024 * 1024, s.maxBodyBytes());
        assertEquals(2, s.cookieDays());
        assertEquals("1.4.2", s.version());
        assertEquals(7, s.waitSeconds());
    }

    @Test
    void blankEnvironmentValuesAreIgnored() {
        WebSettings s = WebSettings.from(Map.of("cookie.samesite", "Lax"),
                k -> k.equals("FRACTALIS_COOKIE_SAMESITE") ? " " : null);
        assertEquals("Lax", s.cookieSameSite());
    }

    @Test
    void badNumbersAreRefused() {
        assertThrows(NumberFormatException.class, () -> WebSettings.from(Map.of("max.body.megabytes", "lots"), k -> null));
    }
}
