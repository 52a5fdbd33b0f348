package org.fractalis.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 client on a bare socket, so that tests can send what no HTTP library would: malformed request
 * lines, broken chunking, conflicting framing headers, control bytes, truncated bodies and slowly written
 * headers. One request per connection; the answer is read within a bounded time.
 */
final class RawHttp {
    /** How a raw exchange ended. */
    enum Outcome {
        /** A status line (and what followed) was read. */
        RESPONSE,
        /** The server closed or reset the connection without a status line: acceptable for garbage input. */
        CLOSED,
        /** No complete answer within the read timeout. */
        HANG,
        /** The connection could not be opened. */
        CONNECT_FAILED
    }

    /** The answer to one raw request. */
    record Reply(Outcome outcome, int status, Map<String, List<String>> headers, byte[] body, long millis) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : String.join(", ", v);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** "503", "closed", "hang", … for statistics. */
        String statusKey() {
            return switch (outcome) {
                case RESPONSE -> Integer.toString(status);
                case CLOSED -> "closed";
                case HANG -> "hang";
                case CONNECT_FAILED -> "connect-failed";
            };
        }
    }

    private final String host;
    private final int port;
    private final int readTimeoutMillis;

    RawHttp(String host, int port, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Sends the pieces in order, pausing {@code pauseMillis} between them (slowly written requests), optionally
     * half-closes the connection (so a server waiting for more body bytes sees the end of the stream at once
     * instead of its idle timeout) and reads the answer.
     */
    Reply exchange(List<byte[]> pieces, long pauseMillis, boolean halfClose, boolean headRequest) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), readTimeoutMillis);
            } catch (IOException e) {
                return new Reply(Outcome.CONNECT_FAILED, -1, Map.of(), new byte[0], elapsed(start));
            }
            s.setSoTimeout(readTimeoutMillis);
            s.setTcpNoDelay(true);
            try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < pieces.size(); i++) {
                    if (i > 0 && pauseMillis > 0) {
                        // deliberate client slowness (the thing under test), not synchronisation
                        LockSupport.parkNanos(pauseMillis * 1_000_000L);
                    }
                    out.write(pieces.get(i));
                    out.flush();
                }
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may reject early (e.g. 431 then close) while we still write: read what it said
            }
            long readStart = System.nanoTime();
            return read(s.getInputStream(), start, readStart, headRequest);
        } catch (IOException e) {
            return new Reply(Outcome.CLOSED, -1, Map.of(), new byte[0], elapsed(start));
        }
    }

    Reply exchange(byte[] request) {
        return exchange(List.of(request), 0, false, false);
    }

    private Reply read(InputStream in, long start, long readStart, boolean headRequest) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int headerEnd = -1;
        try {
            while (headerEnd < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                all.write(buf, 0, n);
                headerEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                checkDeadline(readStart);
            }
            byte[] bytes = all.toByteArray();
            if (headerEnd < 0) {
                return statusOnly(bytes, start);
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            int status = parseStatus(lines[0]);
            if (status < 0) {
                return new Reply(Outcome.CLOSED, -1, Map.of(), bytes, elapsed(start));
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
                }
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(bytes, headerEnd + 4, bytes.length - headerEnd - 4);
            byte[] body = headRequest ? new byte[0] : readBody(in, rest, headers, status, readStart);
            return new Reply(Outcome.RESPONSE, status, headers, body, elapsed(start));
        } catch (SocketTimeoutException e) {
            return new Reply(Outcome.HANG, -1, Map.of(), all.toByteArray(), elapsed(start));
        } catch (SocketException e) {
            // reset by the server: a response already read in full still counts
            byte[] bytes = all.toByteArray();
            return statusOnly(bytes, start);
        } catch (IOException e) {
            return new Reply(Outcome.CLOSED, -1, Map.of(), all.toByteArray(), elapsed(start));
        }
    }

    /** A response whose header block did not complete: keep its status if a status line is there. */
    private static Reply statusOnly(byte[] bytes, long start) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        int status = parseStatus(eol < 0 ? text : text.substring(0, eol));
        if (status < 0) {
            return new Reply(Outcome.CLOSED, -1, Map.of(), bytes, elapsed(start));
        }
        return new Reply(Outcome.RESPONSE, status, Map.of(), new byte[0], elapsed(start));
    }

    private byte[] readBody(InputStream in, ByteArrayOutputStream rest, Map<String, List<String>> headers, int status,
            long readStart) throws IOException {
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new byte[0];
        }
        List<String> te = headers.get("transfer-encoding");
        if (te != null && String.join(",", te).toLowerCase(Locale.ROOT).contains("chunked")) {
            return dechunk(in, rest, readStart);
        }
        List<String> cl = headers.get("content-length");
        long length = -1;
        if (cl != null) {
            try {
                length = Long.parseLong(cl.get(0).trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
        }
        byte[] buf = new byte[16384];
        while (length < 0 || rest.size() < length) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            rest.write(buf, 0, n);
            checkDeadline(readStart);
        }
        byte[] body = rest.toByteArray();
        if (length >= 0 && body.length > length) {
            return java.util.Arrays.copyOf(body, (int) length);
        }
        return body;
    }

    /** Reads the rest of the stream and decodes chunked framing (lenient: a broken frame keeps what it had). */
    private byte[] dechunk(InputStream in, ByteArrayOutputStream rest, long readStart) throws IOException {
        byte[] buf = new byte[16384];
        while (!endsWithLastChunk(rest.toByteArray())) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            rest.write(buf, 0, n);
            checkDeadline(readStart);
        }
        byte[] raw = rest.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < raw.length) {
            int eol = indexOf(raw, pos, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (eol < 0) {
                break;
            }
            String sizeLine = new String(raw, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int from = eol + 2;
            int to = Math.min(raw.length, from + size);
            out.write(raw, from, to - from);
            pos = to + 2;
        }
        return out.toByteArray();
    }

    private static boolean endsWithLastChunk(byte[] raw) {
        // "0\r\n\r\n" at the end (no trailers from this server)
        int n = raw.length;
        return n >= 5 && raw[n - 5] == '0' && raw[n - 4] == '\r' && raw[n - 3] == '\n' && raw[n - 2] == '\r'
                && raw[n - 1] == '\n' && (n == 5 || raw[n - 6] == '\n');
    }

    private void checkDeadline(long readStart) throws SocketTimeoutException {
        if (System.nanoTime() - readStart > readTimeoutMillis * 1_000_000L) {
            throw new SocketTimeoutException("answer not complete within " + readTimeoutMillis + " ms");
        }
    }

    private static int parseStatus(String line) {
        if (!line.startsWith("HTTP/")) {
            return -1;
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 2) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
