/**
 * What a node reports for its metrics ({@code GET /metrics}, bundle fractalis-metrics) and what its access and
 * audit logs may say about a session. Core and the REST API call {@link org.fractalis.api.metrics.Metrics} when it is
 * there (an optional service: without the metrics bundle nothing is recorded), so they do not depend on a metrics
 * library; components with levels to report (jobs running, store size) register a
 * {@link org.fractalis.api.metrics.GaugeSource}.
 */
@Export
@Version("1.0.0")
package org.fractalis.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
