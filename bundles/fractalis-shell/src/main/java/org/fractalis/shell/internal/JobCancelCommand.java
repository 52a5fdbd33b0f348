package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.fractalis.api.service.JobService;

/** {@code fractalis:job-cancel <id>}: revokes a running job. */
@Command(scope = "fractalis", name = "job-cancel", description = "Cancels a running job (it becomes REVOKED)")
@Service
public class JobCancelCommand implements Action {
    @Reference
    JobService jobs;

    @Argument(index = 0, name = "id", description = "The job id", required = true)
    String id;

    @Override
    public Object execute() {
        if (jobs.get(id).isEmpty()) {
            throw new IllegalArgumentException("No job with id " + id);
        }
        System.out.println(jobs.cancel(id) ? "Job " + id + " cancelled." : "Job " + id + " had already ended.");
        return null;
    }
}
