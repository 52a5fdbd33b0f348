package org.fractalis.http;

import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A complete answer: head and body (already limited in size).
 *
 * @param head status and headers
 * @param body the body bytes (gzip already decoded)
 */
public record HttpResult(ResponseHead head, byte[] body) {

    public int status() {
        return head.status();
    }

    public URI uri() {
        return head.uri();
    }

    public boolean isSuccess() {
        return head.isSuccess();
    }

    public Optional<String> header(String name) {
        return head.header(name);
    }

    public List<HttpCookie> cookies() {
        return head.cookies();
    }

    public Optional<String> cookie(String name) {
        return head.cookie(name);
    }

    /** The body as text in the answer's charset (UTF-8 by default). */
    public String text() {
        return new String(body, head.charset());
    }

    /**
     * The body as a short one-line text for error messages: whitespace collapsed, cut after
     * {@code maxChars} characters (marked with an ellipsis).
     */
    public String snippet(int maxChars) {
        return Redaction.snippet(text(), maxChars);
    }
}
