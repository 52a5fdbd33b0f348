package org.fractalis.api.service;

import java.util.List;

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
}
