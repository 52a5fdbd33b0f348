package org.fractalis.api.service;

import java.util.List;
import java.util.Map;

/**
 * A {@code POST /data} body.
 *
 * @param handler the connector handler name
 * @param server the data source URL
 * @param auth the auth object
 * @param descriptors one descriptor per variable, in request order
 */
public record LoadRequest(String handler, String server, Map<String, Object> auth,
        List<Map<String, Object>> descriptors) {
    @Override
    public String toString() {
        return "LoadRequest[handler=" + handler + ", server=" + server + ", descriptors=" + descriptors.size() + "]";
    }
}
