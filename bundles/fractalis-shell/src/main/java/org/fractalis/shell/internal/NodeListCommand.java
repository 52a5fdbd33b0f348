package org.fractalis.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;

/** {@code fractalis:node-list}: live nodes with roles, capabilities and last heartbeat. */
@Command(scope = "fractalis", name = "node-list", description = "Lists the live nodes of the cluster")
@Service
public class NodeListCommand implements Action {
    @Reference
    ClusterDirectory cluster;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Host");
        table.column("Roles");
        table.column("Heartbeat (s ago)").alignRight();
        table.column("Capabilities");
        long now = System.currentTimeMillis();
        for (NodeInfo n : cluster.nodes()) {
            table.addRow().addContent(n.id(), n.host(), String.join(",", n.roles()), (now - n.heartbeat()) / 1000,
                    String.join(" ", n.capabilities()));
        }
        table.print(System.out);
        return null;
    }
}
