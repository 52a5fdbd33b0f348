package org.fractalis.api.service;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Browser sessions (the {@code session} cookie). */
@ProviderType
public interface SessionService {

    /**
     * The session a cookie value names, or a fresh session id when the value is null, not a UUID, or
     * names no live session. A fresh session is stored on its first write.
     */
    String resolve(String cookieValue);

    /** Live sessions (for the shell). */
    List<SessionInfo> sessions();

    /** One live session, if there is one with this id (for the shell). @since 1.3 */
    default Optional<SessionInfo> session(String sessionId) {
        return sessions().stream().filter(s -> s.id().equals(sessionId)).findFirst();
    }

    /**
     * Removes a session for an operator: cancels its running jobs, removes its data, analyses and results, then the
     * session itself (its browser starts afresh). Saved states stay (other sessions may restore them).
     *
     * @return what the session held just before, or empty when no live session has this id
     * @throws UnsupportedOperationException by providers that cannot purge
     * @since 1.3
     */
    default Optional<SessionInfo> purge(String sessionId) {
        throw new UnsupportedOperationException("purge");
    }
}
