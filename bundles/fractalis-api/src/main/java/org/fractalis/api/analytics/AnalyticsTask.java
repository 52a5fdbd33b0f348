package org.fractalis.api.analytics;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One analytics method, e.g. {@code compute-correlation}.
 *
 * <p>Register it as an OSGi service with the property {@link #NAME} (use {@link AnalyticsTaskName}).
 * Core resolves the data references in the arguments before calling {@link #run}: an argument whose
 * value was a reference is a {@link org.fractalis.api.data.Frame}, a list of references is a
 * {@code List<Frame>}; every other argument is plain JSON as Java objects.
 *
 * <p>The result is a JSON object as Java objects: {@code Map<String, ?>} (keep insertion order),
 * {@code List}, arrays of primitives or strings, {@code String}, {@code Number}, {@code Boolean},
 * {@code null}, and {@link JsonText} for a field that the client expects as a JSON string. Non-finite
 * doubles are written as {@code null}. Implementations must be thread-safe (one instance serves
 * concurrent jobs) and should stop when the thread is interrupted (the job was cancelled).
 */
@ConsumerType
public interface AnalyticsTask {

    /** Service property (String): the task name the front-end sends as {@code task_name}. */
    String NAME = "fractalis.analytics.task";

    /**
     * Runs the analysis.
     *
     * @throws AnalyticsException for failures the user should read on the chart
     */
    Map<String, Object> run(TaskArgs args) throws AnalyticsException;
}
