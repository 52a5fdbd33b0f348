package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.api.service.SessionService;

/** {@code fractalis:session-list}: sessions with their numbers of data and analytic tasks. */
@Command(scope = "fractalis", name = "session-list", description = "Lists browser sessions")
@Service
public class SessionListCommand implements Action {
    @Reference
    SessionService sessions;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("Data").alignRight();
        table.column("Analyses").alignRight();
        table.column("States").alignRight();
        for (SessionInfo s : sessions.sessions()) {
            table.addRow().addContent(s.id(), s.dataTasks().size(), s.analyticTasks().size(), s.states().size());
        }
        table.print(System.out);
        return null;
    }
}
