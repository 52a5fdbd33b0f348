package org.fractalis.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class DemoSubsetsTest {
    @Test
    void splitsByLabelAndKeepsFrameOrder() {
        Frame f = Frame.builder(DataKind.CATEGORICAL).add("b", "stage_group", "late").add("a", "stage_group", "early")
                .add("c", "stage_group", null).add("d", "stage_group", "late").add("e", "stage_group", "Early").build();
        assertEquals(List.of(List.of("a"), List.of("b", "d")), DemoSubsets.split(f));
    }

    @Test
    void refusesNumericFrames() {
        Frame f = Frame.builder(DataKind.NUMERICAL).add("a", "stage_group", 1.0).build();
        assertThrows(IllegalArgumentException.class, () -> DemoSubsets.split(f));
    }

    @Test
    void jsonOfEmptySubsets() {
        assertEquals("{\"handler\":\"demo_tcga_coad\",\"field\":\"stage_group\",\"labels\":[\"early\",\"late\"],"
                + "\"subsets\":[[],[]]}", DemoSubsets.json(List.of(List.of(), List.of())));
    }
}
