package org.fractalis.analytics.survival.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of survival-analysis. */
class SurvivalGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("survival-analysis", new SurvivalTask());
    }
}
