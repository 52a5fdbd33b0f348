package org.fractalis.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.fractalis.api.service.DeployDiagnostics;
import org.fractalis.api.service.DeployDiagnostics.Finding;

/**
 * {@code fractalis:deploy-check}: installed jars that provide no plugin although they should (a plain jar Karaf
 * wrapped, a bundle with Connector/AnalyticsTask classes but no DS component).
 */
@Command(scope = "fractalis", name = "deploy-check",
        description = "Lists installed jars (e.g. in deploy/) that register no Connector or AnalyticsTask, and why")
@Service
public class DeployCheckCommand implements Action {
    @Reference
    DeployDiagnostics diagnostics;

    @Override
    public Object execute() {
        List<Finding> findings = diagnostics.findings();
        if (findings.isEmpty()) {
            System.out.println("No problems: every installed plugin jar is a bundle that registers its components.");
            return null;
        }
        for (Finding f : findings) {
            // one block per jar: the explanation is a sentence or two, too long for a table column
            System.out.println(f.jar() + " (bundle " + f.bundleId() + ", " + f.symbolicName() + ")");
            System.out.println("  " + f.problem());
        }
        return null;
    }
}
