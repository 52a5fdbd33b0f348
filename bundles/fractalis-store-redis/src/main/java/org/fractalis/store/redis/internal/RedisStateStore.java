package org.fractalis.store.redis.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.metrics.Metrics;
import org.fractalis.api.backend.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.redisson.Redisson;
import org.redisson.api.AsyncIterator;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on Redis, through Redisson. Values are opaque bytes ({@link ByteArrayCodec}); every key gets
 * the configured prefix. Every call has a hard deadline, so an unreachable Redis makes calls fail fast with
 * {@link BackendUnavailableException}; Redisson reconnects by itself when Redis is back.
 *
 * <p>{@link #update} is an optimistic compare-and-set: read the value, compute the new one, then a Lua script
 * writes it (with its time to live, in the same step) only if the value is still the one read; on contention
 * it starts again.
 */
@Component(service = StateStore.class, property = StateStore.BACKEND + "=redis",
        configurationPid = "org.fractalis.store.redis")
@Designate(ocd = RedisStateStore.Settings.class)
public final class RedisStateStore implements StateStore {

    @ObjectClassDefinition(name = "Fractalis Redis store",
            description = "State store of a distributed deployment (sessions, job states, results, frames). Every "
                    + "key can be overridden by FRACTALIS_<KEY> (dots as underscores), e.g. FRACTALIS_REDIS_URL; a "
                    + "value outside its range is refused and the last valid one stays.")
    public @interface Settings {
        @AttributeDefinition(description = "Redis address, redis://host:port or rediss://host:port "
                + "(FRACTALIS_REDIS_URL)")
        String redis_url() default "redis://127.0.0.1:6379";

        @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
                description = "Redis password (FRACTALIS_REDIS_PASSWORD; never written to etc/); empty: none")
        String redis_password() default "";

        @AttributeDefinition(description = "Milliseconds to establish a connection (1 to 60000)", min = "1",
                max = "60000")
        int connect_timeout_ms() default 500;

        @AttributeDefinition(description = "Milliseconds to wait for an answer; a call fails after that (1 to "
                + "60000)", min = "1", max = "60000")
        int response_timeout_ms() default 800;

        @AttributeDefinition(description = "Prefix of every key, so several deployments can share one Redis",
                required = false)
        String key_prefix() default "fractalis:";
    }

    /**
     * Compare-and-set in one step. KEYS[1] = key. ARGV[1] = "1" if a value was read, "0" if the key was absent;
     * ARGV[2] = the value read; ARGV[3] = "1" to write, "0" to delete; ARGV[4] = new value; ARGV[5] = ttl ms.
     * Returns {1} if applied, or {0, current value (nil when absent)} if the value changed meanwhile, so the next
     * round needs no extra read. SET ... PX sets value and time to live together (a plain SET would drop the ttl).
     */
    static final String CAS_SCRIPT = String.join("\n",
            "local cur = redis.call('GET', KEYS[1])",
            "if ARGV[1] == '1' then",
            "  if cur ~= ARGV[2] then return {0, cur} end",
            "elseif cur then return {0, cur} end",
            "if ARGV[3] == '1' then",
            "  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])",
            "else",
            "  redis.call('DEL', KEYS[1])",
            "end",
            "return {1}");

    /** More than this many lost compare-and-set rounds in one call is treated as an overload. */
    private static final int MAX_ROUNDS = 10_000;
    /** Upper bound of a time to live: Redis refuses expiries that overflow; 100 years is forever here. */
    private static final long MAX_TTL_MS = 100L * 365 * 24 * 3600 * 1000;
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};
    private static final byte[] EMPTY = {};

    private final Logger logger = LoggerFactory.getLogger(RedisStateStore.class);
    private final RedissonClient redisson;
    private final String prefix;
    private final long deadlineMs;

    @Activate
    public RedisStateStore(Settings settings) {
        this(Connection.of(settings));
    }

    /** For tests and tools: a store on explicit connection settings. */
    public RedisStateStore(Connection connection) {
        this.prefix = connection.keyPrefix();
        // a little over Redisson's own timeouts, so that its precise error wins; 950 ms with the defaults
        this.deadlineMs = Math.max(connection.connectTimeoutMs(), connection.responseTimeoutMs()) + 150L;
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.setUseThreadClassLoader(false); // OSGi: codecs must not use the caller's (e.g. Jetty's) loader
        config.setLazyInitialization(true); // activate even while Redis is down; connect on first use
        config.setNettyThreads(4);
        SingleServerConfig server = config.useSingleServer()
                .setAddress(connection.url())
                .setConnectTimeout(connection.connectTimeoutMs())
                .setTimeout(connection.responseTimeoutMs())
                .setRetryAttempts(0) // fail fast; callers decide (503)
                .setReconnectionDelay(new ConstantDelay(Duration.ofMillis(500)))
                .setPingConnectionInterval(5000)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(32)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setSubscriptionConnectionPoolSize(1);
        if (connection.password() != null && !connection.password().isEmpty()) {
            server.setPassword(connection.password());
        }
        config.setConnectionListener(new org.redisson.connection.ConnectionListener() {
            @Override
            public void onConnect(java.net.InetSocketAddress addr) {
                if (lost) { // the pool opens connections all the time; only the first after a loss is a reconnect
                    lost = false;
                    event("reconnect");
                }
            }

            @Override
            public void onDisconnect(java.net.InetSocketAddress addr) {
                lost = true;
            }
        });
        this.redisson = Redisson.create(config);
        logger.info("Redis state store on {} (key prefix '{}')", redact(connection.url()), prefix);
    }

    /**
     * Connection settings after the environment is applied.
     *
     * @param url the Redis address
     * @param password the password or null
     * @param connectTimeoutMs connect timeout
     * @param responseTimeoutMs response timeout
     * @param keyPrefix prefix of every key
     */
    public record Connection(String url, String password, int connectTimeoutMs, int responseTimeoutMs,
            String keyPrefix) {

        @Override
        public String toString() { // never print the password
            return "Connection[url=" + redact(url) + ", connectTimeoutMs=" + connectTimeoutMs
                    + ", responseTimeoutMs=" + responseTimeoutMs + ", keyPrefix=" + keyPrefix + "]";
        }

        /** The configuration (FRACTALIS_&lt;KEY&gt; and ranges were applied by the plugin of fractalis-config). */
        public static Connection of(Settings s) {
            return new Connection(s.redis_url().trim(), s.redis_password() == null ? "" : s.redis_password().trim(),
                    s.connect_timeout_ms(), s.response_timeout_ms(), s.key_prefix() == null ? "" : s.key_prefix());
        }
    }

    @Deactivate
    public void close() {
        redisson.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(await(() -> bucket(key).getAsync()));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        await(() -> bucket(key).setAsync(value, Duration.ofMillis(ttlMs(ttl))), value.length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return Boolean.TRUE.equals(await(() -> bucket(key).setIfAbsentAsync(value, Duration.ofMillis(ttlMs(ttl))),
                value.length));
    }

    @Override
    public byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl) {
        String full = prefix + key;
        byte[] px = Long.toString(ttlMs(ttl)).getBytes(StandardCharsets.US_ASCII);
        RScript script = redisson.getScript(ByteArrayCodec.INSTANCE);
        byte[] current = await(() -> bucket(key).getAsync());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            byte[] next = update.apply(current == null ? null : current.clone());
            if (next == null && current == null) {
                return null; // nothing to delete, nothing written
            }
            byte[] read = current;
            List<Object> reply = await(() -> script.evalAsync(full, RScript.Mode.READ_WRITE, CAS_SCRIPT,
                    RScript.ReturnType.MULTI, List.of(full),
                    read == null ? ZERO : ONE, read == null ? EMPTY : read,
                    next == null ? ZERO : ONE, next == null ? EMPTY : next, px));
            if (reply == null || reply.isEmpty()) {
                throw new BackendUnavailableException("The state store (Redis) failed: no answer to an update.");
            }
            if (reply.get(0) instanceof Number n && n.longValue() == 1L) {
                return next;
            }
            current = reply.size() > 1 && reply.get(1) instanceof byte[] b ? b : null;
            backOff(round);
        }
        throw new BackendUnavailableException("The state store (Redis) is overloaded: too many concurrent updates of "
                + "one entry.");
    }

    @Override
    public boolean delete(String key) {
        return Boolean.TRUE.equals(await(() -> bucket(key).deleteAsync()));
    }

    @Override
    public List<String> keys(String keyPrefix) {
        // the synchronous iterable follows the SCAN cursor to its end; the async iterator stopped at the first
        // page without a match, so large databases lost keys (and the cluster directory its nodes)
        List<String> out = new ArrayList<>();
        try {
            for (String k : redisson.getKeys().getKeys(KeysScanOptions.defaults()
                    .pattern(globEscape(prefix + keyPrefix) + "*").chunkSize(1000))) {
                if (k != null && k.startsWith(prefix)) {
                    out.add(k.substring(prefix.length()));
                }
            }
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return out;
    }

    private RBucket<byte[]> bucket(String key) {
        return redisson.getBucket(prefix + key, ByteArrayCodec.INSTANCE);
    }

    /**
     * Sends a command and waits for its answer, at most the deadline; every failure to get one becomes a 503
     * (Redisson may also throw at once, e.g. when it cannot connect).
     */
    private <T> T await(Supplier<? extends CompletionStage<T>> command) {
        return await(command, 0);
    }

    /**
     * The same for a command that sends {@code bytes} to Redis: the deadline grows by 20 ms per MB (50 MB/s), so
     * that writing a large cached matrix is not mistaken for an outage while small calls still fail fast.
     */
    private <T> T await(Supplier<? extends CompletionStage<T>> command, long bytes) {
        long deadline = deadlineMs + bytes / 50_000;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline);
        while (true) {
            CompletableFuture<T> f;
            try {
                f = command.get().toCompletableFuture();
            } catch (RuntimeException e) {
                throw translate(e);
            }
            try {
                return f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                f.cancel(false);
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("Interrupted while waiting for the state store (Redis).", e);
            } catch (TimeoutException e) {
                f.cancel(false);
                event("error");
                throw unreachable("no answer within " + deadline + " ms", e);
            } catch (ExecutionException e) {
                Throwable cause = unwrap(e);
                // After Redis restarted, pooled connections are dead until Redisson notices; a command that could not
                // even be written never ran, so sending it again (on another connection) is safe. Within the deadline.
                if (!(cause instanceof WriteRedisConnectionException) || System.nanoTime() >= end) {
                    throw translate(cause);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // not a busy loop while Redis is away
            }
        }
    }

    private static Throwable unwrap(ExecutionException e) {
        Throwable t = e.getCause() == null ? e : e.getCause();
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private RuntimeException translate(Throwable t) {
        event("error");
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RedisConnectionException || t instanceof RedisTimeoutException
                || t instanceof java.io.IOException) {
            return unreachable(t.getMessage(), t);
        }
        if (t instanceof RedisException) {
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("OOM") || msg.contains("maxmemory")) {
                return new BackendUnavailableException("The state store (Redis) is full: " + msg, t);
            }
            if (msg.contains("NOAUTH") || msg.contains("WRONGPASS") || msg.contains("LOADING")) {
                return unreachable(msg, t);
            }
            return new BackendUnavailableException("The state store (Redis) failed: " + msg, t);
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new BackendUnavailableException("The state store (Redis) failed: " + t, t);
    }

    /** Errors and reconnects for GET /metrics, when the metrics bundle is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Metrics metrics;
    /** Set when Redisson lost a connection: the next connect is counted as a reconnect. */
    private volatile boolean lost;

    private void event(String what) {
        Metrics m = metrics;
        if (m != null) {
            m.backendEvent("redis", what);
        }
    }

    private static BackendUnavailableException unreachable(String detail, Throwable cause) {
        return new BackendUnavailableException("The state store (Redis) is unreachable: " + detail, cause);
    }

    private static void backOff(int round) {
        if (round < 2) {
            Thread.onSpinWait();
            return;
        }
        long maxMicros = Math.min(1_000, 20L << Math.min(round, 6));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(5, maxMicros) * 1000);
    }

    private static long ttlMs(Duration ttl) {
        long ms;
        try {
            ms = ttl.toMillis();
        } catch (ArithmeticException e) {
            ms = MAX_TTL_MS;
        }
        return Math.max(1, Math.min(ms, MAX_TTL_MS));
    }

    /** Escapes Redis glob characters so a prefix matches literally. */
    static String globEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The address without user information (a password in the URL is never logged). */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            if (u.getUserInfo() == null) {
                return url;
            }
            return u.getScheme() + "://***@" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "(unparsable address)";
        }
    }
}
