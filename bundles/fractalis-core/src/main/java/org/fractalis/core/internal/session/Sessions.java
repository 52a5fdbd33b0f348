package org.fractalis.core.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    private final StateStore store;
    private final Duration lifetime;

    public Sessions(StateStore store, Duration lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    /** The cookie's session if it is live, else a new id (stored on first write). */
    public String resolve(String cookie) {
        if (cookie != null && UUID4.matcher(cookie).matches() && store.get(PREFIX + cookie).isPresent()) {
            return cookie;
        }
        return UUID.randomUUID().toString();
    }

    public SessionRecord get(String sessionId) {
        return store.get(PREFIX + sessionId).map(b -> Json.read(b, SessionRecord.class)).orElse(SessionRecord.empty());
    }

    /** Atomically applies the change and renews the session's lifetime. */
    public SessionRecord update(String sessionId, UnaryOperator<SessionRecord> change) {
        byte[] b = store.update(PREFIX + sessionId, cur -> {
            SessionRecord r = cur == null ? SessionRecord.empty() : Json.read(cur, SessionRecord.class);
            return Json.bytes(change.apply(r));
        }, lifetime);
        return Json.read(b, SessionRecord.class);
    }

    public List<SessionInfo> list() {
        List<SessionInfo> out = new ArrayList<>();
        for (String key : store.keys(PREFIX)) {
            String id = key.substring(PREFIX.length());
            store.get(key).ifPresent(b -> {
                SessionRecord r = Json.read(b, SessionRecord.class);
                out.add(new SessionInfo(id, r.data(), r.analytics(), new ArrayList<>(r.states().keySet())));
            });
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }
}
