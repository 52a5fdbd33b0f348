package org.fractalis.metrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.fractalis.api.metrics.GaugeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Asks every registered {@link GaugeSource} at scrape time and turns the answers into gauges. A source that throws
 * or reports a malformed gauge is left out of this scrape (logged at DEBUG) instead of failing the whole scrape.
 */
final class GaugeCollector implements MultiCollector {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private final Logger logger = LoggerFactory.getLogger(GaugeCollector.class);
    private final Supplier<List<GaugeSource>> sources;

    GaugeCollector(Supplier<List<GaugeSource>> sources) {
        this.sources = sources;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (GaugeSource source : sources.get()) {
            try {
                source.sample((name, help, value, labels) -> add(families, name, help, value, labels));
            } catch (RuntimeException e) {
                logger.debug("A gauge source failed: {}", e.toString());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        for (Family f : families.values()) {
            out.add(new GaugeSnapshot(new MetricMetadata(f.name, f.help), f.points));
        }
        return new MetricSnapshots(out);
    }

    private static void add(Map<String, Family> families, String name, String help, double value, String[] labels) {
        if (name == null || !NAME.matcher(name).matches() || labels.length % 2 != 0) {
            throw new IllegalArgumentException("malformed gauge " + name);
        }
        Labels l = labels.length == 0 ? Labels.EMPTY : Labels.of(labels);
        Family f = families.computeIfAbsent(name, n -> new Family(n, help == null ? n : help));
        if (!f.seen.add(l) || !f.names.equals(names(labels)) && !f.points.isEmpty()) {
            throw new IllegalArgumentException("gauge " + name + " reported twice or with other label names");
        }
        f.names = names(labels);
        f.points.add(new GaugeDataPointSnapshot(value, l, null));
    }

    private static List<String> names(String[] labels) {
        List<String> n = new ArrayList<>(labels.length / 2);
        for (int i = 0; i < labels.length; i += 2) {
            n.add(labels[i]);
        }
        return n;
    }

    private static final class Family {
        final String name;
        final String help;
        final List<GaugeDataPointSnapshot> points = new ArrayList<>();
        final Set<Labels> seen = new HashSet<>();
        List<String> names = Arrays.asList();

        Family(String name, String help) {
            this.name = name;
            this.help = help;
        }
    }
}
