package org.fractalis.health.internal;

import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code fractalis:health}: the node's readiness checks (as {@code GET /health/ready}), one row per check. It lives in
 * this bundle because Karaf registers a bundle's commands only while all of them have their services: the other
 * {@code fractalis:*} commands need core, which may be exactly what is down.
 */
@Command(scope = "fractalis", name = "health", description = "Runs the readiness checks of this node")
@Service
public class HealthCommand implements Action {
    @Reference(optional = true)
    HealthCheckExecutor executor;

    @Option(name = "-t", aliases = "--tags", description = "Comma-separated health-check tags to run (default ready)")
    String tags = HealthServlet.READY_TAG;

    @Override
    public Object execute() {
        HealthReport report = executor == null ? new HealthReport(java.util.List.of())
                : HealthReport.of(executor.execute(HealthCheckSelector.tags(tags.split(",")),
                        new HealthCheckExecutionOptions()));
        ShellTable table = new ShellTable();
        table.column("Check");
        table.column("Status");
        table.column("ms").alignRight();
        table.column("Message").maxSize(120);
        for (HealthReport.Check c : report.checks()) {
            table.addRow().addContent(c.name(), c.status(), c.durationMs(), c.message());
        }
        table.print(System.out);
        System.out.println((report.ready() ? "Ready" : "Not ready") + " (" + report.status() + ", "
                + report.checks().size() + " checks)" + (executor == null ? ": Felix Health Checks not running" : ""));
        return null;
    }
}
