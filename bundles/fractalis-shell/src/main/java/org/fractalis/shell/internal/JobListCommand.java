package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;

/** {@code fractalis:job-list}: jobs with kind, plugin, state and age. */
@Command(scope = "fractalis", name = "job-list", description = "Lists jobs (ETLs and analyses)")
@Service
public class JobListCommand implements Action {
    @Reference
    JobService jobs;

    @Option(name = "-r", aliases = "--running", description = "Only jobs still SUBMITTED")
    boolean running;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Plugin");
        table.column("State");
        table.column("Age (s)").alignRight();
        table.column("Message");
        long now = System.currentTimeMillis();
        for (JobInfo j : jobs.jobs()) {
            if (running && j.state().isFinal()) {
                continue;
            }
            table.addRow().addContent(j.id(), j.kind(), j.plugin(), j.state(), (now - j.submittedAt()) / 1000,
                    j.message() == null ? "" : j.message());
        }
        table.print(System.out);
        return null;
    }
}
