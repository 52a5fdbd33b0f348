package org.fractalis.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code fractalis:job-cancel <id>}: revokes a job that has not ended; logged with the operator's name. */
@Command(scope = "fractalis", name = "job-cancel", description = "Cancels a job that has not ended (it becomes "
        + "REVOKED; the browser shows it as cancelled)")
@Service
public class JobCancelCommand implements Action {
    private static final Logger LOG = LoggerFactory.getLogger(JobCancelCommand.class);

    @Reference
    JobService jobs;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", description = "The job id (or a prefix of it)", required = true)
    @Completion(JobIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        Ids.Resolved r = Ids.resolve(id, jobs.jobs().stream().map(JobInfo::id).toList(), "job");
        Optional<JobInfo> job = r.id() == null ? Optional.empty() : jobs.get(r.id());
        if (job.isEmpty()) {
            System.err.println(r.problem() != null ? r.problem() : "No job with id '" + id + "' any more.");
            return null;
        }
        JobInfo j = job.get();
        if (jobs.cancel(j.id())) {
            LOG.info("Job {} ({} {}, session {}) cancelled by {}", j.id(), j.kind(), j.plugin(), j.sessionId(),
                    Operator.name(session));
            System.out.println("Job " + j.id() + " cancelled.");
        } else {
            System.out.println("Job " + j.id() + " had already ended (" + JobFilter.phase(jobs.get(j.id()).orElse(j))
                    + ").");
        }
        return null;
    }
}
