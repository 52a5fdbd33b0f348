package org.fractalis.analytics.boxplot.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-boxplot. */
class BoxplotGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-boxplot", new BoxplotTask());
    }
}
