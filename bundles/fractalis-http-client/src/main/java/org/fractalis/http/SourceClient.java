package org.fractalis.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLException;

import org.fractalis.http.internal.StreamingBody;
import org.fractalis.http.internal.Tls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of a connector: the JDK's {@link HttpClient} with the {@link HttpOptions} applied to
 * every call. Thread-safe; build one per connector configuration and reuse it.
 *
 * <ul>
 * <li>Every call has a deadline (the read timeout, from sending to the last body byte). A thread waiting
 * for headers or blocked reading the body is released when it passes.</li>
 * <li>Interrupting the calling thread aborts the exchange and fails with
 * {@link HttpException.Reason#INTERRUPTED} (the interrupt flag stays set), so cancelled jobs stop.</li>
 * <li>Bodies are capped at {@link HttpOptions#maxResponseBytes()} (also after gzip decoding).</li>
 * <li>Redirects are never followed implicitly (a login must see its own answer); see
 * {@link HttpCall#followRedirects}.</li>
 * </ul>
 */
public final class SourceClient {
    private final Logger logger = LoggerFactory.getLogger(SourceClient.class);

    private final HttpClient client;
    private final HttpOptions options;
    private final DestinationPolicy destinations;

    private SourceClient(HttpClient client, HttpOptions options, DestinationPolicy destinations) {
        this.client = client;
        this.options = options;
        this.destinations = destinations;
    }

    /**
     * A client for these options.
     *
     * @throws HttpException ({@link HttpException.Reason#CONFIG}) if the TLS settings cannot be applied,
     *     e.g. an unreadable {@code tls.ca.file}
     */
    public static SourceClient create(HttpOptions options) throws HttpException {
        return create(options, DestinationPolicy.PUBLIC);
    }

    /**
     * A client for these options that contacts only the destinations the policy allows (checked for every
     * request and redirect hop, after DNS resolution). {@link #create(HttpOptions)} allows public addresses only.
     *
     * @throws HttpException ({@link HttpException.Reason#CONFIG}) if the TLS settings cannot be applied
     */
    public static SourceClient create(HttpOptions options, DestinationPolicy destinations) throws HttpException {
        java.util.Objects.requireNonNull(destinations, "destinations");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(Tls.context(options.tlsVerify(), options.caFile(), options.configFile()))
                .build();
        return new SourceClient(client, options, destinations);
    }

    public HttpOptions options() {
        return options;
    }

    public DestinationPolicy destinations() {
        return destinations;
    }

    /** Sends the call and reads the whole body (up to the size limit). */
    public HttpResult send(HttpCall call) throws HttpException {
        return send(call, (head, in) -> new HttpResult(head, in.readAllBytes()));
    }

    /**
     * Sends the call and hands the streaming body to the reader. Transport failures while reading
     * (timeout, size limit, broken connection, interrupt) become {@link HttpException}s, even when the
     * reader caught the {@link IOException} and threw its own type; other failures of the reader pass through.
     */
    public <T, E extends Exception> T send(HttpCall call, BodyReader<T, E> reader) throws HttpException, E {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
        Duration timeout = call.timeout() != null ? call.timeout() : options.readTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = call.uri();
        String method = call.method();
        for (int hop = 0;; hop++) {
            long start = System.nanoTime();
            destinations.check(uri);
            HttpResponse<InputStream> resp = awaitHead(request(call, method, uri, timeout), uri, deadline, timeout);
            try {
                // again, now that the connection exists: a host that changed its DNS answer between the
                // first check and the connection (DNS rebinding) is caught here, before any body is read
                destinations.check(uri);
            } catch (HttpException e) {
                ((StreamingBody) resp.body()).close();
                throw e;
            }
            ResponseHead head = new ResponseHead(uri, resp.statusCode(), resp.headers());
            if (logger.isDebugEnabled()) {
                logger.debug("{} {} -> {} ({} ms)", method, Redaction.uri(uri), head.status(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            if (head.isRedirect() && hop < call.maxRedirects() && "GET".equals(method)
                    && head.header("Location").isPresent()) {
                ((StreamingBody) resp.body()).close();
                uri = redirectTarget(call, uri, head.header("Location").get());
                continue;
            }
            return readBody(head, resp.body(), deadline, timeout, reader);
        }
    }

    private static URI redirectTarget(HttpCall call, URI from, String location) throws HttpException {
        URI next;
        try {
            next = HttpCall.checkedUri(from.resolve(location.trim()).toString());
        } catch (IllegalArgumentException e) {
            throw new HttpException(HttpException.Reason.INVALID_REQUEST,
                    Redaction.uri(from) + " redirected to an invalid URL.");
        }
        if (!call.redirectAllowed().test(next)) {
            throw new HttpException(HttpException.Reason.INVALID_REQUEST,
                    Redaction.uri(from) + " redirected to " + Redaction.uri(next) + ", which is not allowed.");
        }
        return next;
    }

    private HttpRequest request(HttpCall call, String method, URI uri, Duration timeout) throws HttpException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
            boolean encoding = false;
            for (Map.Entry<String, String> h : call.headers().entrySet()) {
                b.header(h.getKey(), h.getValue());
                encoding |= h.getKey().equalsIgnoreCase("Accept-Encoding");
            }
            if (!encoding) {
                b.header("Accept-Encoding", "gzip");
            }
            byte[] body = call.body();
            if ("GET".equals(method) || body == null && !"POST".equals(method)) {
                b.GET();
            } else {
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            // a header value from user input (e.g. a token with a line break); its text may hold the secret
            throw new HttpException(HttpException.Reason.INVALID_REQUEST,
                    "The request to " + Redaction.uri(uri) + " could not be built: a header value is invalid.");
        }
    }

    private HttpResponse<InputStream> awaitHead(HttpRequest req, URI uri, long deadline, Duration timeout)
            throws HttpException {
        CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(req,
                info -> new StreamingBody(deadline, options.maxResponseBytes()));
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw timedOut(uri, timeout);
        } catch (ExecutionException e) {
            throw classify(e.getCause(), uri, timeout);
        }
    }

    private <T, E extends Exception> T readBody(ResponseHead head, InputStream raw, long deadline,
            Duration timeout, BodyReader<T, E> reader) throws HttpException, E {
        StreamingBody body = (StreamingBody) raw;
        long declared = head.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > options.maxResponseBytes()) {
            body.close();
            throw tooLarge(head.uri());
        }
        try (InputStream in = decoded(head, body)) {
            return reader.read(head, in);
        } catch (IOException e) {
            throw transportFailure(body, e, head.uri(), timeout);
        } catch (Exception e) {
            if (body.failed() || Thread.currentThread().isInterrupted()) {
                throw transportFailure(body, null, head.uri(), timeout);
            }
            throw e;
        } finally {
            body.close();
        }
    }

    private static InputStream decoded(ResponseHead head, StreamingBody body) throws IOException {
        String enc = head.header("Content-Encoding").orElse("").trim();
        return enc.equalsIgnoreCase("gzip") ? body.limitDecoded(new GZIPInputStream(body, 8192)) : body;
    }

    private HttpException transportFailure(StreamingBody body, IOException e, URI uri, Duration timeout) {
        if (Thread.currentThread().isInterrupted()) {
            return interrupted();
        }
        if (body.expired()) {
            return timedOut(uri, timeout);
        }
        if (body.tooLarge()) {
            return tooLarge(uri);
        }
        Throwable cause = body.error() != null ? body.error() : e;
        String detail = cause == null || cause.getMessage() == null ? ""
                : " (" + Redaction.snippet(cause.getMessage(), 120) + ")";
        return new HttpException(HttpException.Reason.IO, "The connection to " + Redaction.uri(uri)
                + " broke before the complete answer arrived" + detail + ".", cause);
    }

    private HttpException classify(Throwable t, URI uri, Duration timeout) {
        String where = Redaction.uri(uri);
        String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        if (t instanceof HttpConnectTimeoutException) {
            return new HttpException(HttpException.Reason.CONNECT, "Could not connect to " + host + " within "
                    + seconds(options.connectTimeout()) + " (connect.timeout.seconds in " + options.configFile()
                    + ").", t);
        }
        if (t instanceof HttpTimeoutException) {
            return timedOut(uri, timeout);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return new HttpException(HttpException.Reason.TLS, "The TLS handshake with " + host + " failed ("
                        + Redaction.snippet(String.valueOf(c.getMessage()), 160) + "). If the server's certificate"
                        + " comes from a private CA, add that CA with tls.ca.file in " + options.configFile() + ".",
                        t);
            }
            if (c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
                return new HttpException(HttpException.Reason.CONNECT,
                        "Could not connect to " + host + ": unknown host.", t);
            }
        }
        if (t instanceof ConnectException) {
            return new HttpException(HttpException.Reason.CONNECT, "Could not connect to " + host
                    + (t.getMessage() == null ? "" : " (" + Redaction.snippet(t.getMessage(), 120) + ")") + ".", t);
        }
        if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            return interrupted();
        }
        return new HttpException(HttpException.Reason.IO, "The request to " + where + " failed"
                + (t == null || t.getMessage() == null ? "" : " (" + Redaction.snippet(t.getMessage(), 120) + ")")
                + ".", t);
    }

    private HttpException timedOut(URI uri, Duration timeout) {
        return new HttpException(HttpException.Reason.TIMEOUT, "No complete answer from " + Redaction.uri(uri)
                + " within " + seconds(timeout) + " (read.timeout.seconds in " + options.configFile() + ").");
    }

    private HttpException tooLarge(URI uri) {
        return new HttpException(HttpException.Reason.TOO_LARGE, "The answer of " + Redaction.uri(uri)
                + " is larger than the limit of " + megabytes(options.maxResponseBytes())
                + " MB (max.response.megabytes in " + options.configFile() + ").");
    }

    private static HttpException interrupted() {
        return new HttpException(HttpException.Reason.INTERRUPTED, "The request was cancelled.");
    }

    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    private static String megabytes(long bytes) {
        double mb = bytes / (double) (1 << 20);
        return mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(java.util.Locale.ROOT, "%.2f", mb);
    }
}
