package org.fractalis.core.internal.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.analytics.ArgumentResolver.Reference;
import org.junit.jupiter.api.Test;

/** The reference syntax of CLIENT_CONTRACT.md §6 and the filters; no store needed. */
class ArgumentResolverParseTest {
    private static final String ID = "6f1c2c1e-0b7e-4a57-9a51-3c1f0e9d8b21";

    @Test
    void whatCountsAsAReference() {
        assertTrue(ArgumentResolver.isReference("$" + ID + "$"));
        assertTrue(ArgumentResolver.isReference("${\"id\":\"" + ID + "\"}$"));
        assertFalse(ArgumentResolver.isReference("$"));
        assertFalse(ArgumentResolver.isReference("pearson"));
        assertFalse(ArgumentResolver.isReference("$abc"));
        assertFalse(ArgumentResolver.isReference(42));
        assertFalse(ArgumentResolver.isReference(null));
    }

    @Test
    void theClientsJsonForm() {
        Reference r = ArgumentResolver.parse("${\"id\":\"" + ID + "\",\"filters\":{}}$");
        assertEquals(ID, r.id());
        assertTrue(r.filters().isEmpty());
        Reference f = ArgumentResolver.parse(
                "${\"id\":\"" + ID + "\",\"filters\":{\"feature\":[\"hsa-mir-21\",\"hsa-mir-155\"]}}$");
        assertEquals(Map.of("feature", List.of("hsa-mir-21", "hsa-mir-155")), f.filters());
    }

    @Test
    void emptyFilterListsAreIgnored() {
        Reference r = ArgumentResolver.parse("${\"id\":\"" + ID + "\",\"filters\":{\"feature\":[]}}$");
        assertTrue(r.filters().isEmpty());
    }

    @Test
    void thePythonFallbackOfABareUuid() {
        Reference r = ArgumentResolver.parse("$" + ID + "$");
        assertEquals(ID, r.id());
        assertTrue(r.filters().isEmpty());
    }

    @Test
    void referencesWithoutAValidIdAreNull() {
        assertNull(ArgumentResolver.parse("$not-a-uuid$"));
        assertNull(ArgumentResolver.parse("${\"id\":\"nope\"}$"));
        assertNull(ArgumentResolver.parse("${\"filters\":{}}$"));
        assertNull(ArgumentResolver.parse("${\"id\":42}$"));
        assertNull(ArgumentResolver.parse("${broken json$"));
        assertNull(ArgumentResolver.parse("$" + ID.toUpperCase() + "$"), "ids are lower-case UUIDs");
    }

    private static Frame array() {
        return Frame.builder(DataKind.NUMERICAL_ARRAY)
                .add("p1", "g1", 1).add("p1", "g2", 2).add("p2", "g1", 3).add("p2", "g2", Double.NaN)
                .add("p3", "g3", 5).build();
    }

    @Test
    void filtersOnFeatureIdAndValue() throws Exception {
        Frame f = ArgumentResolver.applyFilters(array(), Map.of("feature", List.of("g1", "g3")));
        assertEquals(List.of("g1", "g3"), f.features());
        assertEquals(3, f.size());
        Frame byId = ArgumentResolver.applyFilters(array(), Map.of("id", List.of("p2")));
        assertEquals(List.of("p2"), byId.ids());
        assertEquals(2, byId.size());
        // numbers in a filter match numeric values by their canonical text (1 == 1.0)
        Frame byValue = ArgumentResolver.applyFilters(array(), Map.of("value", List.of(1, 5.0)));
        assertEquals(2, byValue.size());
        // several filters combine with AND
        Frame both = ArgumentResolver.applyFilters(array(),
                new java.util.LinkedHashMap<>(Map.of("feature", List.of("g1"), "id", List.of("p2"))));
        assertEquals(1, both.size());
        assertEquals(3.0, both.number(0));
    }

    @Test
    void categoricalValueFilter() throws Exception {
        Frame c = Frame.builder(DataKind.CATEGORICAL).add("p1", "sex", "male").add("p2", "sex", "female").build();
        Frame f = ArgumentResolver.applyFilters(c, Map.of("value", List.of("female")));
        assertEquals(List.of("p2"), f.ids());
    }

    @Test
    void filterWithNoMatchGivesAnEmptyFrame() throws Exception {
        assertTrue(ArgumentResolver.applyFilters(array(), Map.of("feature", List.of("nope"))).isEmpty());
    }

    @Test
    void anUnknownFilterColumnIsAValueError() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> ArgumentResolver.applyFilters(array(), Map.of("color", List.of("red"))));
        assertEquals("ValueError", e.type());
        assertTrue(e.getMessage().contains("'color'"), e.getMessage());
    }
}
