package org.fractalis.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component with levels to report (jobs running, entries in the store): registered as a service, it is asked at
 * every scrape of {@code GET /metrics}. It must answer quickly (no scans of a remote store).
 */
@ConsumerType
public interface GaugeSource {

    /** Reports the current values. */
    void sample(Sink sink);

    /** Where values go. */
    @FunctionalInterface
    interface Sink {
        /**
         * One value of a gauge.
         *
         * @param name a Prometheus metric name ({@code fractalis_jobs_running}); every call for a name must pass the
         *     same help and label names
         * @param help what it measures
         * @param value the value
         * @param labels label names and values, alternating ({@code "kind", "etl"})
         */
        void gauge(String name, String help, double value, String... labels);
    }
}
