package org.fractalis.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Resolves what an operator typed (a whole id or a prefix, as the lists show) against the known ids. */
final class Ids {
    private Ids() {
    }

    /** The one id equal to or starting with {@code typed}; else a message why not. */
    static Resolved resolve(String typed, Collection<String> known, String what) {
        String t = typed == null ? "" : typed.trim();
        if (t.isEmpty()) {
            return new Resolved(null, "Please give a " + what + " id.");
        }
        List<String> matches = new ArrayList<>();
        for (String id : known) {
            if (id.equals(t)) {
                return new Resolved(id, null);
            }
            if (id.startsWith(t)) {
                matches.add(id);
            }
        }
        if (matches.size() == 1) {
            return new Resolved(matches.get(0), null);
        }
        if (matches.isEmpty()) {
            return new Resolved(null, "No " + what + " with id '" + t + "' (it may have ended and expired; see "
                    + "fractalis:" + what + "-list).");
        }
        return new Resolved(null, "'" + t + "' matches " + matches.size() + " " + what + "s; please type more of the "
                + "id.");
    }

    /** An id, or the message for the operator. */
    record Resolved(String id, String problem) {
    }
}
