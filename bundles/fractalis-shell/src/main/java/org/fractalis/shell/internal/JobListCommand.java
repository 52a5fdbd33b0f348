package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;

/** {@code fractalis:job-list}: jobs with session, plugin, state, times and a summary of their arguments. */
@Command(scope = "fractalis", name = "job-list", description = "Lists jobs (ETLs and analyses), oldest first, with "
        + "their session, state, times and arguments (never credentials)")
@Service
public class JobListCommand implements Action {
    @Reference
    JobService jobs;

    @Option(name = "-s", aliases = "--state", description = "Only jobs in this state: queued, running, submitted "
            + "(= queued or running), success, failure, revoked")
    @Completion(value = StringsCompleter.class, values = {"queued", "running", "submitted", "success", "failure",
            "revoked"})
    String state;

    @Option(name = "-p", aliases = "--plugin", description = "Only jobs of this connector handler or analytics task")
    @Completion(PluginCompleter.class)
    String plugin;

    @Option(name = "-S", aliases = "--session", description = "Only jobs of this session (its id or a prefix)")
    @Completion(SessionIdCompleter.class)
    String session;

    @Option(name = "-r", aliases = "--running", description = "Only jobs that have not ended (as -s submitted)")
    boolean running;

    @Override
    public Object execute() {
        JobFilter filter = new JobFilter(running && state == null ? "submitted" : state, plugin, session);
        if (filter.problem() != null) {
            System.err.println(filter.problem());
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Session");
        table.column("Kind");
        table.column("Plugin");
        table.column("State");
        table.column("Submitted");
        table.column("Waited").alignRight();
        table.column("Ran").alignRight();
        table.column("Arguments");
        long now = System.currentTimeMillis();
        for (JobInfo j : jobs.jobs()) {
            if (!filter.matches(j)) {
                continue;
            }
            long waited = (j.startedAt() > 0 ? j.startedAt() : j.finishedAt() > 0 ? j.finishedAt() : now)
                    - j.submittedAt();
            table.addRow().addContent(j.id(), Text.shortId(j.sessionId()), j.kind(), j.plugin(), JobFilter.phase(j),
                    Text.time(j.submittedAt()), Text.duration(waited), Text.duration(JobFilter.runTime(j, now)),
                    Text.cut(j.args(), 70));
        }
        table.print(System.out);
        return null;
    }
}
