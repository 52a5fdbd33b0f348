package org.fractalis.analytics.volcanoplot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import org.fractalis.golden.GoldenCase;
import org.fractalis.golden.GoldenCases;
import org.fractalis.golden.GoldenJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Further reference cases in the golden format ({@code src/test/resources/extra-cases}): their expected values
 * come from the original Fractalis 1.3.1 task code run on the golden stack (see each file's notes). They cover
 * what the visible golden set does not: the order numpy's quicksort gives to tied ranking keys, NaN cells with
 * absent rows and overlapping subsets, more than two groups with missing groups, features without residual df.
 */
class ExtraCasesTest {

    private static final List<String> CASES = List.of("extra_four_groups_nan", "extra_tiny_df0");

    @TestFactory
    Stream<DynamicTest> extraCases() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name,
                () -> GoldenCases.assertCase(load(name), new VolcanoTask())));
    }

    private static GoldenCase load(String name) {
        try (InputStream in = ExtraCasesTest.class.getResourceAsStream("/extra-cases/" + name + ".json")) {
            return new GoldenCase("compute-volcanoplot", name, GoldenJson.parseObject(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
