package org.fractalis.api.service;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /data/meta/{id}}.
 *
 * @param descriptor the descriptor as posted
 * @param features distinct features of the loaded data (empty until loaded)
 */
public record DataMeta(Map<String, Object> descriptor, List<String> features) {
}
