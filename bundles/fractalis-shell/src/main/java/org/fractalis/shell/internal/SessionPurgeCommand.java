package org.fractalis.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.fractalis.api.service.SessionInfo;
import org.fractalis.api.service.SessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code fractalis:session-purge <id>}: removes a session with its data, analyses and results; logged. */
@Command(scope = "fractalis", name = "session-purge", description = "Removes a session: cancels its jobs, deletes "
        + "its data, analyses and results (its browser starts afresh; saved states stay)")
@Service
public class SessionPurgeCommand implements Action {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPurgeCommand.class);

    @Reference
    SessionService sessions;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", description = "The session id (or a prefix of it)", required = true)
    @Completion(SessionIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        Ids.Resolved r = Ids.resolve(id, sessions.sessions().stream().map(SessionInfo::id).toList(), "session");
        if (r.id() == null) {
            System.err.println(r.problem());
            return null;
        }
        Optional<SessionInfo> gone = sessions.purge(r.id());
        if (gone.isEmpty()) {
            System.err.println("No session with id '" + id + "' any more.");
            return null;
        }
        SessionInfo s = gone.get();
        LOG.info("Session {} purged by {}: {} data, {} analyses removed", s.id(), Operator.name(session),
                s.dataTasks().size(), s.analyticTasks().size());
        System.out.println("Session " + s.id() + " purged: " + s.dataTasks().size() + " data, "
                + s.analyticTasks().size() + " analyses removed.");
        return null;
    }
}
