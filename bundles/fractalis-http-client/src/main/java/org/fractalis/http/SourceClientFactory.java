package org.fractalis.http;

import java.util.List;

/**
 * The data sources an operator configured (one factory configuration each, {@code etc/org.fractalis.source-<name>.cfg}),
 * as clients for connectors: the guard that decides which servers a user may name for a handler. A DS service of
 * this bundle; connectors {@code @Reference} it.
 *
 * <ul>
 * <li>When sources are configured for a handler, a user names one by its configured name or by a URL under its
 * base URL; every other server is refused ({@link HttpException.Reason#FORBIDDEN_DESTINATION}, a message listing
 * the allowed sources by name).</li>
 * <li>With none configured for the handler, any server on a public address is accepted (loopback, private,
 * link-local, metadata and other non-public addresses are refused, see {@link DestinationPolicy}) with the
 * connector's default options; the log warns once per handler.</li>
 * </ul>
 */
public interface SourceClientFactory {
    /** The factory PID of a data source configuration. */
    String FACTORY_PID = "org.fractalis.source";

    /**
     * The source a user named for a handler.
     *
     * @param handler the connector's handler, e.g. {@code ada}
     * @param server what the user sent: a configured source's name or a URL
     * @param defaults the connector's options, used where the source configures no value (and for every request
     *     when no source is configured for the handler)
     * @throws HttpException {@link HttpException.Reason#FORBIDDEN_DESTINATION} for a server that is not a source
     *     of this handler, {@link HttpException.Reason#INVALID_REQUEST} for a malformed URL,
     *     {@link HttpException.Reason#CONFIG} for a source whose configuration is unusable
     */
    Source source(String handler, String server, HttpOptions defaults) throws HttpException;

    /** Names of the sources configured for a handler (sorted; empty: any public server is accepted). */
    List<String> sourceNames(String handler);

    /**
     * A resolved source.
     *
     * @param name the configured name, or null when no source is configured for the handler
     * @param url the URL to use: the configured base URL when the user named the source, else the user's URL
     *     (trailing slash removed)
     * @param client the client for this source (checks every request and redirect against it)
     * @param loginTimeout longest time for the complete answer of a login or token request
     */
    record Source(String name, String url, SourceClient client, java.time.Duration loginTimeout) {
    }
}
