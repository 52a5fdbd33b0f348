package org.fractalis.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExposureTest {

    @Test
    void parsesTheThreeValuesAndDefaultsToLoopback() {
        assertEquals(Exposure.OFF, Exposure.parse("off"));
        assertEquals(Exposure.OPEN, Exposure.parse(" Open "));
        assertEquals(Exposure.LOOPBACK, Exposure.parse("loopback"));
        assertEquals(Exposure.LOOPBACK, Exposure.parse(null));
        assertEquals(Exposure.LOOPBACK, Exposure.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Exposure.parse("everyone"));
    }

    @Test
    void loopbackAllowsOnlyLoopbackAddresses() {
        for (String a : new String[] {"127.0.0.1", "127.9.8.7", "::1", "0:0:0:0:0:0:0:1", "[::1]"}) {
            assertTrue(Exposure.LOOPBACK.allows(a), a);
        }
        for (String a : new String[] {"10.0.0.1", "192.168.1.2", "::2", "fe80::1", "0.0.0.0", "localhost", "", null,
            "example.org", "1".repeat(100)}) {
            assertFalse(Exposure.LOOPBACK.allows(a), String.valueOf(a));
        }
    }

    @Test
    void openAllowsEveryoneAndOffNobody() {
        assertTrue(Exposure.OPEN.allows("203.0.113.9"));
        assertFalse(Exposure.OFF.allows("127.0.0.1"));
    }
}
