package org.fractalis.core.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.fractalis.api.backend.StateStore;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.core.internal.json.Json;

/** Sessions in the store under {@code session:<id>}; every change is an atomic read-modify-write. */
public final class Sessions {
    public static final Pattern UUID4 = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final String PREFIX = "session:";
    /** Where sessions live in the store. */
    public static final String KEY_PREFIX = PREFIX;

    private final StateStore store;
    private final Duration lifetime;
    private final LongSupplier clock;

    public Sessions(StateStore store, Duration lifetime) {
        this(store, lifetime, System::currentTimeMillis);
    }

    public Sessions(StateStore store, Duration lifetime, LongSupplier clock) {
        this.store = store;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The cookie's session if it is live, else a new id (stored on first write). */
    public String resolve(String cookie) {
        if (cookie != null && UUID4.matcher(cookie).matches() && store.get(PREFIX + cookie).isPresent()) {
            return cookie;
        }
        return UUID.randomUUID().toString();
    }

    public SessionRecord get(String sessionId) {
        return find(sessionId).orElse(SessionRecord.empty());
    }

    /** The stored record, empty if no live session has this id. */
    public Optional<SessionRecord> find(String sessionId) {
        return store.get(PREFIX + sessionId).map(b -> Json.read(b, SessionRecord.class));
    }

    /** Atomically applies the change and renews the session's lifetime. */
    public SessionRecord update(String sessionId, UnaryOperator<SessionRecord> change) {
        byte[] b = store.update(PREFIX + sessionId, cur -> {
            SessionRecord r = cur == null ? SessionRecord.empty() : Json.read(cur, SessionRecord.class);
            return Json.bytes(change.apply(r).touched(clock.getAsLong()));
        }, lifetime);
        return Json.read(b, SessionRecord.class);
    }

    /** Removes the session record (its browser gets a fresh session on its next request). */
    public void delete(String sessionId) {
        store.delete(PREFIX + sessionId);
    }

    public List<SessionInfo> list() {
        return list(id -> Optional.empty());
    }

    /** Live sessions, each with the labels {@code label} finds for its data ids. */
    public List<SessionInfo> list(Function<String, Optional<String>> label) {
        List<SessionInfo> out = new ArrayList<>();
        for (String key : store.keys(PREFIX)) {
            String id = key.substring(PREFIX.length());
            store.get(key).ifPresent(b -> out.add(info(id, Json.read(b, SessionRecord.class), label)));
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    /** What the shell shows of a session. */
    public SessionInfo info(String id, SessionRecord r, Function<String, Optional<String>> label) {
        List<String> labels = new ArrayList<>();
        for (String d : r.data()) {
            label.apply(d).ifPresent(labels::add);
        }
        long created = r.createdAt() == null ? 0 : r.createdAt();
        long expires = r.updatedAt() == null ? 0 : r.updatedAt() + lifetime.toMillis();
        return new SessionInfo(id, r.data(), r.analytics(), new ArrayList<>(r.states().keySet()), created, expires,
                labels);
    }
}
