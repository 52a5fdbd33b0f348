package org.fractalis.shell.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;

/** {@code fractalis:node-list}: live nodes with host:port, roles, Fractalis versions and heartbeat age. */
@Command(scope = "fractalis", name = "node-list", description = "Lists the live nodes of the cluster: host:port, "
        + "roles, heartbeat age, the versions of their Fractalis bundles and what their workers run")
@Service
public class NodeListCommand implements Action {
    @Reference
    ClusterDirectory cluster;

    @Option(name = "-v", aliases = "--versions", description = "One line per node and Fractalis bundle, with its "
            + "version")
    boolean versions;

    @Override
    public Object execute() {
        long now = System.currentTimeMillis();
        if (versions) {
            ShellTable table = new ShellTable();
            table.column("Node");
            table.column("Host");
            table.column("Bundle");
            table.column("Version");
            for (NodeInfo n : cluster.nodes()) {
                n.versions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> table.addRow()
                        .addContent(Text.shortId(n.id()), n.host(), e.getKey(), e.getValue()));
            }
            table.print(System.out);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Host");
        table.column("Roles");
        table.column("Heartbeat").alignRight();
        table.column("Versions");
        table.column("Capabilities");
        for (NodeInfo n : cluster.nodes()) {
            table.addRow().addContent(Text.shortId(n.id()), n.host(), String.join(",", n.roles()),
                    Text.duration(Math.max(0, now - n.heartbeat())) + " ago", versionSummary(n.versions()),
                    Text.cut(String.join(" ", n.capabilities()), 80));
        }
        table.print(System.out);
        return null;
    }

    /**
     * Each release version (major.minor.micro, build qualifiers aside) with its number of bundles, e.g. "0.1.0 (25
     * bundles)"; {@code -v} shows every bundle's full version.
     */
    static String versionSummary(Map<String, String> versions) {
        if (versions.isEmpty()) {
            return "?";
        }
        Map<String, TreeSet<String>> byVersion = new TreeMap<>();
        versions.forEach((bundle, v) -> byVersion.computeIfAbsent(release(v), k -> new TreeSet<>()).add(bundle));
        StringBuilder b = new StringBuilder();
        byVersion.forEach((v, bundles) -> {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(v).append(" (").append(bundles.size()).append(bundles.size() == 1 ? " bundle)" : " bundles)");
        });
        return b.toString();
    }

    private static String release(String version) {
        String[] parts = version.split("\\.", 4);
        return parts.length <= 3 ? version : parts[0] + "." + parts[1] + "." + parts[2];
    }
}
