package org.fractalis.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fractalis.api.backend.JobMessage;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void theTokenAndAuthValuesAreMaskedAsWholeValues() {
        Secrets s = Secrets.of(Map.of("token", "tok-9f8e7d", "auth", Map.of("user", "alice", "passwd", "p@ss word")));
        assertEquals("token=*** for *** (***) malice",
                s.redact("token=tok-9f8e7d for alice (p%40ss+word) malice"));
    }

    @Test
    void aTextHoldingAShortSecretIsWithheldWhole() {
        Secrets s = Secrets.of(Map.of("token", "", "auth", Map.of("user", "u", "passwd", "pw")));
        assertEquals("unknown host", s.redact("unknown host"));
        assertEquals(Secrets.WITHHELD, s.redact("login of u failed"));
    }

    @Test
    void theLoggedCopyKeepsTheTraceAndTypeButNotTheSecret() {
        Secrets s = Secrets.of(Map.of("token", "tok-9f8e7d"));
        IllegalStateException e = new IllegalStateException("bad tok-9f8e7d", new RuntimeException("tok-9f8e7d"));
        Throwable logged = s.redact(e);
        assertEquals("java.lang.IllegalStateException: bad ***", logged.toString());
        assertEquals("java.lang.RuntimeException: ***", logged.getCause().toString());
        assertEquals(e.getStackTrace().length, logged.getStackTrace().length);
        assertFalse(logged.toString().contains("tok-9f8e7d"));
        assertSame(e, Secrets.none().redact(e));
    }

    @Test
    void describeQuotesTheTypeAndOneLineOfTheMessage() {
        JobMessage job = new JobMessage("j", JobMessage.Kind.ETL, "x", "s", java.util.List.of(), "{}", 0);
        assertEquals("RuntimeError: The job failed unexpectedly in loading this variable (AssertionError: expected "
                + "3 got 4).", JobExecutor.failureMessage(job, new AssertionError("expected 3\n got 4")));
        String longMessage = JobExecutor.describe(new IllegalStateException("y".repeat(1000)), Secrets.none());
        assertTrue(longMessage.length() < 400, longMessage);
    }
}
