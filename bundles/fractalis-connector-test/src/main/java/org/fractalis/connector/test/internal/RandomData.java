package org.fractalis.connector.test.internal;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * Random data in the shapes of the original's test ETLs: ids {@code "0"…"N-1"}; categorical values drawn from
 * {@code values} under feature {@code "0"}; standard-normal numbers under one random 30-character feature;
 * arrays with F random 10-character features (rows grouped by feature, as pandas' melt orders them), as a
 * {@link Frame#matrix matrix} frame (8 bytes per value, no code columns).
 * {@link java.util.Random} is used because its sequence is specified, so a seed gives the same frame on
 * every JVM.
 */
final class RandomData {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private RandomData() {
    }

    static Frame generate(TestDescriptor d) throws ConnectorException {
        Random random = d.seed() == null ? new Random() : new Random(d.seed());
        int n = d.numSamples();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i);
        }
        return switch (d.kind()) {
            case CATEGORICAL -> categorical(random, ids, d.values().toArray(String[]::new));
            case NUMERICAL -> numeric(DataKind.NUMERICAL, random, ids, new String[] {name(random, 30)});
            case NUMERICAL_ARRAY -> numeric(DataKind.NUMERICAL_ARRAY, random, ids, featureNames(random, d.numFeatures()));
        };
    }

    private static Frame categorical(Random random, String[] ids, String[] values) {
        int n = ids.length;
        int[] idCodes = new int[n];
        String[] strings = new String[n];
        for (int i = 0; i < n; i++) {
            idCodes[i] = i;
            strings[i] = values[random.nextInt(values.length)];
        }
        return Frame.ofColumns(DataKind.CATEGORICAL, ids, idCodes, new String[] {"0"}, new int[n], null, strings);
    }

    private static Frame numeric(DataKind kind, Random random, String[] ids, String[] features)
            throws ConnectorException {
        int n = ids.length;
        double[] numbers = new double[n * features.length];
        int r = 0;
        for (int f = 0; f < features.length; f++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ConnectorException("Loading was cancelled.");
            }
            for (int i = 0; i < n; i++, r++) {
                numbers[r] = random.nextGaussian();
            }
        }
        return Frame.matrix(kind, ids, features, numbers);
    }

    private static String[] featureNames(Random random, int count) {
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < count) {
            names.add(name(random, 10));
        }
        return names.toArray(String[]::new);
    }

    private static String name(Random random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }
}
