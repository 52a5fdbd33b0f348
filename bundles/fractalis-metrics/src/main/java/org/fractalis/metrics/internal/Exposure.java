package org.fractalis.metrics.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Who gets {@code GET /metrics}: nobody (and nothing is recorded), loopback clients only, or everyone. */
enum Exposure {
    OFF, LOOPBACK, OPEN;

    /** The configured value, case-insensitive; the metatype refuses others before they get here. */
    static Exposure parse(String value) {
        if (value == null || value.isBlank()) {
            return LOOPBACK;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "open" -> OPEN;
            case "loopback" -> LOOPBACK;
            default -> throw new IllegalArgumentException("exposure must be off, loopback or open, not '" + value + "'");
        };
    }

    /** Whether a client with this remote address may read the metrics. */
    boolean allows(String remoteAddr) {
        return switch (this) {
            case OFF -> false;
            case OPEN -> true;
            case LOOPBACK -> isLoopback(remoteAddr);
        };
    }

    /** 127.0.0.0/8 and ::1 (also as ::ffff:127.x.x.x); literal addresses only, never a DNS lookup. */
    static boolean isLoopback(String addr) {
        if (addr == null || addr.isEmpty() || addr.length() > 64) {
            return false;
        }
        String a = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        if (!a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false; // a host name: InetAddress would resolve it
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
