package org.fractalis.api.config;

/**
 * A configuration value that was refused.
 *
 * @param pid the configuration (e.g. {@code org.fractalis.web})
 * @param key the property (e.g. {@code cookie.samesite})
 * @param value the refused value as given ({@code ********} for a password)
 * @param source where it came from: {@code etc/<pid>.cfg / ConfigAdmin} or {@code environment FRACTALIS_<KEY>}
 * @param allowed what would have been accepted
 * @param inEffect what the component uses instead: its last valid value or the default
 */
public record ConfigurationIssue(String pid, String key, String value, String source, String allowed,
        String inEffect) {

    /** One line for logs, the health report and the shell. */
    public String describe() {
        return pid + ": " + key + " = '" + value + "' (" + source + ") refused, " + allowed + "; in effect: "
                + inEffect;
    }
}
