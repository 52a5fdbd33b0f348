package org.fractalis.health.internal;

import java.util.List;

/**
 * A Declarative Services component of an installed bundle, as the service component runtime reports it.
 *
 * @param bundle the bundle's symbolic name
 * @param name the component's name
 * @param state {@code ACTIVE}, {@code SATISFIED}, {@code UNSATISFIED_REFERENCE}, {@code UNSATISFIED_CONFIGURATION},
 *     {@code FAILED_ACTIVATION} or {@code DISABLED}
 * @param unsatisfied the names of its mandatory references that nothing satisfies
 * @param failure why its activation failed (first line), or null
 */
record ComponentState(String bundle, String name, String state, List<String> unsatisfied, String failure) {
    static final String ACTIVE = "ACTIVE";
    static final String SATISFIED = "SATISFIED";
    static final String FAILED_ACTIVATION = "FAILED_ACTIVATION";
    static final String DISABLED = "DISABLED";

    /** Whether it runs or would run on first use (a delayed component is SATISFIED until then). */
    boolean running() {
        return ACTIVE.equals(state) || SATISFIED.equals(state);
    }

    /** The component's class name without its package, for messages. */
    String shortName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** "Worker: UNSATISFIED_REFERENCE (queue)", "CoreServices: FAILED_ACTIVATION (...)". */
    String describe() {
        if (failure != null) {
            return shortName() + ": " + state + " (" + failure + ")";
        }
        return unsatisfied.isEmpty() ? shortName() + ": " + state
                : shortName() + ": " + state + " (missing " + String.join(", ", unsatisfied) + ")";
    }
}
