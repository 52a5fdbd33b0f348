package org.fractalis.analytics.pca.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-pca. */
class PcaGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-pca", new PcaTask());
    }

    /** The same cases with the numerical arrays as matrix frames (what a dense source delivers). */
    @TestFactory
    Stream<DynamicTest> goldenWithMatrices() {
        return GoldenCases.dynamicTestsWithMatrices("compute-pca", new PcaTask());
    }
}
