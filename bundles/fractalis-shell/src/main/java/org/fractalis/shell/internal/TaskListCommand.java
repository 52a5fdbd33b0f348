package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.AnalyticsRegistry;

/** {@code fractalis:task-list}: the analytics task names usable in POST /analytics on this node. */
@Command(scope = "fractalis", name = "task-list", description = "Lists the installed analytics tasks")
@Service
public class TaskListCommand implements Action {
    @Reference
    AnalyticsRegistry tasks;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Task");
        tasks.names().forEach(n -> table.addRow().addContent(n));
        table.print(System.out);
        return null;
    }
}
