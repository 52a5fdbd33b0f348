package org.fractalis.core.internal.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.core.internal.data.DataRecord;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.json.ResultJson;
import org.fractalis.core.internal.session.Sessions;

/**
 * Replaces {@code $…$} data references in top-level args by frames (CLIENT_CONTRACT.md §6): a string arg, or
 * a list whose first element is a reference (then every element is one). Checks that the session owns the
 * data, that it still exists and that its ETL succeeded; applies the reference's filters.
 */
public final class ArgumentResolver {
    private final DataTasks data;
    private final Jobs jobs;

    public ArgumentResolver(DataTasks data, Jobs jobs) {
        this.data = data;
        this.jobs = jobs;
    }

    /** A parsed reference: data id and filters (column -> allowed values). */
    public record Reference(String id, Map<String, List<Object>> filters) {
    }

    public static boolean isReference(Object v) {
        return v instanceof String s && s.length() >= 2 && s.startsWith("$") && s.endsWith("$");
    }

    /** Parses {@code ${"id":…,"filters":{…}}$} or {@code $<uuid>$}; null when it names no valid id. */
    @SuppressWarnings("unchecked")
    public static Reference parse(String ref) {
        String inner = ref.substring(1, ref.length() - 1).trim();
        String id = null;
        Map<String, List<Object>> filters = new LinkedHashMap<>();
        if (inner.startsWith("{")) {
            Object o;
            try {
                o = ResultJson.parse(inner);
            } catch (RuntimeException e) {
                return null;
            }
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            if (m.get("id") instanceof String s) {
                id = s;
            }
            if (m.get("filters") instanceof Map<?, ?> f) {
                for (Map.Entry<?, ?> e : f.entrySet()) {
                    if (e.getValue() instanceof List<?> l && !l.isEmpty()) {
                        filters.put(String.valueOf(e.getKey()), (List<Object>) l);
                    }
                }
            }
        } else {
            id = inner;
        }
        if (id == null || !Sessions.UUID4.matcher(id).matches()) {
            return null;
        }
        return new Reference(id, filters);
    }

    public TaskArgs resolve(Map<String, Object> args, Collection<String> permitted) throws AnalyticsException {
        Set<String> allowed = new HashSet<>(permitted);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Object v = e.getValue();
            if (isReference(v)) {
                out.put(e.getKey(), load((String) v, allowed));
            } else if (v instanceof List<?> l && !l.isEmpty() && isReference(l.get(0))) {
                List<Frame> frames = new ArrayList<>(l.size());
                for (Object item : l) {
                    if (!isReference(item)) {
                        throw AnalyticsException.valueError("Argument '" + e.getKey()
                                + "' mixes data references with other values.");
                    }
                    frames.add(load((String) item, allowed));
                }
                out.put(e.getKey(), frames);
            } else {
                out.put(e.getKey(), v);
            }
        }
        return new TaskArgs(out);
    }

    private Frame load(String text, Set<String> allowed) throws AnalyticsException {
        Reference r = parse(text);
        if (r == null) {
            throw AnalyticsException.valueError("Invalid data reference: " + abbreviate(text));
        }
        if (!allowed.contains(r.id())) {
            throw new AnalyticsException("PermissionError",
                    "No permission to use data '" + r.id() + "': it is not part of this session.");
        }
        Optional<DataRecord> rec = data.record(r.id());
        if (rec.isEmpty()) {
            throw new AnalyticsException("LookupError", "No data found for id '" + r.id() + "'. It may have expired.");
        }
        Optional<JobInfo> etl = jobs.get(r.id());
        if (etl.isEmpty() || etl.get().state() != JobState.SUCCESS) {
            throw AnalyticsException.valueError("The data '" + rec.get().label() + "' (" + r.id()
                    + ") is not loaded: its ETL state is "
                    + etl.map(j -> j.state().name()).orElse("unknown") + ".");
        }
        Optional<Frame> f;
        try {
            f = data.frame(r.id());
        } catch (CorruptDataException e) {
            throw new AnalyticsException("LookupError", "The cached data of '" + rec.get().label()
                    + "' cannot be read (" + e.getMessage() + "). Please reload it.");
        }
        if (f.isEmpty()) {
            throw new AnalyticsException("LookupError", "No data found for id '" + r.id() + "'. It may have expired.");
        }
        return applyFilters(f.get(), r.filters());
    }

    static Frame applyFilters(Frame f, Map<String, List<Object>> filters) throws AnalyticsException {
        Frame out = f;
        for (Map.Entry<String, List<Object>> e : filters.entrySet()) {
            Set<String> values = new HashSet<>();
            for (Object o : e.getValue()) {
                values.add(o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        && !(o instanceof Double d && Double.isInfinite(d)) ? canonical(n) : String.valueOf(o));
            }
            Frame cur = out;
            switch (e.getKey()) {
                case "id" -> out = cur.filter(r -> values.contains(cur.id(r)));
                case "feature" -> out = cur.filter(r -> values.contains(cur.feature(r)));
                case "value" -> out = cur.filter(r -> values.contains(cur.kind().isNumeric()
                        ? canonical(cur.number(r)) : String.valueOf(cur.string(r))));
                default -> throw AnalyticsException.valueError("Unknown filter column '" + e.getKey()
                        + "'. Filters apply to 'id', 'feature' or 'value'.");
            }
        }
        return out;
    }

    private static String canonical(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
