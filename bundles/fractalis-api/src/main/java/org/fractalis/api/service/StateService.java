package org.fractalis.api.service;

import java.time.Duration;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Saved front-end states ({@code /state}). All methods throw {@link ServiceException} on refusal. */
@ProviderType
public interface StateService {

    /** Records the descriptors of the data the state references; 400 without a known reference. */
    String save(String sessionId, Map<String, Object> state, String handler, String server);

    /** Re-runs the state's descriptors in this session and grants it access; 404 if unknown. */
    void restore(String sessionId, String stateId, Map<String, Object> auth);

    /**
     * The restored state: not ready while ETLs run; 404 without access, 403 when an ETL failed.
     */
    SavedStateView get(String sessionId, String stateId);

    /** {@link #get} after waiting up to {@code timeout} for the ETLs (tests' {@code ?wait=1}). */
    SavedStateView awaitState(String sessionId, String stateId, Duration timeout) throws InterruptedException;
}
