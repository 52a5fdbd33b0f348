package org.fractalis.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * One golden case file ({@code golden/<task>/<case>.json}), see the golden README §1.
 *
 * <p>{@link #args()} and {@link #frame(String)} build fresh objects on every call, so a task that
 * mutated its inputs could not influence another reference or another run.
 */
public final class GoldenCase {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$(.+)\\$$", Pattern.DOTALL);

    private final String task;
    private final String name;
    private final Map<String, Object> doc;
    private final boolean matrices;

    /**
     * @param task the task directory name (e.g. {@code compute-boxplot})
     * @param name the case name (file name without {@code .json})
     * @param doc the parsed case document
     */
    public GoldenCase(String task, String name, Map<String, Object> doc) {
        this(task, name, Collections.unmodifiableMap(doc), false);
    }

    private GoldenCase(String task, String name, Map<String, Object> doc, boolean matrices) {
        this.task = task;
        this.name = name;
        this.doc = doc;
        this.matrices = matrices;
    }

    /**
     * The same case with every numerical array input given as a {@link Frame#matrix matrix} frame (a cell the
     * rows leave out is NaN), as a connector of dense data delivers it; an input that repeats an (id, feature)
     * pair cannot be a matrix and stays in long format.
     */
    public GoldenCase withMatrices() {
        return new GoldenCase(task, name, doc, true);
    }

    public String task() {
        return task;
    }

    public String name() {
        return name;
    }

    /** The whole parsed document. */
    public Map<String, Object> document() {
        return doc;
    }

    /** The case's {@code description}, or "". */
    public String description() {
        Object d = doc.get("description");
        return d == null ? "" : d.toString();
    }

    /** The {@code expected} result, or null for error cases. */
    public Object expected() {
        return doc.get("expected");
    }

    /** Whether the task must fail ({@code expected_error} present). */
    public boolean expectsError() {
        return doc.containsKey("expected_error");
    }

    /** The expected error message, if the task must fail. */
    public Optional<String> expectedError() {
        Object e = doc.get("expected_error");
        return e == null ? Optional.empty() : Optional.of(e.toString());
    }

    /** {@code expected_error_detail.type} (the Python exception class), if given. */
    public Optional<String> expectedErrorType() {
        return detail("type").map(Object::toString);
    }

    /** {@code expected_error_detail.origin}: "fractalis" (text is contractual) or "library"; default "fractalis". */
    public String expectedErrorOrigin() {
        return detail("origin").map(Object::toString).orElse("fractalis");
    }

    /** All accepted messages: {@code expected_error} then {@code message_alternatives}. */
    public List<String> acceptedErrorMessages() {
        List<String> out = new ArrayList<>();
        expectedError().ifPresent(out::add);
        detail("message_alternatives").ifPresent(alts -> {
            if (alts instanceof List<?> l) {
                for (Object o : l) {
                    out.add(String.valueOf(o));
                }
            }
        });
        return out;
    }

    private Optional<Object> detail(String key) {
        if (doc.get("expected_error_detail") instanceof Map<?, ?> d) {
            return Optional.ofNullable(d.get(key));
        }
        return Optional.empty();
    }

    /** The {@code tolerance} object (empty map if absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> tolerance() {
        Object t = doc.get("tolerance");
        return t instanceof Map ? (Map<String, Object>) t : Map.of();
    }

    /** Whether the case is checked structurally ({@code tolerance.mode == "structural"}, kmeans). */
    public boolean structural() {
        return "structural".equals(tolerance().get("mode"));
    }

    /** The names of the inputs, in file order. */
    public List<String> inputNames() {
        if (doc.get("inputs") instanceof Map<?, ?> m) {
            List<String> out = new ArrayList<>();
            for (Object k : m.keySet()) {
                out.add(k.toString());
            }
            return out;
        }
        return List.of();
    }

    /** The data kind of an input ({@code input_types}). */
    public DataKind inputKind(String input) {
        Object t = doc.get("input_types") instanceof Map<?, ?> m ? m.get(input) : null;
        if (t == null) {
            throw new IllegalStateException(this + ": no input_types entry for '" + input + "'");
        }
        return DataKind.fromWireName(t.toString())
                .orElseThrow(() -> new IllegalStateException(this + ": unknown input type " + t));
    }

    /**
     * A fresh frame for an input: numbers as doubles ({@code null} = NaN) for numerical kinds, strings
     * for categorical.
     */
    public Frame frame(String input) {
        if (!(doc.get("inputs") instanceof Map<?, ?> inputs) || !(inputs.get(input) instanceof List<?> rows)) {
            throw new IllegalStateException(this + ": no input '" + input + "'");
        }
        DataKind kind = inputKind(input);
        Frame.Builder b = Frame.builder(kind);
        for (Object r : rows) {
            Map<?, ?> row = (Map<?, ?>) r;
            String id = String.valueOf(row.get("id"));
            String feature = String.valueOf(row.get("feature"));
            Object v = row.get("value");
            if (kind.isNumeric()) {
                b.add(id, feature, v == null ? Double.NaN : ((Number) v).doubleValue());
            } else {
                b.add(id, feature, v == null ? null : v.toString());
            }
        }
        Frame f = b.build();
        return matrices && kind == DataKind.NUMERICAL_ARRAY ? asMatrix(f) : f;
    }

    /** The frame as a matrix (ids and features in order of appearance), or itself if a pair repeats. */
    static Frame asMatrix(Frame f) {
        List<String> ids = f.ids();
        List<String> features = f.features();
        Map<String, Integer> idIndex = new java.util.HashMap<>();
        for (String id : ids) {
            idIndex.put(id, idIndex.size());
        }
        Map<String, Integer> featureIndex = new java.util.HashMap<>();
        for (String feature : features) {
            featureIndex.put(feature, featureIndex.size());
        }
        double[] values = new double[ids.size() * features.size()];
        java.util.Arrays.fill(values, Double.NaN);
        boolean[] seen = new boolean[values.length];
        for (int r = 0; r < f.size(); r++) {
            int cell = featureIndex.get(f.feature(r)) * ids.size() + idIndex.get(f.id(r));
            if (seen[cell]) {
                return f;
            }
            seen[cell] = true;
            values[cell] = f.number(r);
        }
        return Frame.matrix(f.kind(), ids.toArray(String[]::new), features.toArray(String[]::new), values);
    }

    /**
     * The raw {@code args} as posted, with placeholders resolved: a top-level string {@code "$name$"}
     * naming an input becomes a {@link Frame}; a top-level list whose first element is such a placeholder
     * becomes a {@code List<Frame>} (every element is a reference). Nothing nested is resolved. Every
     * reference gets its own fresh frame.
     */
    public TaskArgs args() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (doc.get("args") instanceof Map<?, ?> args) {
            for (Map.Entry<?, ?> e : args.entrySet()) {
                out.put(e.getKey().toString(), resolve(e.getValue()));
            }
        }
        return new TaskArgs(out);
    }

    private Object resolve(Object v) {
        if (v instanceof String s) {
            String ref = reference(s);
            return ref == null ? s : frame(ref);
        }
        if (v instanceof List<?> l) {
            if (!l.isEmpty() && l.get(0) instanceof String s0 && reference(s0) != null) {
                List<Frame> frames = new ArrayList<>(l.size());
                for (Object o : l) {
                    String ref = o instanceof String s ? reference(s) : null;
                    if (ref == null) {
                        throw new IllegalStateException(this + ": list of references holds a non-reference " + o);
                    }
                    frames.add(frame(ref));
                }
                return frames;
            }
            return deepCopy(v);
        }
        return deepCopy(v);
    }

    /** The input name of a placeholder, or null if the string is not one. */
    private String reference(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        if (m.matches() && inputNames().contains(m.group(1))) {
            return m.group(1);
        }
        return null;
    }

    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey().toString(), deepCopy(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(deepCopy(o));
            }
            return out;
        }
        return v;
    }

    @Override
    public String toString() {
        return task + "/" + name;
    }
}
