package org.fractalis.analytics.cluster.internal;

import java.util.stream.Stream;

import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of compute-cluster (kmeans by the structural check). */
class ClusterGoldenTest {

    @TestFactory
    Stream<DynamicTest> golden() {
        return GoldenCases.dynamicTests("compute-cluster", new ClusterTask());
    }
}
