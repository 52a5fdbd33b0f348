package org.fractalis.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the commands write ids, times and durations. */
final class Text {
    /** Characters of a shortened id (enough to tell sessions apart; commands accept such a prefix). */
    static final int SHORT = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Text() {
    }

    static String shortId(String id) {
        return id == null ? "" : id.length() <= SHORT ? id : id.substring(0, SHORT);
    }

    /** Local date and time of an epoch ms, "" for 0 (not yet). */
    static String time(long epochMs) {
        return epochMs <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** A duration such as 850ms, 12.3s, 4m05s, 2h07m, 3d04h. */
    static String duration(long ms) {
        if (ms < 0) {
            return "";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** The text cut to {@code max} characters with an ellipsis, "" for null. */
    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }
}
