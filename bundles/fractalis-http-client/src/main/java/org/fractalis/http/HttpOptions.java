package org.fractalis.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SourceClient} talks to a source. Immutable.
 *
 * @param connectTimeout longest time to open a connection (TCP and TLS handshake)
 * @param readTimeout longest time from sending a request to having read the complete answer; a call may
 *     override it ({@link HttpCall#timeout(Duration)})
 * @param maxResponseBytes largest answer body accepted (after gzip decoding); larger answers fail with
 *     {@link HttpException.Reason#TOO_LARGE}
 * @param tlsVerify whether server certificates and host names are checked (keep {@code true} outside tests)
 * @param caFile a PEM file with extra trusted CA certificates (added to the JDK's), or null/blank for none
 * @param configPid the configuration PID named in error hints (e.g. {@code org.fractalis.connector.ada}),
 *     or null
 */
public record HttpOptions(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, boolean tlsVerify,
        String caFile, String configPid) {

    /** 10 s to connect, 60 s to answer, 64 MB, TLS verified, no extra CAs. */
    public static final HttpOptions DEFAULTS = new HttpOptions(Duration.ofSeconds(10), Duration.ofSeconds(60),
            64L << 20, true, null, null);

    public HttpOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }

    /**
     * Options from the usual connector configuration keys ({@code connect.timeout.seconds},
     * {@code read.timeout.seconds}, {@code max.response.megabytes}, {@code tls.verify}, {@code tls.ca.file}).
     * Non-positive numbers fall back to the defaults given here.
     */
    public static HttpOptions of(String configPid, double connectSeconds, double readSeconds, double maxMegabytes,
            boolean tlsVerify, String caFile) {
        return new HttpOptions(duration(connectSeconds, 10), duration(readSeconds, 60),
                maxMegabytes > 0 ? (long) Math.min(maxMegabytes * (1 << 20), Long.MAX_VALUE / 2) : 64L << 20,
                tlsVerify, caFile == null || caFile.isBlank() ? null : caFile.trim(), configPid);
    }

    /** A configured number of seconds as a duration (millisecond precision); non-positive gives the fallback. */
    public static Duration duration(double s, long fallback) {
        return s > 0 ? Duration.ofMillis(Math.max(1, Math.round(s * 1000))) : Duration.ofSeconds(fallback);
    }

    public HttpOptions withReadTimeout(Duration d) {
        return new HttpOptions(connectTimeout, d, maxResponseBytes, tlsVerify, caFile, configPid);
    }

    public HttpOptions withConnectTimeout(Duration d) {
        return new HttpOptions(d, readTimeout, maxResponseBytes, tlsVerify, caFile, configPid);
    }

    public HttpOptions withMaxResponseBytes(long n) {
        return new HttpOptions(connectTimeout, readTimeout, n, tlsVerify, caFile, configPid);
    }

    public HttpOptions withTls(boolean verify, String caFile) {
        return new HttpOptions(connectTimeout, readTimeout, maxResponseBytes, verify, caFile, configPid);
    }

    public HttpOptions withConfigPid(String pid) {
        return new HttpOptions(connectTimeout, readTimeout, maxResponseBytes, tlsVerify, caFile, pid);
    }

    /** Where an operator changes these options, for error hints: {@code etc/<pid>.cfg}. */
    String configFile() {
        // a data source's PID (org.fractalis.source~<name>) lives in etc/org.fractalis.source-<name>.cfg
        return configPid == null ? "the connector's configuration" : "etc/" + configPid.replaceFirst("~", "-") + ".cfg";
    }
}
