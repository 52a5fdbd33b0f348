import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.Frame;
import org.fractalis.connector.test.internal.TestConnector;

/**
 * Writes the matrix the node's 'test' connector generates for a descriptor, through that connector itself (its jar
 * on the class path), so the references (R limma, scikit-learn) run on exactly the values the node analyses.
 *
 * <p>Usage: java -cp fractalis-api.jar:fractalis-connector-test.jar GenerateScale.java SAMPLES FEATURES SEED OUT
 * <br>OUT: little-endian doubles, features x samples row-major (one row per feature), as the benchmark's R and
 * Python references read them; OUT.features: the feature names in that order, one per line.
 */
public class GenerateScale {
    public static void main(String[] args) throws Exception {
        int samples = Integer.parseInt(args[0]);
        int features = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        // the connector's configuration (an annotation interface) with the bound raised to this matrix
        TestConnector.Config config = (TestConnector.Config) Proxy.newProxyInstance(
                GenerateScale.class.getClassLoader(), new Class<?>[] {TestConnector.Config.class},
                (proxy, method, a) -> switch (method.getName()) {
                    case "random_max_values" -> (long) samples * features;
                    case "annotationType" -> TestConnector.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Frame f = new TestConnector(config).load(new EtlRequest("bench", "bench", "abc", Map.of(
                "data_type", "numerical_array", "num_samples", samples, "num_features", features, "seed", seed)));
        if (!f.isMatrix() || f.size() != (long) samples * features) {
            throw new IllegalStateException("unexpected frame " + f);
        }
        // rows are feature-major: feature f of id i at f * samples + i, which is the file's order
        ByteBuffer buf = ByteBuffer.allocate(8 << 16).order(ByteOrder.LITTLE_ENDIAN);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[3]),
                1 << 20))) {
            for (int r = 0; r < f.size(); r++) {
                buf.putDouble(f.number(r));
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
        java.nio.file.Files.write(java.nio.file.Path.of(args[3] + ".features"), f.features());
        System.out.println("wrote " + f.size() + " values (" + features + " features x " + samples + " samples)");
    }
}
