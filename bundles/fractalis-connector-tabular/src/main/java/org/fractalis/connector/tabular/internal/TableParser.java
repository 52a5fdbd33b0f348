package org.fractalis.connector.tabular.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.connector.tabular.internal.TabularSpec.Layout;
import org.fractalis.http.CsvException;
import org.fractalis.http.CsvReader;

/**
 * Reads a delimited table as a stream into a frame (or, for kind inference, only its first values).
 *
 * <p>Inference looks at the first {@code sampleValues} non-missing values of the variable: numbers only gives
 * numerical, anything else categorical; in long tables without a selected feature, several features give
 * numerical_array. {@link #load} applies the same rule to the same values, so it agrees with the kind chosen
 * when the request arrived.
 */
final class TableParser {
    /** The longest header line accepted (wide tables with many columns have long headers). */
    static final int MAX_HEADER_CHARS = 16 << 20;

    private final TabularSpec spec;
    private final int sampleValues;

    TableParser(TabularSpec spec, int sampleValues) {
        this.spec = spec;
        this.sampleValues = Math.max(1, sampleValues);
    }

    /** The kind of the variable, from the layout or from the first values. */
    DataKind infer(Reader in) throws IOException, ConnectorException {
        DataKind k = spec.structuralKind();
        if (k != null) {
            return k;
        }
        Table t = open(in);
        Columns c = t.columns();
        Sample sample = new Sample();
        for (String[] rec; !sample.full() && (rec = t.next()) != null;) {
            sample.scanned++;
            if (!c.skip(rec)) {
                sample.offer(cell(rec, c.value), c.featureName(rec));
            }
        }
        return decide(sample.values, sample.features);
    }

    /** The first values of the variable: what inference looks at, the same in {@link #infer} and {@link #load}. */
    private final class Sample {
        final List<String> values = new ArrayList<>();
        final Set<String> features = new LinkedHashSet<>();
        long scanned;

        void offer(String value, String feature) {
            if (!full() && !spec.missing().contains(value)) {
                values.add(value);
                features.add(feature);
            }
        }

        boolean full() {
            return values.size() >= sampleValues || scanned >= 50L * sampleValues;
        }
    }

    private DataKind decide(List<String> values, Set<String> features) throws ConnectorException {
        if (values.isEmpty()) {
            throw new ConnectorException("Cannot infer the data type: the first rows hold no values for "
                    + variable() + ". Declare \"data_type\".");
        }
        boolean numeric = values.stream().allMatch(TableParser::isNumber);
        if (spec.layout() == Layout.LONG && spec.feature() == null && features.size() > 1) {
            if (!numeric) {
                throw new ConnectorException("The table holds several features (" + list(features) + ") with text "
                        + "values; choose one with \"feature\".");
            }
            return DataKind.NUMERICAL_ARRAY;
        }
        return numeric ? DataKind.NUMERICAL : DataKind.CATEGORICAL;
    }

    private String variable() {
        return spec.column() != null ? "column '" + spec.column() + "'"
                : spec.feature() != null ? "feature '" + spec.feature() + "'" : "the value column";
    }

    /** Reads the whole table as a frame of the declared or inferred kind. */
    Frame load(Reader in) throws IOException, ConnectorException {
        DataKind k = spec.structuralKind();
        Table t = open(in);
        if (k == DataKind.NUMERICAL_ARRAY && spec.layout() != Layout.LONG) {
            return spec.layout() == Layout.MATRIX ? matrix(t) : wideArray(t);
        }
        Columns c = t.columns();
        if (k != null) {
            Frame.Builder b = Frame.builder(k);
            for (String[] rec; (rec = t.next()) != null;) {
                if (!c.skip(rec)) {
                    add(b, k, id(t, rec, c.id), c.featureName(rec), cell(rec, c.value), t, c);
                }
            }
            return b.build();
        }
        // inferred: keep the rows until the sample decides the kind, then stream the rest
        Sample sample = new Sample();
        List<String[]> pending = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        Frame.Builder b = null;
        DataKind decided = null;
        for (String[] rec; (rec = t.next()) != null;) {
            if (decided == null) {
                sample.scanned++;
            }
            if (c.skip(rec)) {
                continue;
            }
            String id = id(t, rec, c.id);
            String f = c.featureName(rec);
            String v = cell(rec, c.value);
            if (decided != null) {
                addAt(b, decided, id, f, v, t.line(), c.valueName);
                continue;
            }
            sample.offer(v, f);
            pending.add(new String[] {id, f, v});
            lines.add(t.line());
            if (sample.full()) {
                decided = decide(sample.values, sample.features);
                b = Frame.builder(decided);
                flush(b, decided, pending, lines, c.valueName);
            }
        }
        if (decided == null) {
            decided = decide(sample.values, sample.features);
            b = Frame.builder(decided);
            flush(b, decided, pending, lines, c.valueName);
        }
        return b.build();
    }

    private void flush(Frame.Builder b, DataKind k, List<String[]> pending, List<Long> lines, String column)
            throws ConnectorException {
        for (int i = 0; i < pending.size(); i++) {
            String[] r = pending.get(i);
            addAt(b, k, r[0], r[1], r[2], lines.get(i), column);
        }
        pending.clear();
        lines.clear();
    }

    private void add(Frame.Builder b, DataKind k, String id, String feature, String raw, Table t, Columns c)
            throws ConnectorException {
        addAt(b, k, id, feature, raw, t.line(), c.valueName);
    }

    private void addAt(Frame.Builder b, DataKind k, String id, String feature, String raw, long line, String column)
            throws ConnectorException {
        if (k == DataKind.CATEGORICAL) {
            if (!spec.missing().contains(raw)) {
                b.add(id, feature, raw);
            }
        } else {
            b.add(id, feature, number(raw, line, column));
        }
    }

    private Frame wideArray(Table t) throws IOException, ConnectorException {
        String[] header = t.header;
        int idCol = t.index(spec.idColumn(), 0);
        List<Integer> cols = new ArrayList<>();
        if (spec.columns() != null) {
            for (String name : spec.columns()) {
                cols.add(t.index(name, -1));
            }
        } else {
            for (int i = 0; i < header.length; i++) {
                if (i != idCol) {
                    cols.add(i);
                }
            }
        }
        if (cols.isEmpty()) {
            throw new ConnectorException(Phase.TRANSFORM, "The table has no value columns besides the id column.");
        }
        // one row per id: read id-major, then stored feature-major as a matrix frame (8 bytes per value)
        String[] features = new String[cols.size()];
        for (int c = 0; c < features.length; c++) {
            features[c] = header[cols.get(c)];
        }
        List<String> ids = new ArrayList<>();
        Values byId = new Values();
        for (String[] rec; (rec = t.next()) != null;) {
            ids.add(id(t, rec, idCol));
            for (int c : cols) {
                byId.add(number(cell(rec, c), t.line(), header[c]));
            }
        }
        int ni = ids.size();
        int nf = features.length;
        double[] values = new double[byId.size];
        for (int i = 0; i < ni; i++) {
            for (int f = 0; f < nf; f++) {
                values[f * ni + i] = byId.values[i * nf + f];
            }
        }
        return matrixFrame(ids.toArray(String[]::new), features, values);
    }

    /** A growing array of doubles (a list of boxed Doubles would take 3 times the memory). */
    private static final class Values {
        double[] values = new double[1024];
        int size;

        void add(double v) throws ConnectorException {
            if (size == values.length) {
                if (size >= Integer.MAX_VALUE / 2) {
                    throw new ConnectorException(Phase.TRANSFORM, "The table has too many values for one variable.");
                }
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** A matrix frame; a repeated id or feature is the connector's TRANSFORM error naming it. */
    private static Frame matrixFrame(String[] ids, String[] features, double[] values) throws ConnectorException {
        try {
            return Frame.matrix(DataKind.NUMERICAL_ARRAY, ids, features, values);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(Phase.TRANSFORM, "The table cannot be a numerical array: "
                    + e.getMessage() + ".");
        }
    }

    private Frame matrix(Table t) throws IOException, ConnectorException {
        String[] header = t.header;
        if (header.length < 2) {
            throw new ConnectorException(Phase.TRANSFORM, "A matrix needs a header with the feature column and at least "
                    + "one id column.");
        }
        Set<String> keep = spec.features() == null ? null : new HashSet<>(spec.features());
        // one row per feature, one column per id: already the matrix frame's order (8 bytes per value)
        List<String> features = new ArrayList<>();
        Values values = new Values();
        for (String[] rec; (rec = t.next()) != null;) {
            String feature = id(t, rec, 0);
            if (keep != null && !keep.contains(feature)) {
                continue;
            }
            features.add(feature);
            for (int c = 1; c < header.length; c++) {
                values.add(number(cell(rec, c), t.line(), header[c]));
            }
        }
        return matrixFrame(Arrays.copyOfRange(header, 1, header.length), features.toArray(String[]::new),
                Arrays.copyOf(values.values, values.size));
    }

    private static String id(Table t, String[] rec, int col) throws ConnectorException {
        String id = cell(rec, col);
        if (id.isEmpty()) {
            throw new ConnectorException(Phase.TRANSFORM, "Line " + t.line() + " has an empty " + t.header[col] + ".");
        }
        return id;
    }

    private double number(String raw, long line, String column) throws ConnectorException {
        if (spec.missing().contains(raw)) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(raw);
            if (!Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConnectorException(Phase.TRANSFORM, "Line " + line + ": '" + shorten(raw) + "' in '" + column
                + "' is not a number. Declare \"data_type\": \"categorical\" to load text, or list the text in "
                + "\"missing\" if it means a missing value.");
    }

    static boolean isNumber(String s) {
        try {
            return !Double.isInfinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String cell(String[] rec, int i) {
        return i < rec.length ? rec[i].trim() : "";
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String list(Set<String> names) {
        String s = names.stream().limit(5).collect(Collectors.joining(", "));
        return names.size() > 5 ? s + ", …" : s;
    }

    private Table open(Reader in) throws IOException, ConnectorException {
        BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        char delimiter;
        if (spec.delimiter() != null) {
            delimiter = spec.delimiter();
        } else {
            br.mark(MAX_HEADER_CHARS);
            String first = br.readLine();
            try {
                br.reset();
            } catch (IOException e) {
                throw new ConnectorException(Phase.TRANSFORM, "The header line is longer than " + (MAX_HEADER_CHARS >> 20)
                        + " M characters.");
            }
            delimiter = CsvReader.sniffDelimiter(first == null ? "" : first);
        }
        return new Table(new CsvReader(br, delimiter));
    }

    /** The records of a table after its header; trims names, skips blank lines, checks widths. */
    private final class Table {
        private final CsvReader csv;
        final String[] header;
        private long rows;

        Table(CsvReader csv) throws IOException, ConnectorException {
            this.csv = csv;
            String[] h = read();
            if (h == null) {
                throw new ConnectorException(Phase.EXTRACT, "The table is empty.");
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = h[i].trim();
            }
            header = h;
        }

        long line() {
            return csv.line();
        }

        /** The next record that is not blank, or null at the end. */
        String[] next() throws IOException, ConnectorException {
            while (true) {
                String[] rec = read();
                if (rec == null) {
                    return null;
                }
                if (++rows % 4096 == 0 && Thread.currentThread().isInterrupted()) {
                    throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
                }
                boolean blank = true;
                for (String s : rec) {
                    if (!s.isBlank()) {
                        blank = false;
                        break;
                    }
                }
                if (blank) {
                    continue;
                }
                if (rec.length > header.length) {
                    throw new ConnectorException(Phase.TRANSFORM, "Line " + csv.line() + " has " + rec.length
                            + " fields, but the header has " + header.length + ".");
                }
                return rec;
            }
        }

        private String[] read() throws IOException, ConnectorException {
            try {
                return csv.next();
            } catch (CsvException e) {
                throw new ConnectorException(Phase.TRANSFORM, "The table is not valid CSV: " + e.getMessage());
            }
        }

        /** The index of a named column; {@code fallback} (or an error, if negative) when the name is null. */
        int index(String name, int fallback) throws ConnectorException {
            if (name == null) {
                if (fallback >= 0) {
                    return fallback;
                }
                throw new IllegalStateException("no column name");
            }
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals(name)) {
                    return i;
                }
            }
            String names = Arrays.stream(header).limit(20).collect(Collectors.joining(", "));
            throw new ConnectorException(Phase.TRANSFORM, "Column '" + name + "' is not in the table. Its columns: "
                    + names + (header.length > 20 ? ", …" : "") + ".");
        }

        /** The columns of a single-variable or long read. */
        Columns columns() throws ConnectorException {
            if (spec.layout() == Layout.LONG) {
                Set<String> keep = spec.feature() != null ? Set.of(spec.feature())
                        : spec.features() != null ? new HashSet<>(spec.features()) : null;
                return new Columns(index(spec.idColumn(), -1), index(spec.featureColumn(), -1),
                        index(spec.valueColumn(), -1), keep, null, spec.valueColumn());
            }
            // wide, one column
            return new Columns(index(spec.idColumn(), 0), -1, index(spec.column(), -1), null, spec.column(),
                    spec.column());
        }
    }

    /**
     * Where id, feature and value are.
     *
     * @param feature the feature column, or -1 (wide: the feature is {@code fixedFeature})
     * @param keep the features to keep (long), or null for all
     */
    private record Columns(int id, int feature, int value, Set<String> keep, String fixedFeature, String valueName) {
        boolean skip(String[] rec) {
            return keep != null && !keep.contains(cell(rec, feature));
        }

        String featureName(String[] rec) {
            return feature >= 0 ? cell(rec, feature) : fixedFeature;
        }
    }
}
