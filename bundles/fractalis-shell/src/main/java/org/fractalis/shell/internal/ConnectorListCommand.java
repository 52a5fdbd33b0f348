package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.ConnectorRegistry;

/** {@code fractalis:connector-list}: the handlers usable in POST /data on this node. */
@Command(scope = "fractalis", name = "connector-list", description = "Lists the installed connectors (handlers)")
@Service
public class ConnectorListCommand implements Action {
    @Reference
    ConnectorRegistry connectors;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Handler");
        connectors.handlers().forEach(h -> table.addRow().addContent(h));
        table.print(System.out);
        return null;
    }
}
