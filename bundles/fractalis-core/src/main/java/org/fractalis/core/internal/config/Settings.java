package org.fractalis.core.internal.config;

import java.time.Duration;
import java.util.Map;

import org.fractalis.api.config.TypedConfig;
import org.fractalis.core.internal.CoreServices;

/**
 * Core settings from the {@code org.fractalis.core} configuration ({@link CoreServices.Config}: keys, defaults,
 * ranges; {@code FRACTALIS_<KEY>} environment overrides are applied by the configuration plugin).
 *
 * @param jobMemoryBytes bytes the jobs running at once on this node may use together (admission budget)
 * @param analyticsMemoryFactor an analysis is assumed to need this many times the size of its input frames
 * @param resultMaxBytes largest analytics result (JSON) that is stored; larger ones fail
 * @param sessionMaxBytes cached data (stored frames) one session may hold
 * @param sessionMaxJobs jobs (loads and analyses) one session may have queued or running
 * @param cacheChunkBytes largest stored value of a cached frame (frames are stored in chunks of this size)
 * @param loginTimeout how long a data source's login may take on a request thread
 * @param loginConcurrency logins to data sources that may run at once on this node
 */
public record Settings(Duration dataLifetime, Duration sessionLifetime, Duration resultLifetime,
        Duration taskTimeLimit, boolean encryptCache, String secret, int maxDescriptors, long jobMemoryBytes,
        double analyticsMemoryFactor, long resultMaxBytes, long sessionMaxBytes, int sessionMaxJobs,
        Duration loginTimeout, int loginConcurrency, int cacheChunkBytes) {

    public static final String PID = "org.fractalis.core";
    /** The default store.target and queue.target: the store and queue in this JVM. */
    public static final String EMBEDDED = "(fractalis.backend=embedded)";

    private static final long MIB = 1L << 20;

    /** The defaults of the metatype (unit tests). */
    public static Settings defaults() {
        return from(Map.of());
    }

    /** The default job memory budget: half of the heap this JVM may grow to. */
    public static long defaultJobMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** From a raw map, with the metatype's defaults (unit tests). */
    public static Settings from(Map<String, ?> config) {
        return from(TypedConfig.of(CoreServices.Config.class, config));
    }

    /**
     * From the component's configuration. Types, ranges and FRACTALIS_&lt;KEY&gt; were applied before (bundle
     * fractalis-config); the defaults are those of {@link CoreServices.Config}, written nowhere else.
     */
    public static Settings from(CoreServices.Config c) {
        return new Settings(Duration.ofSeconds(c.data_lifetime()), Duration.ofSeconds(c.session_lifetime()),
                Duration.ofSeconds(c.result_lifetime()), Duration.ofSeconds(c.task_time_limit()), c.encrypt_cache(),
                c.secret() == null ? "" : c.secret().trim(), c.max_descriptors(),
                c.job_memory_megabytes() > 0 ? c.job_memory_megabytes() * MIB : defaultJobMemoryBytes(),
                c.analytics_memory_factor(), c.result_max_megabytes() * MIB, c.session_max_megabytes() * MIB,
                c.session_max_jobs(), Duration.ofSeconds(c.login_timeout()), c.login_concurrency(),
                c.cache_chunk_kilobytes() << 10);
    }

    @Override
    public String toString() {
        return "Settings[dataLifetime=" + dataLifetime + ", sessionLifetime=" + sessionLifetime + ", resultLifetime="
                + resultLifetime + ", taskTimeLimit=" + taskTimeLimit + ", encryptCache=" + encryptCache
                + ", secret=" + (secret.isEmpty() ? "unset" : "set") + ", jobMemory=" + jobMemoryBytes / MIB
                + " MiB, resultMax=" + resultMaxBytes / MIB + " MiB, sessionMax=" + sessionMaxBytes / MIB
                + " MiB / " + sessionMaxJobs + " jobs, login=" + loginTimeout.toSeconds() + " s x "
                + loginConcurrency + ", cacheChunk=" + (cacheChunkBytes >> 10) + " KiB]";
    }
}
