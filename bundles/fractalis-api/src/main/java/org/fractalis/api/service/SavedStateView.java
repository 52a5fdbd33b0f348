package org.fractalis.api.service;

import java.util.Map;

/**
 * {@code GET /state/{id}}: either still loading, or the state with its data ids replaced.
 *
 * @param ready whether every ETL of the restore succeeded
 * @param state the saved state with old data ids replaced by this session's ids (when ready)
 */
public record SavedStateView(boolean ready, Map<String, Object> state) {
}
