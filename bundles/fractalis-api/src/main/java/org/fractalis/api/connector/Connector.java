package org.fractalis.api.connector;

import java.util.Map;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A data-source connector (the original's ETL handler): turns a descriptor into a {@link Frame}.
 *
 * <p>Register one instance per handler as an OSGi service with the property {@link #HANDLER}
 * (use {@link ConnectorHandler}). The registry in core picks it up and drops it dynamically, so a
 * connector bundle can be installed into or removed from a running node.
 *
 * <p>Descriptors and auth objects are JSON values as plain Java objects: {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 *
 * <p>{@link #kind}, {@link #label} and {@link #login} run when {@code POST /data} arrives (bad requests
 * fail fast with HTTP 400); {@link #load} runs later on a worker. Implementations must be thread-safe
 * and must not log tokens or passwords.
 *
 * <p>The frame {@link #load} returns must follow the rules of {@link org.fractalis.api.data.FrameRules}: its kind is
 * the one {@link #kind} announced; a numerical or categorical frame has each id once and exactly one feature (the
 * variable's name); a numerical_array frame has each (id, feature) pair once. Missing values are {@code NaN} or
 * {@code null}. Core checks this after every load and fails the load with a message naming the violated rule; the
 * connector testkit ({@code fractalis-connector-testkit}) runs the same checks in a unit test.
 *
 * <p>Connectors that fetch over HTTP should use {@code fractalis-http-client}'s {@code SourceClient}: it applies
 * the node's timeouts, size cap, TLS settings and destination policy (private and loopback addresses are refused
 * unless allowed), so a client-supplied server URL cannot reach the node's internal network.
 */
@ConsumerType
public interface Connector {

    /** Service property (String): the handler name the front-end sends, e.g. {@code demo_tcga_coad}. */
    String HANDLER = "fractalis.connector.handler";

    /**
     * Obtains a token from credentials. Called only when the auth object has no non-empty
     * {@code token}. The default refuses: the source needs a token.
     *
     * @param server the data source URL, without a trailing slash
     * @param auth the auth object as posted
     * @return the token to pass to {@link #load}
     * @throws ConnectorException with the reason the user should read
     */
    default String login(String server, Map<String, Object> auth) throws ConnectorException {
        throw new ConnectorException("The authentication object must contain a non-empty 'token'.");
    }

    /**
     * The kind of data a descriptor yields.
     *
     * @throws ConnectorException if the descriptor is not one this connector can load
     */
    DataKind kind(Map<String, Object> descriptor) throws ConnectorException;

    /**
     * The label shown in the front-end's data box.
     *
     * @throws ConnectorException if the descriptor lacks what the label is made of
     */
    String label(Map<String, Object> descriptor) throws ConnectorException;

    /**
     * Extracts and transforms one variable. The frame must be of {@link #kind(Map)} and follow the rules of
     * {@link org.fractalis.api.data.FrameRules} (unique ids and one feature for numerical and categorical, unique
     * (id, feature) pairs for numerical_array); core checks them afterwards. Long-running implementations should
     * stop when the thread is interrupted (the job was cancelled): check {@link Thread#isInterrupted()} between
     * pages and let {@link InterruptedException} or an interrupted I/O end the load.
     *
     * @throws ConnectorException for failures the user should read; its {@link ConnectorException#phase()}
     *     says whether extraction or transformation failed
     */
    Frame load(EtlRequest request) throws ConnectorException;

    /**
     * How many values (rows of id, feature, value) {@link #load} will produce for a descriptor, if the connector
     * can tell before loading (e.g. from the descriptor or a cheap count at the source). Core uses it to refuse a
     * load that cannot fit in the node's memory before it starts. Must be cheap and must not contact a slow source.
     *
     * @return the number of values, or -1 when unknown (the default)
     * @since 1.1
     */
    default long estimateValues(Map<String, Object> descriptor) {
        return -1;
    }
}
