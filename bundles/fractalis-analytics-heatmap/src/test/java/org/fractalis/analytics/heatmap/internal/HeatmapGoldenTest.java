package org.fractalis.analytics.heatmap.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-heatmap. */
class HeatmapGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-heatmap", new HeatmapTask());
    }

    /** The same cases with the numerical arrays as matrix frames (what a dense source delivers). */
    @TestFactory
    Stream<DynamicTest> goldenWithMatrices() {
        return GoldenCases.dynamicTestsWithMatrices("compute-heatmap", new HeatmapTask());
    }
}
