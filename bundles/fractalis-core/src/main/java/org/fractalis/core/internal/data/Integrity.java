package org.fractalis.core.internal.data;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.data.FrameRules;

/**
 * The integrity rules per data kind (those of the original back-end). They live in the API ({@link FrameRules}) so
 * the connector testkit applies exactly the rules core applies; the messages reach the user as the ETL's message
 * and the connector's author in the log.
 */
public final class Integrity {

    private Integrity() {
    }

    /**
     * Checks a loaded frame against the kind its connector announced.
     *
     * @return null if the frame is fine, else the message
     */
    public static String check(Frame f, DataKind expected) {
        return FrameRules.check(f, expected);
    }
}
