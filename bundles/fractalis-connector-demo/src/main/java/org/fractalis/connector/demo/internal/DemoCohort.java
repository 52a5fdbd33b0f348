package org.fractalis.connector.demo.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * The generated TCGA-COAD-like cohort: one list of patient ids shared by every field, category counts as in
 * the original's files ({@code shared/SOURCES.md} §7), and miRNA counts with a planted early/late-stage
 * difference. The clinical part and the miRNA matrix are each generated once, on first use; each field's
 * frame is built once and cached. Thread-safe. Only {@link java.util.Random}, whose sequence is specified,
 * is used, so the cohort is the same on every JVM and node.
 */
final class DemoCohort {

    /** The fixed seed of the demo cohort. Changing it changes every id. */
    static final long SEED = 20_140_911L;

    static final int PATIENTS = 465;

    /** The original's text for a missing clinical value; a category of its own, NaN in numeric fields. */
    static final String MISSING = "--";

    /** Tumor stages and how many patients have each (sum {@value #PATIENTS}). */
    static final Map<String, Integer> STAGES = counts(
            "stage i", 75, "stage ia", 1, "stage ii", 36, "stage iia", 138, "stage iib", 10, "stage iic", 1,
            "stage iii", 12, "stage iiia", 8, "stage iiib", 61, "stage iiic", 40,
            "stage iv", 48, "stage iva", 18, "stage ivb", 2,
            "not reported", 13, MISSING, 2);

    /** Genders of the patients whose clinical record exists (the two {@code --} patients have none). */
    static final Map<String, Integer> GENDERS = counts("female", 224, "male", 239);

    static final Map<String, Integer> RACES = counts("white", 225, "not reported", 161,
            "black or african american", 65, "asian", 11, "american indian or alaska native", 1);

    /** How many patients are {@code high} for miR1269a_expression; the others are {@code low}. */
    static final int MIR1269A_HIGH = 26;

    static final int DEATHS = 103;
    static final int MAX_DAYS_TO_DEATH = 3042;
    static final int FIRST_YEAR_OF_BIRTH = 1912;
    static final int LAST_YEAR_OF_BIRTH = 1980;

    static final int MIRNA_FEATURES = 300;
    static final String MIR1269A = "hsa-mir-1269a";

    /** NB dispersion of the counts (variance = mean + DISPERSION * mean^2). */
    private static final double DISPERSION = 0.12;

    /**
     * Well-known colorectal miRNAs: name, mean count in an early-stage tumour, log2 fold change late vs early
     * (0 = no planted difference). The direction follows the literature loosely; it is demo data.
     */
    private static final Object[][] KNOWN_MIRNAS = {
        {"hsa-mir-21", 60000, 1.0}, {"hsa-mir-10a", 40000, 0.0}, {"hsa-mir-192", 25000, 0.0},
        {"hsa-mir-143", 30000, -1.0}, {"hsa-mir-145", 8000, -1.2}, {"hsa-mir-194-1", 6000, 0.0},
        {"hsa-mir-194-2", 6000, 0.0}, {"hsa-mir-200c", 5000, 0.0}, {"hsa-mir-200a", 3000, 0.0},
        {"hsa-mir-200b", 3500, 0.0}, {"hsa-mir-141", 2500, 0.0}, {"hsa-mir-375", 2000, -1.5},
        {"hsa-mir-148a", 20000, 0.0}, {"hsa-mir-30a", 15000, 0.0}, {"hsa-mir-26a-1", 10000, 0.0},
        {"hsa-mir-27a", 2000, 0.0}, {"hsa-mir-99b", 12000, 0.0}, {"hsa-mir-126", 3000, 0.0},
        {"hsa-mir-125b-1", 1500, 0.0}, {"hsa-mir-17", 800, 0.6}, {"hsa-mir-18a", 150, 0.8},
        {"hsa-mir-19a", 120, 0.0}, {"hsa-mir-20a", 700, 0.0}, {"hsa-mir-92a-1", 1500, 0.0},
        {"hsa-mir-106a", 300, 0.0}, {"hsa-mir-155", 400, 0.8}, {"hsa-mir-31", 200, 1.5},
        {"hsa-mir-135b", 250, 1.2}, {"hsa-mir-182", 2000, 1.0}, {"hsa-mir-183", 900, 1.0},
        {"hsa-mir-96", 150, 0.9}, {"hsa-mir-224", 180, 1.3}, {"hsa-mir-139", 400, -1.0},
        {"hsa-mir-133a-1", 30, -1.3}, {"hsa-mir-1-1", 40, -1.2}, {"hsa-mir-215", 9000, -0.8},
        {"hsa-mir-378a", 2500, 0.0}, {MIR1269A, 6, 2.0},
    };

    /** How many of the other (generated) miRNAs get a planted difference, half up and half down. */
    private static final int EXTRA_DIFFERENTIAL = 24;

    /** Stage group of a patient. */
    enum Group { EARLY, LATE, OTHER }

    /** The clinical part; arrays are indexed by patient and never modified. */
    record Clinical(String[] ids, String[] gender, String[] race, String[] stage, double[] yearOfBirth,
            double[] daysToDeath) {
    }

    /**
     * The miRNA part; {@code counts[p * features.length + f]}. {@code log2FoldChange[f]} is the planted
     * late-vs-early difference, {@code sizeFactors[p]} the patient's library size factor.
     */
    record Mirna(String[] features, double[] counts, double[] log2FoldChange, double[] sizeFactors) {
    }

    private final long seed;
    private final Object lock = new Object();
    private volatile Clinical clinical;
    private volatile Mirna mirna;
    private final Map<DemoField, Frame> frames = new ConcurrentHashMap<>();

    DemoCohort(long seed) {
        this.seed = seed;
    }

    /** The frame of a field, built on first use. */
    Frame frame(DemoField field) {
        return frames.computeIfAbsent(field, this::build);
    }

    Clinical clinical() {
        Clinical c = clinical;
        if (c == null) {
            synchronized (lock) {
                c = clinical;
                if (c == null) {
                    c = generateClinical();
                    clinical = c;
                }
            }
        }
        return c;
    }

    Mirna mirna() {
        Mirna m = mirna;
        if (m == null) {
            Clinical c = clinical();
            synchronized (lock) {
                m = mirna;
                if (m == null) {
                    m = generateMirna(c);
                    mirna = m;
                }
            }
        }
        return m;
    }

    /**
     * Early = stage i or ii (with any letter), late = stage iii or iv (with any letter), other = not
     * reported or {@code --}.
     */
    static Group group(String stage) {
        if (!stage.startsWith("stage ")) {
            return Group.OTHER;
        }
        String roman = stage.substring("stage ".length()).replaceAll("[abc]$", "");
        return switch (roman) {
            case "i", "ii" -> Group.EARLY;
            case "iii", "iv" -> Group.LATE;
            default -> Group.OTHER;
        };
    }

    private Frame build(DemoField field) {
        Clinical c = clinical();
        return switch (field) {
            case GENDER -> categorical(field, c.ids(), c.gender());
            case RACE -> categorical(field, c.ids(), c.race());
            case TUMOR_STAGE -> categorical(field, c.ids(), c.stage());
            case MIR1269A_EXPRESSION -> categorical(field, c.ids(), mir1269aExpression(mirna()));
            case YEAR_OF_BIRTH -> numerical(field, c.ids(), c.yearOfBirth());
            case DAYS_TO_DEATH -> numerical(field, c.ids(), c.daysToDeath());
            case MIRNA -> mirnaFrame(c.ids(), mirna());
            case STAGE_GROUP -> stageGroup(c);
        };
    }

    private static Frame categorical(DemoField field, String[] ids, String[] values) {
        int n = ids.length;
        return Frame.ofColumns(DataKind.CATEGORICAL, ids.clone(), identity(n), new String[] {field.fieldName()},
                new int[n], null, values.clone());
    }

    private static Frame numerical(DemoField field, String[] ids, double[] values) {
        int n = ids.length;
        return Frame.ofColumns(DataKind.NUMERICAL, ids.clone(), identity(n), new String[] {field.fieldName()},
                new int[n], values.clone(), null);
    }

    private static Frame stageGroup(Clinical c) {
        Frame.Builder b = Frame.builder(DataKind.CATEGORICAL);
        for (int p = 0; p < c.ids().length; p++) {
            Group g = group(c.stage()[p]);
            if (g != Group.OTHER) {
                b.add(c.ids()[p], DemoField.STAGE_GROUP.fieldName(), g == Group.EARLY ? "early" : "late");
            }
        }
        return b.build();
    }

    private static Frame mirnaFrame(String[] ids, Mirna m) {
        int f = m.features().length;
        int rows = ids.length * f;
        int[] idCodes = new int[rows];
        int[] featureCodes = new int[rows];
        for (int r = 0; r < rows; r++) {
            idCodes[r] = r / f;
            featureCodes[r] = r % f;
        }
        return Frame.ofColumns(DataKind.NUMERICAL_ARRAY, ids.clone(), idCodes, m.features().clone(), featureCodes,
                m.counts().clone(), null);
    }

    /** "high" for the {@value #MIR1269A_HIGH} patients with the highest normalised hsa-mir-1269a count. */
    private static String[] mir1269aExpression(Mirna m) {
        int f = Arrays.asList(m.features()).indexOf(MIR1269A);
        int nf = m.features().length;
        int n = m.sizeFactors().length;
        Integer[] order = new Integer[n];
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
        double[] normalised = new double[n];
        for (int p = 0; p < n; p++) {
            normalised[p] = m.counts()[p * nf + f] / m.sizeFactors()[p];
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0
                : normalised[a] != normalised[b] ? Double.compare(normalised[b], normalised[a]) : Integer.compare(a, b));
        String[] values = new String[n];
        Arrays.fill(values, "low");
        for (int k = 0; k < MIR1269A_HIGH; k++) {
            values[order[k]] = "high";
        }
        return values;
    }

    private Clinical generateClinical() {
        int n = PATIENTS;
        Random idRandom = new Random(mix(seed, 1));
        String[] ids = new String[n];
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < n; p++) {
            String id;
            do {
                long msb = (idRandom.nextLong() & ~0xF000L) | 0x4000L; // version 4
                long lsb = (idRandom.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
                id = new UUID(msb, lsb).toString();
            } while (!seen.add(id));
            ids[p] = id;
        }

        String[] stage = shuffled(expand(STAGES), new Random(mix(seed, 2)));
        List<Integer> recorded = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (!MISSING.equals(stage[p])) {
                recorded.add(p);
            }
        }
        String[] gender = spread(n, recorded, shuffled(expand(GENDERS), new Random(mix(seed, 3))));
        String[] race = spread(n, recorded, shuffled(expand(RACES), new Random(mix(seed, 4))));

        Random years = new Random(mix(seed, 5));
        double[] yearOfBirth = new double[n];
        Arrays.fill(yearOfBirth, Double.NaN);
        for (int p : recorded) {
            long y = Math.round(1940 + 12 * years.nextGaussian());
            yearOfBirth[p] = Math.max(FIRST_YEAR_OF_BIRTH, Math.min(LAST_YEAR_OF_BIRTH, y));
        }

        return new Clinical(ids, gender, race, stage, yearOfBirth, daysToDeath(stage, recorded));
    }

    /**
     * {@value #DEATHS} deaths among the recorded patients, late-stage patients three times as likely
     * (weighted sampling without replacement by exponential keys), and dying sooner.
     */
    private double[] daysToDeath(String[] stage, List<Integer> recorded) {
        Random r = new Random(mix(seed, 6));
        int m = recorded.size();
        double[] key = new double[m];
        for (int k = 0; k < m; k++) {
            double weight = switch (group(stage[recorded.get(k)])) {
                case LATE -> 3.0;
                case EARLY -> 1.0;
                case OTHER -> 1.5;
            };
            key[k] = -Math.log(1.0 - r.nextDouble()) / weight; // smaller = chosen
        }
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : key[a] != key[b] ? Double.compare(key[a], key[b]) : a - b);
        double[] days = new double[PATIENTS];
        Arrays.fill(days, Double.NaN);
        for (int k = 0; k < DEATHS; k++) {
            int p = recorded.get(order[k]);
            double mean = group(stage[p]) == Group.LATE ? 600 : 1100;
            long d = Math.round(-mean * Math.log(1.0 - r.nextDouble()));
            days[p] = Math.min(MAX_DAYS_TO_DEATH, d);
        }
        return days;
    }

    private Mirna generateMirna(Clinical c) {
        Random params = new Random(mix(seed, 10));
        Map<String, double[]> spec = new LinkedHashMap<>(); // name -> {mean, log2 fold change}
        for (Object[] known : KNOWN_MIRNAS) {
            spec.put((String) known[0], new double[] {((Number) known[1]).doubleValue(), (Double) known[2]});
        }
        List<String> extra = new ArrayList<>();
        for (int number = 300; number < 800; number++) {
            extra.add("hsa-mir-" + number);
        }
        String[] candidates = shuffled(extra.toArray(String[]::new), params);
        int planted = 0;
        for (int k = 0; spec.size() < MIRNA_FEATURES; k++) {
            if (spec.containsKey(candidates[k])) {
                continue;
            }
            double mean = Math.max(2, Math.min(20000, Math.exp(Math.log(100) + 1.8 * params.nextGaussian())));
            double lfc = 0;
            if (planted < EXTRA_DIFFERENTIAL) {
                lfc = (planted % 2 == 0 ? 1 : -1) * (0.8 + 1.2 * params.nextDouble());
                planted++;
            }
            spec.put(candidates[k], new double[] {mean, lfc});
        }
        String[] features = spec.keySet().toArray(String[]::new);
        int nf = features.length;
        double[] mean = new double[nf];
        double[] lfc = new double[nf];
        for (int f = 0; f < nf; f++) {
            double[] s = spec.get(features[f]);
            mean[f] = s[0];
            lfc[f] = s[1];
        }

        int n = c.ids().length;
        Random sizes = new Random(mix(seed, 11));
        double[] sizeFactors = new double[n];
        for (int p = 0; p < n; p++) {
            sizeFactors[p] = Math.exp(0.25 * sizes.nextGaussian());
        }
        Random draws = new Random(mix(seed, 12));
        double[] counts = new double[n * nf];
        for (int p = 0; p < n; p++) {
            boolean late = group(c.stage()[p]) == Group.LATE;
            for (int f = 0; f < nf; f++) {
                double mu = mean[f] * sizeFactors[p] * (late ? Math.pow(2, lfc[f]) : 1.0);
                counts[p * nf + f] = negativeBinomial(draws, mu);
            }
        }
        return new Mirna(features, counts, lfc, sizeFactors);
    }

    /** A negative-binomial count with mean {@code mu} (gamma-Poisson mixture). */
    private static double negativeBinomial(Random r, double mu) {
        double shape = 1.0 / DISPERSION;
        return poisson(r, gamma(r, shape) * mu / shape);
    }

    /** Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang, 2000). */
    private static double gamma(Random r, double shape) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** Poisson(lambda): exact by multiplication for small lambda, rounded normal approximation above 30. */
    private static double poisson(Random r, double lambda) {
        if (lambda < 30) {
            double limit = Math.exp(-lambda);
            double product = r.nextDouble();
            int k = 0;
            while (product > limit) {
                product *= r.nextDouble();
                k++;
            }
            return k;
        }
        return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
    }

    private static String[] spread(int n, List<Integer> recorded, String[] values) {
        String[] out = new String[n];
        Arrays.fill(out, MISSING);
        for (int k = 0; k < recorded.size(); k++) {
            out[recorded.get(k)] = values[k];
        }
        return out;
    }

    private static String[] expand(Map<String, Integer> counts) {
        List<String> out = new ArrayList<>();
        counts.forEach((value, count) -> {
            for (int i = 0; i < count; i++) {
                out.add(value);
            }
        });
        return out.toArray(String[]::new);
    }

    /** Fisher-Yates, written out so the order cannot change with a JDK's Collections.shuffle. */
    private static String[] shuffled(String[] values, Random r) {
        String[] a = values.clone();
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Independent seeds per purpose (SplitMix64 finaliser), as nearby Random seeds start alike. */
    private static long mix(long seed, long purpose) {
        long z = seed + purpose * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, Integer> counts(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
