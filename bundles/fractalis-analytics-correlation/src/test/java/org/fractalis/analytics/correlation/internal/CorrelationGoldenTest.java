package org.fractalis.analytics.correlation.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-correlation. */
class CorrelationGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-correlation", new CorrelationTask());
    }
}
