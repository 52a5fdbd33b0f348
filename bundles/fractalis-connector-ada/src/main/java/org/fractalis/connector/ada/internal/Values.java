package org.fractalis.connector.ada.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** Text and number views of the JSON values ADA returns. */
final class Values {
    private Values() {
    }

    /** A scalar's text; integral numbers without fraction ({@code 1} and {@code 1.0} both give "1"). */
    static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return Long.toString((long) d);
            }
            return n.toString();
        }
        return String.valueOf(o);
    }

    /** A scalar node's text (as {@link #text(Object)}), or null for containers and null. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "true" : "false";
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isNumber()) {
            return text(n.decimalValue());
        }
        return n.asText();
    }

    /**
     * A number from a node: JSON numbers as they are; numeric strings parsed; for dates also ISO-8601 text
     * (instant, offset or local date-time, or date; local times are read as UTC) as epoch milliseconds.
     *
     * @return the value, or null if the node is not a number (nor, for dates, a date)
     */
    static Double number(JsonNode n, boolean date) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (!n.isTextual()) {
            return null;
        }
        String s = n.textValue().trim();
        try {
            double d = Double.parseDouble(s);
            return Double.isInfinite(d) ? null : d;
        } catch (NumberFormatException e) {
            // not a plain number; maybe a date
        }
        return date ? epochMillis(s) : null;
    }

    private static Double epochMillis(String s) {
        try {
            return (double) Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return (double) OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return (double) LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return (double) LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
