package org.fractalis.jetty.edge.internal;

import org.eclipse.jetty.http.HttpStatus;

/** What a request that Jetty's HTTP parser refuses is answered: the status and a small JSON body. */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /**
     * The status for a parser-level refusal. Jetty answers 505 for a request line whose version it does not
     * recognise ({@code HTTP/11}, {@code HTTPS/1.1}, {@code FTP/1.0}) and for an HTTP/0.9 request line: these are
     * malformed requests (RFC 9110: 505 is for a well-formed version the server refuses), so the client gets 400.
     * Every other parser status (400, 413, 414, 417, 431, …) is already a 4xx and stays.
     */
    static int status(int parserStatus) {
        return parserStatus == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : parserStatus;
    }

    /** {@code {"error": "<status text>: <parser reason>"}}, as the API's own errors (the reason may quote input). */
    static String jsonBody(int status, String reason) {
        String text = HttpStatus.getMessage(status);
        if (reason != null && !reason.isBlank() && !reason.equals(text)) {
            text = text + ": " + reason;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append("{\"error\":\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"}").toString();
    }
}
