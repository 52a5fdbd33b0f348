package org.fractalis.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobService;

/** Completes job ids (those not yet ended first would be nicer; all known ones are offered). */
@Service
public class JobIdCompleter implements Completer {
    @Reference
    JobService jobs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        jobs.jobs().stream().map(JobInfo::id).forEach(delegate.getStrings()::add);
        return delegate.complete(session, commandLine, candidates);
    }
}
