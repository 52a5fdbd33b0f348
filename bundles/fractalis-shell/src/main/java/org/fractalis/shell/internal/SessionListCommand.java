package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.api.service.SessionService;

/** {@code fractalis:session-list}: sessions with age, expiry, their data's labels and their numbers of tasks. */
@Command(scope = "fractalis", name = "session-list", description = "Lists browser sessions: age, time until "
        + "they expire, the labels of their data, numbers of data, analyses and saved states")
@Service
public class SessionListCommand implements Action {
    @Reference
    SessionService sessions;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("Age").alignRight();
        table.column("Expires in").alignRight();
        table.column("Data").alignRight();
        table.column("Analyses").alignRight();
        table.column("States").alignRight();
        table.column("Labels");
        long now = System.currentTimeMillis();
        for (SessionInfo s : sessions.sessions()) {
            table.addRow().addContent(s.id(), s.createdAt() > 0 ? Text.duration(now - s.createdAt()) : "?",
                    s.expiresAt() > 0 ? Text.duration(s.expiresAt() - now) : "?", s.dataTasks().size(),
                    s.analyticTasks().size(), s.states().size(), Text.cut(String.join(", ", s.labels()), 60));
        }
        table.print(System.out);
        return null;
    }
}
