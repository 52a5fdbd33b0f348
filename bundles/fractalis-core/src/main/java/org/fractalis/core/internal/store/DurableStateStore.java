package org.fractalis.core.internal.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.StateStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.StreamStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of a single node, durable: entries live in an H2 MVStore file in the instance directory
 * (default {@code ${karaf.data}/fractalis/store.mv.db}), so a restart or a {@code kill -9} keeps them within
 * their lifetimes. The heap holds only an index of keys (expiry and size of each entry) and MVStore's bounded
 * page cache, not the values.
 *
 * <p>A value lives in MVStore's {@link StreamStore} (blocks of at most 256 KiB in the map {@code blobs}, so a
 * large frame neither bloats one page nor is rewritten when a neighbour changes); the map {@code entries} holds
 * per key its expiry, its length and the value's stream id, so one map write switches an entry atomically and
 * the index is rebuilt from this small map when the store opens. Writes of one key are serialised by a
 * lock stripe (the SPI's atomic {@code update}); the store is bounded in accounted bytes (key, value and a fixed
 * overhead per entry) and a delete, an expiry sweep or a smaller value frees its bytes at once.
 *
 * <p>Durability: with {@code commit.delay.millis = 0} (the default) a write returns only after the MVStore
 * version that holds it has been written to the file (group commit: concurrent writers share one commit), so an
 * acknowledged write survives {@code kill -9}; {@code sync.writes} adds an fsync for power loss. A positive
 * delay commits in the background instead (faster, may lose the last delay's writes).
 */
@Component(service = StateStore.class, property = StateStore.BACKEND + "=embedded",
        configurationPid = DurableStateStore.PID)
@Designate(ocd = DurableStateStore.Config.class)
public final class DurableStateStore implements StateStore, AutoCloseable {

    public static final String PID = "org.fractalis.core.store";

    @ObjectClassDefinition(name = "Fractalis embedded store", description = "Durable store of a single node (H2 "
            + "MVStore file in the instance directory). Every key can be overridden by the environment variable "
            + "FRACTALIS_<KEY> (dots as underscores); a value outside its range is refused and the last valid one "
            + "stays.")
    public @interface Config {
        @AttributeDefinition(description = "Upper bound of stored bytes (frames, results, states) in MiB; writes "
                + "beyond it are refused (503); at least 1", min = "1")
        long max_megabytes() default 2048;

        @AttributeDefinition(description = "Seconds between two sweeps of expired entries (1 to 86400)", min = "1",
                max = "86400")
        long janitor_seconds() default 60;

        @AttributeDefinition(description = "The store file; empty: ${karaf.data}/fractalis/store.mv.db",
                required = false)
        String store_file() default "";

        @AttributeDefinition(description = "MiB of the MVStore page cache (heap used for stored values; 1 to "
                + "65536)", min = "1", max = "65536")
        int cache_megabytes() default 64;

        @AttributeDefinition(description = "0: each write is committed to the file before it returns (survives "
                + "kill -9); > 0: committed in the background every that many milliseconds (faster, a crash loses "
                + "the last ones); 0 to 60000", min = "0", max = "60000")
        int commit_delay_millis() default 0;

        @AttributeDefinition(description = "fsync after each commit, so acknowledged writes also survive a power "
                + "loss or an OS crash (slower)")
        boolean sync_writes() default false;
    }

    /** Settings of a store (also for tests). */
    public record Options(Path file, long maxBytes, int cacheMegabytes, int commitDelayMillis, boolean syncWrites) {
    }

    private record Meta(long expiresAt, long size) {
    }

    /** An entry: expiry time, value length, then the value's stream id. */
    private static final int HEADER = 2 * Long.BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(DurableStateStore.class);

    private final Options options;
    private final LongSupplier clock;
    private final MVStore mv;
    private final MVMap<String, byte[]> entries;
    private final StreamStore blobs;
    /** Expiry and accounted size of every entry in the file (expired ones too, until swept or replaced). */
    private final ConcurrentSkipListMap<String, Meta> index = new ConcurrentSkipListMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final Object[] stripes = new Object[256];
    private final Object commitLock = new Object();
    /** The highest MVStore version known to be in the file. */
    private volatile long durableVersion = -1;
    private ScheduledExecutorService janitor;

    @Activate
    public DurableStateStore(Config config) {
        this(options(config), System::currentTimeMillis);
        long every = Math.max(1, config.janitor_seconds());
        janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalis-store-janitor");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("Sweeping expired entries failed: {}", e.toString());
            }
        }, every, every, TimeUnit.SECONDS);
    }

    /** Opens (or creates) the store file; for tests with a controllable clock, without janitor thread. */
    public DurableStateStore(Options options, LongSupplier clock) {
        this.options = options;
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the directory of the store file " + options.file(), e);
        }
        try {
            mv = new MVStore.Builder().fileName(options.file().toString())
                    .cacheSize(Math.max(1, options.cacheMegabytes()))
                    .backgroundExceptionHandler((t, e) -> LOG.warn("Embedded store file {}: {}", options.file(),
                            e.toString()))
                    .open();
        } catch (MVStoreException e) {
            throw new IllegalStateException("Cannot open the store file " + options.file() + " (is another node "
                    + "using this instance directory, or is the file damaged?): " + e.getMessage(), e);
        }
        long live = 0;
        try {
            // the background writer also compacts the file; with commit.delay.millis = 0 writes commit themselves
            mv.setAutoCommitDelay(options.commitDelayMillis() > 0 ? options.commitDelayMillis() : 1000);
            entries = mv.openMap("entries", new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                    .valueType(ByteArrayDataType.INSTANCE));
            MVMap<Long, byte[]> blocks = mv.openMap("blobs", new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            blobs = new StreamStore(blocks);
            Long last = blocks.lastKey();
            blobs.setNextKey(last == null ? 0 : last + 1); // the stream store does not keep its counter itself
            for (Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, byte[]> e = it.next();
                ByteBuffer header = ByteBuffer.wrap(e.getValue(), 0, HEADER);
                long expiresAt = header.getLong();
                long size = size(e.getKey(), header.getLong());
                index.put(e.getKey(), new Meta(expiresAt, size));
                bytes.addAndGet(size);
                live++;
            }
        } catch (RuntimeException e) {
            mv.closeImmediately(); // release the file lock, so that a retry with another configuration can open it
            throw new IllegalStateException("Cannot read the store file " + options.file() + ": " + e.getMessage(), e);
        }
        durableVersion = mv.getCurrentVersion() - 1;
        LOG.info("Embedded store {} opened in {} ms: {} entries, {} MiB of {} MiB", options.file(),
                (System.nanoTime() - started) / 1_000_000, live, bytes.get() >> 20, options.maxBytes() >> 20);
    }

    /** The options of a configuration (FRACTALIS_&lt;KEY&gt; and ranges were applied by fractalis-config). */
    static Options options(Config config) {
        String file = config.store_file() == null ? "" : config.store_file().trim();
        Path path = file.isEmpty() ? defaultFile() : Path.of(file);
        return new Options(path, config.max_megabytes() * 1024 * 1024, config.cache_megabytes(),
                config.commit_delay_millis(), config.sync_writes());
    }

    private static Path defaultFile() {
        String data = System.getProperty("karaf.data");
        return Path.of(data == null || data.isBlank() ? "data" : data, "fractalis", "store.mv.db");
    }

    @Deactivate
    @Override
    public void close() {
        if (janitor != null) {
            janitor.shutdownNow();
        }
        if (!mv.isClosed()) {
            mv.close(); // final commit; also compacts the file a little
        }
    }

    /** For tests: closes the file without committing pending writes, as a crash would. */
    void crash() {
        if (janitor != null) {
            janitor.shutdownNow();
        }
        mv.closeImmediately();
    }

    /** Removes expired entries and frees their bytes; returns how many. */
    public int sweep() {
        long now = clock.getAsLong();
        int n = 0;
        for (Map.Entry<String, Meta> e : index.entrySet()) {
            if (e.getValue().expiresAt() <= now) {
                synchronized (stripe(e.getKey())) {
                    Meta m = index.get(e.getKey());
                    if (m != null && m.expiresAt() <= now) {
                        remove(e.getKey());
                        forget(e.getKey(), m);
                        n++;
                    }
                }
            }
        }
        if (n > 0) {
            durable();
        }
        return n;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Meta m = index.get(key);
        if (m == null || m.expiresAt() <= clock.getAsLong()) {
            return Optional.empty();
        }
        byte[] stored = read(key);
        if (stored == null || expiresAt(stored) <= clock.getAsLong()) {
            return Optional.empty(); // deleted meanwhile
        }
        try {
            return Optional.of(value(stored));
        } catch (RuntimeException e) {
            // its blocks were removed by a concurrent replace or delete (an entry is read without its key's lock)
            synchronized (stripe(key)) {
                stored = read(key);
                return stored == null || expiresAt(stored) <= clock.getAsLong() ? Optional.empty()
                        : Optional.of(value(stored));
            }
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        synchronized (stripe(key)) {
            store(key, index.get(key), value, ttl); // the old value is not read: put replaces it unseen
        }
        durable();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        synchronized (stripe(key)) {
            Meta cur = index.get(key);
            if (cur != null && cur.expiresAt() > clock.getAsLong()) {
                return false;
            }
            store(key, cur, value, ttl);
        }
        durable();
        return true;
    }

    @Override
    public byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl) {
        byte[] next;
        synchronized (stripe(key)) {
            Meta cur = index.get(key);
            byte[] curValue = null;
            if (cur != null && cur.expiresAt() > clock.getAsLong()) {
                byte[] stored = read(key);
                curValue = stored == null ? null : value(stored);
            }
            next = update.apply(curValue);
            if (next == null) {
                if (cur == null) {
                    return null;
                }
                remove(key);
                forget(key, cur);
            } else {
                store(key, cur, next, ttl);
            }
        }
        durable();
        return next;
    }

    /** Writes a value in place of {@code cur} (holding the key's lock), within the bound. */
    private void store(String key, Meta cur, byte[] value, Duration ttl) {
        long size = size(key, value.length);
        long delta = size - (cur == null ? 0 : cur.size());
        // reserve the growth first, so concurrent writes of other keys cannot pass the bound together
        long used;
        do {
            used = bytes.get();
            if (delta > 0 && used + delta > options.maxBytes()) {
                throw full();
            }
        } while (!bytes.compareAndSet(used, used + delta));
        long expiresAt = expiry(clock.getAsLong(), ttl);
        try {
            write(() -> {
                byte[] id = blobs.put(new ByteArrayInputStream(value));
                byte[] entry = ByteBuffer.allocate(HEADER + id.length).putLong(expiresAt).putLong(value.length)
                        .put(id).array();
                byte[] old = entries.put(key, entry); // the switch; the old blocks go after it
                if (old != null) {
                    blobs.remove(id(old));
                }
            });
        } catch (RuntimeException e) {
            bytes.addAndGet(-delta);
            throw e;
        }
        index.put(key, new Meta(expiresAt, size));
    }

    @Override
    public boolean delete(String key) {
        boolean existed;
        synchronized (stripe(key)) {
            Meta m = index.get(key);
            if (m == null) {
                return false;
            }
            remove(key);
            forget(key, m);
            existed = m.expiresAt() > clock.getAsLong();
        }
        durable();
        return existed;
    }

    @Override
    public List<String> keys(String prefix) {
        long now = clock.getAsLong();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Meta> e : index.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (e.getValue().expiresAt() > now) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Bytes held (keys, values and a fixed overhead per entry). */
    public long usedBytes() {
        return bytes.get();
    }

    /** Entries in the file (expired ones until swept). */
    public int entryCount() {
        return index.size();
    }

    private void forget(String key, Meta m) {
        if (index.remove(key, m)) {
            bytes.addAndGet(-m.size());
        }
    }

    /** Removes an entry, then its blocks (a crash in between leaves unreachable blocks, never a broken entry). */
    private void remove(String key) {
        write(() -> {
            byte[] old = entries.remove(key);
            if (old != null) {
                blobs.remove(id(old));
            }
        });
    }

    private byte[] value(byte[] entry) {
        long length = ByteBuffer.wrap(entry, Long.BYTES, Long.BYTES).getLong();
        try (InputStream in = blobs.get(id(entry))) {
            return in.readNBytes((int) length);
        } catch (IOException e) {
            throw unavailable(new UncheckedIOException(e));
        } catch (MVStoreException | IllegalStateException e) {
            throw unavailable(e);
        }
    }

    private static byte[] id(byte[] entry) {
        return Arrays.copyOfRange(entry, HEADER, entry.length);
    }

    private byte[] read(String key) {
        try {
            return entries.get(key);
        } catch (MVStoreException | IllegalStateException e) {
            throw unavailable(e);
        }
    }

    private interface Change {
        void run() throws IOException;
    }

    private void write(Change change) {
        try {
            change.run();
        } catch (MVStoreException | IllegalStateException e) {
            throw unavailable(e);
        } catch (IOException e) {
            throw unavailable(new UncheckedIOException(e));
        }
    }

    /**
     * Returns once the change just made is in the file (commit.delay.millis = 0). Group commit: a writer whose
     * change a concurrent commit already wrote does not commit again.
     */
    private void durable() {
        if (options.commitDelayMillis() > 0) {
            return;
        }
        long mine = mv.getCurrentVersion(); // the version that holds this thread's change (or a later one)
        synchronized (commitLock) {
            if (durableVersion >= mine) {
                return;
            }
            try {
                mv.commit();
                if (options.syncWrites()) {
                    mv.sync();
                }
                // every version before the one now open is in the file (a commit without changes opens none)
                durableVersion = mv.getCurrentVersion() - 1;
            } catch (MVStoreException | IllegalStateException e) {
                throw unavailable(e);
            }
        }
    }

    private static BackendUnavailableException unavailable(RuntimeException e) {
        if (e instanceof BackendUnavailableException b) {
            return b;
        }
        LOG.error("The embedded store failed", e);
        return new BackendUnavailableException("The node's data store is unavailable: " + e.getMessage());
    }

    private BackendUnavailableException full() {
        return new BackendUnavailableException(
                "The node's data store is full (" + (options.maxBytes() / (1024 * 1024)) + " MiB). Try again later.");
    }

    private Object stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
    }

    private static long expiresAt(byte[] stored) {
        return ByteBuffer.wrap(stored, 0, HEADER).getLong();
    }

    private static long expiry(long now, Duration ttl) {
        long ms = ttl.toMillis();
        return ms >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
    }

    /** The accounting of one entry: key chars twice, value bytes, 64 bytes overhead (as the in-memory store). */
    static long size(String key, long valueBytes) {
        return 2L * key.length() + valueBytes + 64;
    }
}
