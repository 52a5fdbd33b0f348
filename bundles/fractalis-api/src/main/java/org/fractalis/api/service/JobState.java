package org.fractalis.api.service;

/** The only task states the client understands. */
public enum JobState {
    SUBMITTED, SUCCESS, FAILURE, REVOKED;

    /** Whether the job has ended. */
    public boolean isFinal() {
        return this != SUBMITTED;
    }
}
