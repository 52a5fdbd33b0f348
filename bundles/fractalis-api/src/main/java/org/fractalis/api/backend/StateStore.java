package org.fractalis.api.backend;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key/value store for sessions, data states, job states, results, saved states and cached frames.
 * Values are opaque bytes (core chooses the encoding); every entry has a time to live.
 *
 * <p>Implementations: an in-memory store in fractalis-core (the embedded default) and a Redis store.
 * Core picks one through the service property {@link #BACKEND}. All methods are thread-safe; a store
 * that cannot reach its server throws {@link BackendUnavailableException} quickly instead of hanging.
 */
@ConsumerType
public interface StateStore {

    /** Service property (String): the backend name, e.g. {@code embedded} or {@code redis}. */
    String BACKEND = "fractalis.backend";

    /** The value, if present and not expired. */
    Optional<byte[]> get(String key);

    /** Writes a value that expires after {@code ttl}. */
    void put(String key, byte[] value, Duration ttl);

    /** Writes a value only if the key is absent; true if written. */
    boolean putIfAbsent(String key, byte[] value, Duration ttl);

    /**
     * Atomically replaces a value: {@code update} gets the current value (null when absent) and
     * returns the new one (null deletes). It may run more than once under contention, so it must
     * have no side effects. The entry's time to live is set to {@code ttl}.
     *
     * @return the value written (null if deleted)
     */
    byte[] update(String key, UnaryOperator<byte[]> update, Duration ttl);

    /** Removes a key; true if it existed. */
    boolean delete(String key);

    /** Keys that start with the prefix (for listings and housekeeping, not for hot paths). */
    List<String> keys(String prefix);
}
