package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void masksSecretsAndTheirEncodedForm() {
        assertEquals("bad password *** or ***", Redaction.secrets("bad password p@ss w or p%40ss+w", "p@ss w", null, ""));
    }

    @Test
    void urlsLoseUserInfoQueryAndFragment() {
        assertEquals("https://h:8443/a/b", Redaction.uri(URI.create("https://u:pw@h:8443/a/b?token=x#f")));
    }

    @Test
    void snippetsAreOneShortLine() {
        assertEquals("a b…", Redaction.snippet("a\n\n  b  c", 3));
    }
}
