package org.fractalis.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Port of the reference comparator {@code golden/compare.py}: compares an expected JSON value with an
 * actual one (both as plain Java objects: {@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}) and returns the list of mismatches (empty = pass).
 *
 * <p>Tolerance object (all keys optional), as in the case files:
 * <pre>
 * {"rel": 1e-6, "abs": 1e-12,
 *  "overrides": [{"path": "stats/P.Value/*", "rel": 1e-4, "abs": 1e-12}, ...],
 *  "json_string_fields": ["data"],
 *  "unordered_ties": {"stats_key": "adj.P.Val"},
 *  "mode": "exact" | "structural"}
 * </pre>
 * <ul>
 * <li>Paths are '/'-separated keys (list positions are keys too); {@code *} matches exactly one key,
 * {@code **} any number (including zero) of keys, other segments are fnmatch globs. For each number the
 * overrides are applied in order, so the last matching one wins (an override without {@code rel} or
 * {@code abs} keeps the value in force for that key).</li>
 * <li>Numbers: {@code |a - e| <= abs + rel * |e|}; integers and floats of equal value are equal.</li>
 * <li>{@code null} must meet {@code null}; strings, booleans, object key sets and list lengths must match
 * exactly; list order matters.</li>
 * <li>{@code json_string_fields}: top-level keys whose values are JSON text; both sides are parsed
 * first.</li>
 * <li>{@code unordered_ties}: both sides are first brought into {@link #canonicalTies canonical order}.</li>
 * </ul>
 * {@code mode = "structural"} is not handled by {@link #compare}; see {@link #structuralCheck}.
 */
public final class GoldenComparator {

    private static final double DEFAULT_REL = 1e-6;
    private static final double DEFAULT_ABS = 1e-12;

    /** Python string order (code points), used wherever compare.py sorts strings. */
    static final Comparator<String> CODE_POINT_ORDER = GoldenComparator::compareCodePoints;

    private GoldenComparator() {
    }

    /**
     * Compares {@code expected} with {@code actual} at the given tolerance.
     *
     * @param tolerance the case's {@code tolerance} object; null means the defaults
     * @return the mismatches, each as {@code "<path>: <what>"}; empty when the values match
     */
    public static List<String> compare(Object expected, Object actual, Map<String, Object> tolerance) {
        Map<String, Object> tol = tolerance == null ? Map.of() : tolerance;
        List<String> out = new ArrayList<>();
        Object e = expected;
        Object a = actual;
        Object ties = tol.get("unordered_ties");
        if (ties instanceof Map<?, ?> tm && truthy(ties)) {
            String key = String.valueOf(tm.get("stats_key"));
            e = canonicalTies(e, key);
            a = canonicalTies(a, key);
        }
        e = e instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : e;
        a = a instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : a;
        Object fields = tol.get("json_string_fields");
        if (fields instanceof List<?> fl) {
            for (Object f : fl) {
                String k = String.valueOf(f);
                for (Object obj : new Object[] {e, a}) {
                    if (obj instanceof Map<?, ?> m && m.get(k) instanceof String s) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> mm = (Map<String, Object>) m;
                        try {
                            mm.put(k, GoldenJson.parse(s));
                        } catch (RuntimeException ex) {
                            out.add(k + ": " + (obj == e ? "expected" : "actual") + " is not valid JSON text: "
                                    + ex.getMessage());
                            return out;
                        }
                    }
                }
            }
        }
        compare(e, a, tol, new ArrayList<>(), out);
        return out;
    }

    private static void compare(Object expected, Object actual, Map<String, Object> tol, List<Object> path,
            List<String> out) {
        String p = path.isEmpty() ? "<root>" : joinPath(path);
        if (expected == null || actual == null) {
            if (!(expected == null && actual == null)) {
                if (isNum(expected) && Double.isNaN(((Number) expected).doubleValue()) && actual == null) {
                    return;
                }
                out.add(p + ": expected " + repr(expected) + ", got " + repr(actual));
            }
            return;
        }
        if (isNum(expected) && isNum(actual)) {
            double e = ((Number) expected).doubleValue();
            double a = ((Number) actual).doubleValue();
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (!(Double.isNaN(e) && Double.isNaN(a))) {
                    out.add(p + ": expected " + repr(e) + ", got " + repr(a));
                }
                return;
            }
            if (Double.isInfinite(e) || Double.isInfinite(a)) {
                if (e != a) {
                    out.add(p + ": expected " + repr(e) + ", got " + repr(a));
                }
                return;
            }
            double[] ra = tolerance(tol, path);
            double allowed = ra[1] + ra[0] * Math.abs(e);
            double diff = Math.abs(a - e);
            if (diff > allowed) {
                out.add(String.format("%s: expected %s, got %s (|diff|=%.3g, allowed %.3g)", p, repr(e), repr(a), diff,
                        allowed));
            }
            return;
        }
        if (expected instanceof Map<?, ?> em && actual instanceof Map<?, ?> am) {
            Set<String> ke = keys(em);
            Set<String> ka = keys(am);
            if (!ke.equals(ka)) {
                TreeSet<String> missing = new TreeSet<>(CODE_POINT_ORDER);
                missing.addAll(ke);
                missing.removeAll(ka);
                TreeSet<String> unexpected = new TreeSet<>(CODE_POINT_ORDER);
                unexpected.addAll(ka);
                unexpected.removeAll(ke);
                out.add(p + ": keys differ: missing " + missing + ", unexpected " + unexpected);
            }
            TreeSet<String> common = new TreeSet<>(CODE_POINT_ORDER);
            common.addAll(ke);
            common.retainAll(ka);
            for (String k : common) {
                path.add(k);
                compare(em.get(k), am.get(k), tol, path, out);
                path.remove(path.size() - 1);
            }
            return;
        }
        if (expected instanceof List<?> el && actual instanceof List<?> al) {
            if (el.size() != al.size()) {
                out.add(p + ": length " + el.size() + " != " + al.size());
                return;
            }
            for (int i = 0; i < el.size(); i++) {
                path.add(i);
                compare(el.get(i), al.get(i), tol, path, out);
                path.remove(path.size() - 1);
            }
            return;
        }
        if (kind(expected) != kind(actual) || !Objects.equals(expected, actual)) {
            out.add(p + ": expected " + repr(expected) + ", got " + repr(actual));
        }
    }

    /** The (rel, abs) pair in force for a path: defaults, then every matching override in order. */
    static double[] tolerance(Map<String, Object> tol, List<Object> path) {
        double rel = num(tol.get("rel"), DEFAULT_REL);
        double abs = num(tol.get("abs"), DEFAULT_ABS);
        if (tol.get("overrides") instanceof List<?> overrides) {
            for (Object o : overrides) {
                if (o instanceof Map<?, ?> om && match(String.valueOf(om.get("path")), path)) {
                    rel = num(om.get("rel"), rel);
                    abs = num(om.get("abs"), abs);
                }
            }
        }
        return new double[] {rel, abs};
    }

    /**
     * Whether an override pattern matches a path ({@code *} = one key, {@code **} = any number of keys,
     * other segments are literal keys or fnmatch globs).
     */
    public static boolean match(String pattern, List<?> path) {
        List<String> pp = pattern == null || pattern.isEmpty() ? List.of() : List.of(pattern.split("/", -1));
        List<String> keys = new ArrayList<>(path.size());
        for (Object k : path) {
            keys.add(String.valueOf(k));
        }
        return matchParts(pp, 0, keys, 0);
    }

    private static boolean matchParts(List<String> pp, int pi, List<String> path, int ki) {
        if (pi == pp.size()) {
            return ki == path.size();
        }
        String head = pp.get(pi);
        if (head.equals("**")) {
            for (int k = ki; k <= path.size(); k++) {
                if (matchParts(pp, pi + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        if (ki == path.size()) {
            return false;
        }
        String key = path.get(ki);
        if (head.equals("*") || head.equals(key) || fnmatch(key, head)) {
            return matchParts(pp, pi + 1, path, ki + 1);
        }
        return false;
    }

    private static final Map<String, Pattern> GLOBS = Collections.synchronizedMap(new HashMap<>());

    /** Python {@code fnmatch.fnmatchcase}: shell glob with {@code * ? [seq] [!seq]}. */
    static boolean fnmatch(String name, String glob) {
        return GLOBS.computeIfAbsent(glob, GoldenComparator::translate).matcher(name).matches();
    }

    private static Pattern translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                if (re.length() < 2 || !re.substring(re.length() - 2).equals(".*")) {
                    re.append(".*");
                }
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int s = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        s = 1;
                    } else if (stuff.startsWith("^")) {
                        cls.append("\\^");
                        s = 1;
                    }
                    for (int k = s; k < stuff.length(); k++) {
                        char sc = stuff.charAt(k);
                        if (sc == '\\' || sc == '[' || sc == '&' || sc == '~' || sc == '|') {
                            cls.append('\\');
                        }
                        cls.append(sc);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * compute-heatmap with {@code tolerance.unordered_ties = {"stats_key": K}}: rows whose sort key
     * {@code stats[K]} is exactly equal may appear in any order. Canonical form: inside every block of
     * equal keys in {@code stats}, order the rows by feature name; in {@code data}, inside every run of
     * rows with the same (subset, id), order features by (tie-block index, feature name). Values that do
     * not have that shape are returned unchanged (the comparison then reports the difference).
     */
    public static Object canonicalTies(Object result, String key) {
        if (!(result instanceof Map<?, ?> res) || !res.containsKey("stats")) {
            return result;
        }
        if (!(res.get("stats") instanceof Map<?, ?> st) || !(st.get(key) instanceof List<?> vals)
                || !(st.get("feature") instanceof List<?> feats)) {
            return result;
        }
        Map<String, Integer> block = new HashMap<>();
        int b = -1;
        Object prev = new Object();
        int m = Math.min(vals.size(), feats.size());
        for (int i = 0; i < m; i++) {
            Object v = vals.get(i);
            if (!(pyEquals(v, prev) || (v == null && prev == null))) {
                b++;
            }
            prev = v;
            block.put(String.valueOf(feats.get(i)), b);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < feats.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> block.get(String.valueOf(feats.get(i))))
                .thenComparing(i -> String.valueOf(feats.get(i)), CODE_POINT_ORDER));
        Map<String, Object> newSt = new LinkedHashMap<>();
        for (Map.Entry<?, ?> en : st.entrySet()) {
            newSt.put(String.valueOf(en.getKey()), permute(en.getValue(), order));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> en : res.entrySet()) {
            out.put(String.valueOf(en.getKey()), en.getValue());
        }
        out.put("stats", newSt);
        if (res.get("data") instanceof Map<?, ?> da && da.get("feature") instanceof List<?> df
                && da.get("subset") instanceof List<?> ds && da.get("id") instanceof List<?> di) {
            int n = df.size();
            int[] run = new int[n];
            int r = -1;
            Object lastS = new Object();
            Object lastI = new Object();
            boolean first = true;
            for (int i = 0; i < n; i++) {
                Object s = i < ds.size() ? ds.get(i) : null;
                Object id = i < di.size() ? di.get(i) : null;
                if (first || !(pyEquals(s, lastS) && pyEquals(id, lastI))) {
                    r++;
                    lastS = s;
                    lastI = id;
                    first = false;
                }
                run[i] = r;
            }
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                idx.add(i);
            }
            idx.sort(Comparator.<Integer>comparingInt(i -> run[i])
                    .thenComparingInt(i -> block.getOrDefault(String.valueOf(df.get(i)), 0))
                    .thenComparing(i -> String.valueOf(df.get(i)), CODE_POINT_ORDER));
            Map<String, Object> newData = new LinkedHashMap<>();
            for (Map.Entry<?, ?> en : da.entrySet()) {
                newData.put(String.valueOf(en.getKey()), permute(en.getValue(), idx));
            }
            out.put("data", newData);
        }
        return out;
    }

    private static Object permute(Object col, List<Integer> order) {
        if (!(col instanceof List<?> l)) {
            return col;
        }
        List<Object> out = new ArrayList<>(order.size());
        for (int i : order) {
            out.add(i < l.size() ? l.get(i) : null);
        }
        return out;
    }

    /**
     * The kmeans check ({@code tolerance.mode == "structural"}): names are a permutation of the input,
     * labels start at 0 and increase in steps of 0 or 1 along the list, cluster sizes do not increase with
     * the label, there are at most k labels, and input order is kept inside a cluster.
     *
     * @param doc the whole case document (uses {@code tolerance.k_rows/k_cols} and {@code args.df})
     * @param actual the parsed result
     * @return the mismatches; empty when the structure is right
     */
    public static List<String> structuralCheck(Map<String, Object> doc, Object actual) {
        List<String> out = new ArrayList<>();
        Map<?, ?> tol = (Map<?, ?>) doc.get("tolerance");
        Map<?, ?> df = (Map<?, ?>) ((Map<?, ?>) doc.get("args")).get("df");
        List<String> cols = new ArrayList<>();
        LinkedHashSet<String> rowSet = new LinkedHashSet<>();
        for (Map.Entry<?, ?> c : df.entrySet()) {
            cols.add(String.valueOf(c.getKey()));
            if (c.getValue() instanceof Map<?, ?> inner) {
                for (Object r : inner.keySet()) {
                    rowSet.add(String.valueOf(r));
                }
            }
        }
        List<String> rows = new ArrayList<>(rowSet);
        Map<?, ?> act = actual instanceof Map<?, ?> am ? am : Map.of();
        Object[][] parts = {{"row_clusters", rows, tol.get("k_rows")}, {"col_clusters", cols, tol.get("k_cols")}};
        for (Object[] part : parts) {
            String key = (String) part[0];
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) part[1];
            int k = ((Number) part[2]).intValue();
            if (!(act.get(key) instanceof List<?> pairs)) {
                out.add(key + " missing");
                continue;
            }
            List<String> got = new ArrayList<>();
            List<Long> labs = new ArrayList<>();
            boolean shapeOk = true;
            for (Object pr : pairs) {
                if (pr instanceof List<?> pl && pl.size() >= 2 && pl.get(1) instanceof Number num
                        && !(pl.get(1) instanceof Boolean)) {
                    got.add(String.valueOf(pl.get(0)));
                    labs.add(num.longValue());
                } else {
                    shapeOk = false;
                }
            }
            if (!shapeOk) {
                out.add(key + ": entries are not [name, label] pairs");
                continue;
            }
            List<String> sg = new ArrayList<>(got);
            sg.sort(CODE_POINT_ORDER);
            List<String> sn = new ArrayList<>(names);
            sn.sort(CODE_POINT_ORDER);
            if (!sg.equals(sn)) {
                out.add(key + ": names are not a permutation of the input");
            }
            if (!labs.isEmpty() && labs.get(0) != 0) {
                out.add(key + ": first label is not 0");
            }
            for (int i = 1; i < labs.size(); i++) {
                long d = labs.get(i) - labs.get(i - 1);
                if (d != 0 && d != 1) {
                    out.add(key + ": labels do not increase in steps of 0/1");
                    break;
                }
            }
            TreeSet<Long> distinct = new TreeSet<>(labs);
            List<Integer> sizes = new ArrayList<>();
            for (long v : distinct) {
                sizes.add(Collections.frequency(labs, v));
            }
            for (int i = 1; i < sizes.size(); i++) {
                if (sizes.get(i) > sizes.get(i - 1)) {
                    out.add(key + ": cluster sizes increase with the label");
                    break;
                }
            }
            if (distinct.size() > k) {
                out.add(key + ": more than k labels");
            }
            Map<String, Integer> pos = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                pos.put(names.get(i), i);
            }
            for (long v : distinct) {
                List<Integer> mem = new ArrayList<>();
                for (int i = 0; i < got.size(); i++) {
                    if (labs.get(i) == v) {
                        mem.add(pos.getOrDefault(got.get(i), -1));
                    }
                }
                List<Integer> sorted = new ArrayList<>(mem);
                Collections.sort(sorted);
                if (!mem.equals(sorted)) {
                    out.add(key + ": members of cluster " + v + " not in input order");
                }
            }
        }
        return out;
    }

    // ---- helpers ----

    private static boolean isNum(Object x) {
        return x instanceof Number;
    }

    /** Python-style category of a JSON value, for the final "type(e) != type(a)" test. */
    private static int kind(Object x) {
        if (x instanceof Boolean) {
            return 1;
        }
        if (x instanceof Number) {
            return 2;
        }
        if (x instanceof String) {
            return 3;
        }
        if (x instanceof Map) {
            return 4;
        }
        if (x instanceof List) {
            return 5;
        }
        return 6;
    }

    /** Python {@code ==} on JSON scalars: numbers (and booleans) by value, everything else by equals. */
    static boolean pyEquals(Object a, Object b) {
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            return asDouble(a) == asDouble(b);
        }
        return Objects.equals(a, b);
    }

    private static double asDouble(Object o) {
        return o instanceof Boolean bo ? (bo ? 1 : 0) : ((Number) o).doubleValue();
    }

    private static boolean truthy(Object o) {
        if (o == null) {
            return false;
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o instanceof Boolean b) {
            return b;
        }
        return true;
    }

    private static double num(Object o, double dflt) {
        return o instanceof Number n ? n.doubleValue() : dflt;
    }

    private static Set<String> keys(Map<?, ?> m) {
        Set<String> s = new LinkedHashSet<>();
        for (Object k : m.keySet()) {
            s.add(String.valueOf(k));
        }
        return s;
    }

    private static String joinPath(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object k : path) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(k);
        }
        return sb.toString();
    }

    private static String repr(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return "'" + s + "'";
        }
        if (o instanceof Double d) {
            return Double.toString(d);
        }
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
