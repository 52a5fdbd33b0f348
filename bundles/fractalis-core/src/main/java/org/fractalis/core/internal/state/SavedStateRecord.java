package org.fractalis.core.internal.state;

import java.util.List;
import java.util.Map;

/** A saved front-end state with the descriptors of the data it references. */
public record SavedStateRecord(Map<String, Object> state, String handler, String server, List<Task> tasks) {

    /** One referenced data task as it was loaded. */
    public record Task(String taskId, String handler, String server, Map<String, Object> descriptor) {
    }
}
