package org.fractalis.shell.internal;

import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.NodeInfo;

/** Completes plugin names (handlers and tasks) for job filters. */
@Service
public class PluginCompleter implements Completer {
    @Reference
    ConnectorRegistry connectors;

    @Reference
    AnalyticsRegistry tasks;

    @Reference(optional = true)
    ClusterDirectory cluster;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        delegate.getStrings().addAll(connectors.handlers());
        delegate.getStrings().addAll(tasks.names());
        offered(cluster, "etl:", delegate.getStrings());
        offered(cluster, "analytics:", delegate.getStrings());
        return delegate.complete(session, commandLine, candidates);
    }

    /** Adds the names live nodes offer under a capability prefix. */
    static void offered(ClusterDirectory cluster, String prefix, Collection<String> into) {
        if (cluster == null) {
            return;
        }
        for (NodeInfo n : cluster.nodes()) {
            for (String c : n.capabilities()) {
                if (c.startsWith(prefix)) {
                    into.add(c.substring(prefix.length()));
                }
            }
        }
    }
}
