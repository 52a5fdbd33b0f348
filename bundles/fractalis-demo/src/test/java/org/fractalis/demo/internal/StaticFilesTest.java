package org.fractalis.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private final List<String> lookedUp = new ArrayList<>();
    private final StaticFiles files = new StaticFiles(path -> {
        lookedUp.add(path);
        return StaticFilesTest.class.getClassLoader().getResource(path);
    });

    @Test
    void onlyPlainFileNamesAreValid() {
        for (String ok : List.of("index.html", "demo.js", "fractal.js", "fractal.js.LICENSE.txt", "a-b_c.min.js")) {
            assertTrue(StaticFiles.validName(ok), ok);
        }
        for (String bad : List.of("", ".", "..", "../x.js", "a/b.js", "a\\b.js", ".hidden", "noext", "x.", "x..js",
                "-x.js", "a b.js", "a%2fb.js", "x.js/", "é.js")) {
            assertFalse(StaticFiles.validName(bad), bad);
        }
        assertFalse(StaticFiles.validName(null));
        assertFalse(StaticFiles.validName("a".repeat(98) + ".js"));
    }

    @Test
    void invalidNamesAndUnknownTypesAreNotLookedUp() {
        assertTrue(files.get("../pom.xml").isEmpty());
        assertTrue(files.get("Json.class").isEmpty());
        assertTrue(lookedUp.isEmpty(), lookedUp.toString());
    }

    @Test
    void filesAreReadOnceWithAStableTag() {
        StaticFiles.File a = files.get("index.html").orElseThrow();
        StaticFiles.File b = files.get("index.html").orElseThrow();
        assertSame(a, b);
        assertEquals(List.of("web/index.html"), lookedUp);
        assertEquals("text/html; charset=utf-8", a.type());
        assertEquals(a.etag(), new StaticFiles(StaticFilesTest.class.getClassLoader()::getResource)
                .get("index.html").orElseThrow().etag());
        assertNotEquals(a.etag(), files.get("demo.js").orElseThrow().etag());
        assertTrue(a.gzipped() != null && a.gzipped().length < a.bytes().length);
    }

    @Test
    void missingFileIsEmpty() {
        assertTrue(files.get("nothing.js").isEmpty());
        URL none = StaticFilesTest.class.getClassLoader().getResource("web/nothing.js");
        assertNull(none);
    }
}
