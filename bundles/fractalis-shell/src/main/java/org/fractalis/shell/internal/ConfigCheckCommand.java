package org.fractalis.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.fractalis.api.config.ConfigurationIssue;
import org.fractalis.api.config.ConfigurationIssues;

/**
 * {@code fractalis:config-check}: the configuration values this node refused (outside their type, range or
 * options), with what is allowed and what is in effect instead. {@code config:list "(service.pid=org.fractalis.web)"}
 * shows the values in effect, environment overrides included.
 */
@Command(scope = "fractalis", name = "config-check",
        description = "Lists refused org.fractalis.* configuration values (PID, key, value, source, allowed, in effect)")
@Service
public class ConfigCheckCommand implements Action {
    @Reference(optional = true)
    ConfigurationIssues issues;

    @Override
    public Object execute() {
        if (issues == null) {
            System.out.println("The configuration plugin (bundle fractalis-config) is not running: values are not "
                    + "checked and FRACTALIS_* environment variables are not applied.");
            return null;
        }
        List<ConfigurationIssue> all = issues.issues();
        if (all.isEmpty()) {
            System.out.println("No configuration value refused.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("PID");
        table.column("Key");
        table.column("Value").maxSize(40);
        table.column("Source");
        table.column("Allowed").maxSize(100);
        table.column("In effect").maxSize(40);
        for (ConfigurationIssue i : all) {
            table.addRow().addContent(i.pid(), i.key(), i.value(), i.source(), i.allowed(), i.inEffect());
        }
        table.print(System.out);
        System.out.println(all.size() + " value(s) refused; the components keep their last valid values. Fix with "
                + "config:property-set (or edit etc/<pid>.cfg, or the FRACTALIS_<KEY> variable).");
        return null;
    }
}
