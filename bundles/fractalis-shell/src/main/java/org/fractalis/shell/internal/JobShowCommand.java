package org.fractalis.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;

/** {@code fractalis:job-show <id>}: everything known of one job, its whole failure message included. */
@Command(scope = "fractalis", name = "job-show", description = "Shows one job: session, state, times, arguments "
        + "and its whole failure message")
@Service
public class JobShowCommand implements Action {
    @Reference
    JobService jobs;

    @Argument(index = 0, name = "id", description = "The job id (or a prefix of it)", required = true)
    @Completion(JobIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        Ids.Resolved r = Ids.resolve(id, jobs.jobs().stream().map(JobInfo::id).toList(), "job");
        Optional<JobInfo> found = r.id() == null ? Optional.empty() : jobs.get(r.id());
        if (found.isEmpty()) {
            System.err.println(r.problem() != null ? r.problem() : "No job with id '" + id + "' any more.");
            return null;
        }
        JobInfo j = found.get();
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Id", j.id());
        table.addRow().addContent("Kind", j.kind());
        table.addRow().addContent("Plugin", j.plugin());
        table.addRow().addContent("Session", j.sessionId());
        table.addRow().addContent("State", JobFilter.phase(j));
        table.addRow().addContent("Submitted", Text.time(j.submittedAt()));
        table.addRow().addContent("Started", j.startedAt() > 0 ? Text.time(j.startedAt()) : "not yet");
        table.addRow().addContent("Finished", j.finishedAt() > 0 ? Text.time(j.finishedAt()) : "not yet");
        table.addRow().addContent("Ran", Text.duration(JobFilter.runTime(j, now)));
        table.addRow().addContent("Arguments", j.args() == null ? "" : j.args());
        table.addRow().addContent("Message", j.message() == null ? "" : j.message());
        table.print(System.out);
        return null;
    }
}
