package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void masksSecretsAndTheirEncodedForm() {
        assertEquals("bad password *** or ***", Redaction.secrets("bad password p@ss w or p%40ss+w", "p@ss w", null, ""));
    }

    /** Finding 8: with the user name "u" every "u" of a message became "***". */
    @Test
    void aShortSecretInsideWordsLeavesTheTextAlone() {
        String m = "Could not connect to ada.example.org: unknown host.";
        assertEquals(m, Redaction.secrets(m, "u", "pw"));
    }

    @Test
    void aShortSecretAsAWholeValueWithholdsTheWholeText() {
        assertEquals(Redaction.WITHHELD, Redaction.secrets("login of u failed", "u"));
        assertEquals(Redaction.WITHHELD, Redaction.secrets("user=u&x=1", "u"));
        assertEquals(Redaction.WITHHELD, Redaction.secrets("bad password 'abc'", "abc"));
        assertEquals(Redaction.WITHHELD, Redaction.secrets("bad password a%26b", "a&b"));
    }

    @Test
    void longSecretsAreMaskedOnlyAsWholeValues() {
        assertEquals("token *** expired, *** again", Redaction.secrets("token s3cr3t expired, s3cr3t again", "s3cr3t"));
        assertEquals("Bearer ***.", Redaction.secrets("Bearer eyJ.a-b_c.d.", "eyJ.a-b_c.d"));
        // part of a longer value: not the secret, left as is
        assertEquals("passwords and passwordless", Redaction.secrets("passwords and passwordless", "password"));
        assertEquals("user *** on host", Redaction.secrets("user alice on host", "alice"));
        assertEquals("malice", Redaction.secrets("malice", "alice"));
        // a secret that begins or ends with punctuation matches next to anything
        assertEquals("x***y", Redaction.secrets("x@pass!y", "@pass!"));
    }

    @Test
    void statusesHaveAShortReason() {
        assertEquals("HTTP 502 (Bad Gateway)", Redaction.status(502));
        assertEquals("HTTP 599", Redaction.status(599));
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
