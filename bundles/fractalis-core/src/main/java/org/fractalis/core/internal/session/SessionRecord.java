package org.fractalis.core.internal.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session owns: data task ids, analytic task ids, and for each restored saved state the map of
 * old to new data ids. Immutable; the with* methods return copies.
 *
 * @param createdAt epoch ms of the session's first write (null in records stored before it was kept)
 * @param updatedAt epoch ms of its last write, from which its lifetime runs (null likewise)
 */
public record SessionRecord(List<String> data, List<String> analytics, Map<String, Map<String, String>> states,
        Long createdAt, Long updatedAt) {

    public SessionRecord {
        data = data == null ? List.of() : List.copyOf(data);
        analytics = analytics == null ? List.of() : List.copyOf(analytics);
        states = states == null ? Map.of() : Map.copyOf(states);
    }

    public SessionRecord(List<String> data, List<String> analytics, Map<String, Map<String, String>> states) {
        this(data, analytics, states, null, null);
    }

    public static SessionRecord empty() {
        return new SessionRecord(List.of(), List.of(), Map.of());
    }

    /** This record written at {@code now}: its creation time is kept (or set on the first write). */
    public SessionRecord touched(long now) {
        return new SessionRecord(data, analytics, states, createdAt == null ? now : createdAt, now);
    }

    public SessionRecord withData(List<String> ids) {
        return new SessionRecord(ids, analytics, states, createdAt, updatedAt);
    }

    public SessionRecord addData(String id) {
        List<String> d = new ArrayList<>(data);
        if (!d.contains(id)) {
            d.add(id);
        }
        return withData(d);
    }

    public SessionRecord removeData(String id) {
        List<String> d = new ArrayList<>(data);
        d.remove(id);
        return withData(d);
    }

    public SessionRecord addAnalytics(String id) {
        List<String> a = new ArrayList<>(analytics);
        a.add(id);
        return new SessionRecord(data, a, states, createdAt, updatedAt);
    }

    public SessionRecord removeAnalytics(String id) {
        List<String> a = new ArrayList<>(analytics);
        a.remove(id);
        return new SessionRecord(data, a, states, createdAt, updatedAt);
    }

    public SessionRecord withState(String stateId, Map<String, String> idMap) {
        Map<String, Map<String, String>> s = new LinkedHashMap<>(states);
        s.put(stateId, Map.copyOf(idMap));
        return new SessionRecord(data, analytics, s, createdAt, updatedAt);
    }
}
