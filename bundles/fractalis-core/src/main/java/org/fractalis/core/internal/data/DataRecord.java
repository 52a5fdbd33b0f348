package org.fractalis.core.internal.data;

import java.util.List;
import java.util.Map;

/**
 * A data task as stored under {@code data:<id>}: written when the ETL is submitted, completed with the
 * features when it succeeds. The frame itself lives under {@code frame:<id>}.
 */
public record DataRecord(String taskId, String label, String dataType, String hash, String handler, String server,
        Map<String, Object> descriptor, List<String> features) {

    public DataRecord withFeatures(List<String> f) {
        return new DataRecord(taskId, label, dataType, hash, handler, server, descriptor, f);
    }
}
