package org.fractalis.benchmarks.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark data files: raw little-endian float64, row-major, without header (numpy {@code np.fromfile(path,
 * '<f8').reshape(rows, cols)}, R {@code matrix(readBin(path, "double", n, 8, endian = "little"), rows, byrow =
 * TRUE)}). The directory is the system property {@code fractalis.bench.data} (default {@code target/data}).
 */
public final class DataFiles {

    /** Expression matrix: features × samples, log2 scale, two groups of 250 samples. */
    public static final String EXPR = "expr.f64";
    public static final int EXPR_FEATURES = 20_000;
    public static final int EXPR_SAMPLES = 500;
    /** The same distribution with 2,500 samples (issue 12's second size): 400 MB. */
    public static final String EXPR2500 = "expr2500.f64";
    public static final int EXPR2500_SAMPLES = 2_500;
    /** Count matrix: genes × samples (6 of condition s0, then 6 of s1). */
    public static final String COUNTS = "counts.f64";
    public static final int COUNT_GENES = 20_000;
    public static final int COUNT_SAMPLES = 12;
    /** Observations × features for hierarchical clustering (5 planted clusters). */
    public static final String HCLUST = "hclust.f64";
    public static final int HCLUST_ROWS = 2_000;
    public static final int HCLUST_COLS = 500;
    /** One-dimensional sample for the KDE. */
    public static final String KDE = "kde.f64";
    public static final int KDE_POINTS = 100_000;
    /** Number of evaluation points of the KDE (evenly spaced from the sample's minimum to its maximum). */
    public static final int KDE_GRID = 200;

    private DataFiles() {
    }

    /** The data directory. */
    public static Path dir() {
        return Paths.get(System.getProperty("fractalis.bench.data", "target/data"));
    }

    /** Reads {@code n} doubles of a data file. */
    public static double[] read(String name, int n) {
        Path path = dir().resolve(name);
        double[] out = new double[n];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() != 8L * n) {
                throw new IllegalStateException(path + " holds " + ch.size() + " bytes, expected " + 8L * n
                        + " (regenerate the data)");
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int k = 0;
            while (k < n) {
                buf.clear();
                int want = Math.min(buf.capacity(), (n - k) * 8);
                buf.limit(want);
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new IllegalStateException("unexpected end of " + path);
                    }
                }
                buf.flip();
                while (buf.remaining() >= 8) {
                    out[k++] = buf.getDouble();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (run GenerateData first)", e);
        }
        return out;
    }

    /** Reads a row-major matrix as one array per row. */
    public static double[][] readRows(String name, int rows, int cols) {
        double[] flat = read(name, rows * cols);
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return out;
    }

    /** Writes doubles as a data file. */
    public static void write(Path dir, String name, double[] values) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int k = 0;
            while (k < values.length) {
                buf.clear();
                while (buf.remaining() >= 8 && k < values.length) {
                    buf.putDouble(values[k++]);
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
