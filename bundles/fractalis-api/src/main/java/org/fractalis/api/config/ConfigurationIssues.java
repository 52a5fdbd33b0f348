package org.fractalis.api.config;

import java.util.List;

/** The refused configuration values of this node, as they stand now (a corrected value drops out). */
public interface ConfigurationIssues {
    List<ConfigurationIssue> issues();

    /**
     * A component reports the values it refused itself, by a rule that combines keys (e.g. {@code encrypt.cache}
     * without a {@code secret}); it keeps its previous settings. An empty list withdraws its earlier report.
     *
     * @param reporter who reports (e.g. the component's class name); one report per reporter and PID
     */
    void report(String reporter, String pid, List<ConfigurationIssue> refused);
}
