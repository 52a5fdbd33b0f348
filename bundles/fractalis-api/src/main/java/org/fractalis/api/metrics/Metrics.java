package org.fractalis.api.metrics;

import org.fractalis.api.backend.JobMessage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Events of this node, counted for {@code GET /metrics}. Implemented by the metrics bundle; callers reference it
 * optionally and dynamically and call it on hot paths, so every method is cheap, thread-safe and never throws. Label
 * values must come from small sets (plugin names, route templates, never ids): each distinct value is a time series.
 */
@ProviderType
public interface Metrics {

    /** Outcome label of a job that was given up before or while running on this node (neither state written). */
    String OUTCOME_REQUEUED = "requeued";

    /**
     * A job ran on this node.
     *
     * @param kind ETL or ANALYTICS
     * @param plugin the handler or task name
     * @param outcome {@code success}, {@code failure}, {@code revoked} or {@link #OUTCOME_REQUEUED}
     * @param waitedMillis from submission until it started here
     * @param ranNanos how long it ran here
     */
    void jobEnded(JobMessage.Kind kind, String plugin, String outcome, long waitedMillis, long ranNanos);

    /** An ETL of this node stored a variable: its rows and the bytes it takes in the store. */
    void etlLoaded(String handler, long rows, long bytes);

    /**
     * An HTTP request was answered.
     *
     * @param method the request method (one of the few the node serves, else {@code OTHER})
     * @param route the route template ({@code /data/{id}}), never the raw path
     * @param status the status code
     * @param nanos from the request's arrival at the filter until the answer was complete
     */
    void httpRequest(String method, String route, int status, long nanos);

    /**
     * A backend (Redis store, RabbitMQ queue) failed an operation ({@code event = "error"}) or connected again
     * ({@code "reconnect"}).
     */
    void backendEvent(String backend, String event);
}
