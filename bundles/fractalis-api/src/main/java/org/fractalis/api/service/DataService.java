package org.fractalis.api.service;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Data tasks (loaded variables) of a session. All methods throw {@link ServiceException} on refusal. */
@ProviderType
public interface DataService {

    /**
     * Validates the whole request (handler, server, auth, every descriptor's kind and label), then
     * creates one ETL job per descriptor, replacing same-descriptor tasks of the session.
     *
     * @return the new data task ids in request order
     */
    List<String> load(String sessionId, LoadRequest request);

    /** The session's data states in a stable order; expired entries are dropped from the session. */
    List<DataStateView> list(String sessionId);

    /** 403 if the id is not the session's, 404 if it expired. */
    DataMeta meta(String sessionId, String taskId);

    /** Cancels the ETL, removes the data and drops the id from the session; 403 if not the session's. */
    void delete(String sessionId, String taskId);

    /** {@link #delete} for every data task of the session. */
    void deleteAll(String sessionId);

    /** Blocks until every ETL of the session has ended or the timeout passes (tests' {@code ?wait=1}). */
    void awaitSession(String sessionId, Duration timeout) throws InterruptedException;
}
