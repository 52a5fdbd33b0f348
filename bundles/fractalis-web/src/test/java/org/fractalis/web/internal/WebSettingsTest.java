package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WebSettingsTest {

    @Test
    void defaultsAllowOnlyLoopbackOriginsAndSetSameSiteLax() {
        WebSettings s = WebSettings.defaults();
        assertTrue(s.corsOrigins().isEmpty());
        assertFalse(s.anyOrigin());
        for (String o : new String[] {"http://127.0.0.1:45678", "http://127.0.0.1", "https://127.255.0.1:8443",
            "http://localhost:5000", "HTTP://LOCALHOST", "http://[::1]:3000", "https://[::1]"}) {
            assertTrue(s.allows(o), o);
        }
        for (String o : new String[] {"https://anything.example", "null", "", "http://127.0.0.1.evil.example",
            "http://localhost.evil.example", "http://127.0.0.256", "http://127.0.0.1:99999", "file://",
            "http://127.0.0.1:80/path", "http://user@127.0.0.1", "ftp://127.0.0.1", "http://10.0.0.1",
            "http://[::2]", "http://0.0.0.0:5000"}) {
            assertFalse(s.allows(o), o);
        }
        assertFalse(s.allows(null));
        assertEquals("Lax", s.cookieSameSite());
        assertFalse(s.waitEnabled());
        assertEquals(4, s.waitMaxConcurrent());
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
                w -> { });
        assertEquals(Set.of("http://a.example", "https://b.example:8443"), s.corsOrigins());
        assertTrue(s.allows("HTTP://A.example"), "scheme and host are case-insensitive");
        assertTrue(s.allows("http://a.example"));
        assertTrue(s.allows("https://b.example:8443"));
        assertFalse(s.allows("https://b.example"));
        assertFalse(s.allows("http://evil.example"));
    }

    @Test
    void aStarMeansAnyOriginAndIsWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        WebSettings s = WebSettings.from(Map.of("cors.origins", "*"), warnings::add);
        assertTrue(s.anyOrigin());
        assertTrue(s.allows("http://x"));
        assertTrue(s.allows("https://evil.example"));
        assertFalse(s.allows("null"), "not even * lets sandboxed frames read with credentials");
        assertFalse(s.allows("http://" + "x".repeat(400)));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("cors.origins"), warnings.get(0));
        List<String> none = new ArrayList<>();
        WebSettings.from(Map.of("cors.origins", "http://a.example"), none::add);
        WebSettings.from(Map.of(), none::add);
        assertEquals(List.of(), none);
    }

    @Test
    void anOriginListReplacesTheLoopbackDefault() {
        WebSettings s = WebSettings.from(Map.of("cors.origins", "https://Portal.example"), w -> { });
        assertTrue(s.allows("https://portal.example"));
        assertFalse(s.allows("http://127.0.0.1:5000"));
    }

    @Test
    void sameSiteAcceptsTheThreeValuesNoneOnlyWithSecure() {
        for (String v : new String[] {"Strict", "Lax", "lax", "STRICT"}) {
            List<String> warnings = new ArrayList<>();
            String got = WebSettings.from(Map.of("cookie.samesite", v), warnings::add).cookieSameSite();
            assertEquals(v.substring(0, 1).toUpperCase() + v.substring(1).toLowerCase(), got);
            assertEquals(List.of(), warnings);
        }
        assertEquals("None", WebSettings.from(Map.of("cookie.samesite", "None", "cookie.secure", "true"),
                w -> { }).cookieSameSite());
        List<String> warnings = new ArrayList<>();
        assertEquals("Lax", WebSettings.from(Map.of("cookie.samesite", "None"), warnings::add)
                .cookieSameSite());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("cookie.secure"), warnings.get(0));
        warnings.clear();
        assertEquals("Lax", WebSettings.from(Map.of("cookie.samesite", "Sometimes"), warnings::add)
                .cookieSameSite());
        assertTrue(warnings.get(0).contains("Sometimes"), warnings.get(0));
    }

    @Test
    void waitIsASwitchWithItsOwnLimit() {
        WebSettings s = WebSettings.from(Map.of("wait.enabled", "true", "wait.max.concurrent", "2"), w -> { });
        assertTrue(s.waitEnabled());
        assertEquals(2, s.waitMaxConcurrent());
    }

    @Test
    void configurationValuesOfAnyType() {
        WebSettings s = WebSettings.from(Map.of("cookie.secure", Boolean.TRUE, "max.body.megabytes", 2L,
                "cookie.days", 1, "version", "1.4.7", "wait.seconds", "5"), w -> { });
        assertTrue(s.cookieSecure());
        assertEquals(2L * 1024 * 1024, s.maxBodyBytes());
        assertEquals(1, s.cookieDays());
        assertEquals("1.4.7", s.version());
        assertEquals(5, s.waitSeconds());
    }

    // environment overrides and type/range checks are the configuration plugin's (bundle fractalis-config)
}
