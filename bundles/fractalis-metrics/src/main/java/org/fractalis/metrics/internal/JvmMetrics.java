package org.fractalis.metrics.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Heap and non-heap memory, garbage collection and threads from the JDK's platform MXBeans, read at scrape time
 * (the names follow the Prometheus Java client's JVM metrics). Written on the client's callback metrics rather
 * than its {@code instrumentation-jvm} module, which imports {@code com.sun.management}: a package Karaf's system
 * bundle does not export, so that module does not resolve in the distribution as shipped.
 */
final class JvmMetrics {
    private JvmMetrics() {
    }

    static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used bytes of heap and non-heap memory")
                .labelNames("area").callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_committed_bytes")
                .help("Committed bytes of heap and non-heap memory").labelNames("area").callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getCommitted(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getCommitted(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes")
                .help("Largest bytes of heap and non-heap memory (-1 when undefined)").labelNames("area")
                .callback(cb -> {
                    MemoryUsage heap = memory.getHeapMemoryUsage();
                    cb.call(heap.getMax(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getMax(), "nonheap");
                }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collections_total").help("Collections of each garbage collector")
                .labelNames("gc").callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        cb.call(Math.max(0, gc.getCollectionCount()), gc.getName());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds_total")
                .help("Time spent in each garbage collector").labelNames("gc").callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        cb.call(Math.max(0, gc.getCollectionTime()) / 1000.0, gc.getName());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_current").help("Live threads")
                .callback(cb -> cb.call(threads.getThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_daemon").help("Live daemon threads")
                .callback(cb -> cb.call(threads.getDaemonThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_peak").help("Most live threads since the JVM started")
                .callback(cb -> cb.call(threads.getPeakThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_available_processors").help("Processors the JVM may use")
                .callback(cb -> cb.call(Runtime.getRuntime().availableProcessors())).register(registry);
    }
}
