package org.fractalis.analytics.volcanoplot.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-volcanoplot. */
class VolcanoGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-volcanoplot", new VolcanoTask());
    }

    /** The same cases with the numerical arrays as matrix frames (what a dense source delivers). */
    @TestFactory
    Stream<DynamicTest> goldenWithMatrices() {
        return GoldenCases.dynamicTestsWithMatrices("compute-volcanoplot", new VolcanoTask());
    }
}
