package org.fractalis.jetty.edge.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's server-level error handler, except that requests refused by the HTTP parser (400, 413, 414, 417, 431 —
 * no servlet ever sees them) get {@code {"error": …}} like the API's own errors instead of an HTML fragment.
 * Everything else (error pages of requests that reached Jetty's handlers) is Jetty's default.
 */
public final class JsonBadMessageErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        return BufferUtil.toBuffer(ProtocolErrors.jsonBody(status, reason), StandardCharsets.UTF_8);
    }
}
