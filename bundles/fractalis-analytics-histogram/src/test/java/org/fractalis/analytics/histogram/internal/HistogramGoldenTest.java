package org.fractalis.analytics.histogram.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-histogram. */
class HistogramGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-histogram", new HistogramTask());
    }
}
