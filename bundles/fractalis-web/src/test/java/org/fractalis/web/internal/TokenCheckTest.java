package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.auth.TokenRejectedException;
import org.fractalis.api.auth.TokenValidator;
import org.fractalis.api.service.ServiceException;
import org.junit.jupiter.api.Test;

class TokenCheckTest {

    @Test
    void withoutAValidatorEverythingPasses() {
        TokenCheck.NONE.require(null);
        TokenCheck.NONE.require(Map.of("user", "u"));
    }

    @Test
    void theValidatorGetsTheTokenOrNull() {
        List<String> seen = new ArrayList<>();
        TokenCheck check = new TokenCheck(() -> seen::add);
        check.require(Map.of("token", "abc"));
        check.require(Map.of("token", "  "));
        check.require(Map.of("token", 42));
        check.require(Map.of("user", "u"));
        Map<String, Object> nullToken = new HashMap<>();
        nullToken.put("token", null);
        check.require(nullToken);
        check.require("not an object");
        List<String> expected = new ArrayList<>();
        expected.add("abc");
        for (int i = 0; i < 5; i++) {
            expected.add(null);
        }
        assertEquals(expected, seen);
    }

    @Test
    void refusalIs403AndUncheckableIs503() {
        TokenCheck refuses = new TokenCheck(() -> t -> {
            throw new TokenRejectedException("Access unauthorized: the access token has expired.");
        });
        ServiceException e = assertThrows(ServiceException.class, () -> refuses.require(Map.of("token", "x")));
        assertEquals(403, e.reason().status());
        assertEquals("Access unauthorized: the access token has expired.", e.getMessage());

        TokenCheck down = new TokenCheck(() -> t -> {
            throw TokenRejectedException.unavailable("The identity provider's keys could not be fetched.");
        });
        assertEquals(503, assertThrows(ServiceException.class, () -> down.require(Map.of("token", "x")))
                .reason().status());

        TokenValidator broken = t -> {
            throw new IllegalStateException("bug, with " + t);
        };
        ServiceException b = assertThrows(ServiceException.class, () -> new TokenCheck(() -> broken)
                .require(Map.of("token", "secret-token")));
        assertEquals(503, b.reason().status());
        assertEquals("The access token could not be checked (internal error of the token validator).", b.getMessage());
    }
}
