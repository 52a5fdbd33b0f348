package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class UrlAllowListTest {
    private final UrlAllowList list = UrlAllowList.parse(List.of("https://data.example.org/shared",
            "http://127.0.0.1:8080/", " "));

    private boolean allows(String url) {
        return list.allows(URI.create(url));
    }

    @Test
    void matchesWholeSegmentsOfTheSameOrigin() {
        assertTrue(allows("https://data.example.org/shared/a.csv"));
        assertTrue(allows("https://DATA.example.org:443/shared"));
        assertTrue(allows("http://127.0.0.1:8080/anything?x=1"));
        assertFalse(allows("https://data.example.org/shared-x/a.csv"));
        assertFalse(allows("https://data.example.org.evil.net/shared/a.csv"));
        assertFalse(allows("http://data.example.org/shared/a.csv"));
        assertFalse(allows("https://data.example.org:8443/shared/a.csv"));
        assertFalse(allows("http://127.0.0.1:8081/"));
    }

    @Test
    void refusesTraversal() {
        assertFalse(allows("https://data.example.org/shared/../private/a.csv"));
        assertFalse(allows("https://data.example.org/shared/%2e%2e/private/a.csv"));
        assertFalse(allows("https://data.example.org/shared/..%2Fprivate"));
    }

    @Test
    void refusesBadEntries() {
        assertThrows(IllegalArgumentException.class, () -> UrlAllowList.parse(List.of("data.example.org")));
        assertThrows(IllegalArgumentException.class, () -> UrlAllowList.parse(List.of("file:///etc")));
        assertTrue(UrlAllowList.parse(List.of()).isEmpty());
        assertTrue(UrlAllowList.parseConfig(new String[] {""}).isEmpty());
        UrlAllowList two = UrlAllowList.parseConfig("https://a.example/x, https://b.example/", "http://c.example");
        assertEquals(3, two.prefixes().size());
        assertTrue(two.allows(URI.create("https://b.example/y")));
    }
}
