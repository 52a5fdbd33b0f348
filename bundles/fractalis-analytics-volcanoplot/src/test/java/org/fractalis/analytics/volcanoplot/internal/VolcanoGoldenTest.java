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
}
