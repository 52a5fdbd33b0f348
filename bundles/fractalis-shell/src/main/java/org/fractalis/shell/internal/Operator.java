package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;

/** Who runs a command: the JAAS user of the shell (SSH login or console), for the log lines of changes. */
final class Operator {
    private Operator() {
    }

    static String name(Session session) {
        String user = ShellUtil.getCurrentUserName();
        if (user == null && session != null && session.get("USER") != null) {
            user = String.valueOf(session.get("USER"));
        }
        return user == null ? "unknown" : user;
    }
}
