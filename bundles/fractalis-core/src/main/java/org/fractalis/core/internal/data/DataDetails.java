package org.fractalis.core.internal.data;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /data/meta/<id>} and saved states need of a data task, stored under {@code descriptor:<id>}
 * apart from its {@link DataRecord}: both parts grow with the data, so listings never read them.
 *
 * @param features null until the frame is loaded
 */
public record DataDetails(Map<String, Object> descriptor, List<String> features) {

    public DataDetails withFeatures(List<String> f) {
        return new DataDetails(descriptor, f);
    }
}
