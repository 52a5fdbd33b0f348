package org.fractalis.core.internal.job;

/** Package-private helpers of {@link JobExecutor} for tests in other packages. */
public final class JobExecutorAccess {
    private JobExecutorAccess() {
    }

    public static String auditServer(String server) {
        return JobExecutor.auditServer(server);
    }
}
