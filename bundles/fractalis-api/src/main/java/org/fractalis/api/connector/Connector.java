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
     * Extracts and transforms one variable. The frame must be of {@link #kind(Map)}; core checks its
     * integrity afterwards. Long-running implementations should stop when the thread is interrupted
     * (the job was cancelled).
     *
     * @throws ConnectorException for failures the user should read; its {@link ConnectorException#phase()}
     *     says whether extraction or transformation failed
     */
    Frame load(EtlRequest request) throws ConnectorException;
}
