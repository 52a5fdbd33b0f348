package org.fractalis.testkit.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.data.FrameRules;

/**
 * Runs a connector the way a node runs it for {@code POST /data} and fails (with an {@link AssertionError}) where the
 * node would fail: {@code login} when the auth object has no token, then {@code kind} and {@code label} (a
 * {@link ConnectorException} there is the node's HTTP 400), then {@code load} on the worker, whose frame must pass
 * {@link FrameRules}, the node's own integrity rules, with the node's own message.
 *
 * <pre>{@code
 * assertLoads(connector, descriptor("label", "age")).numerical().withUniqueIds().withRows(3);
 * assertRefuses(connector, descriptor()).withMessageContaining("label");
 * }</pre>
 * Framework-neutral: works under JUnit 4, JUnit 5 or TestNG.
 */
public final class ConnectorAssertions {
    /** The server a load runs against when a test does not name one. */
    public static final String DEFAULT_SERVER = "http://localhost";
    /** The token a load runs with when a test does not give auth. */
    public static final String DEFAULT_TOKEN = "testkit-token";

    private ConnectorAssertions() {
    }

    /** A descriptor from alternating keys and values, in order: {@code descriptor("label", "age", "n", 3)}. */
    public static Map<String, Object> descriptor(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("descriptor(...) takes key, value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Loads the descriptor from {@link #DEFAULT_SERVER} with {@link #DEFAULT_TOKEN}; the frame passes the node's rules. */
    public static Loaded assertLoads(Connector connector, Map<String, Object> descriptor) {
        return assertLoads(connector, DEFAULT_SERVER, Map.of("token", DEFAULT_TOKEN), descriptor);
    }

    /**
     * Loads as the node would for {@code {"server": server, "auth": auth, "descriptors": [descriptor]}}: logs in when
     * {@code auth} has no non-empty {@code token}, then kind, label and load; the frame passes the node's rules.
     */
    public static Loaded assertLoads(Connector connector, String server, Map<String, Object> auth,
            Map<String, Object> descriptor) {
        Objects.requireNonNull(connector, "connector");
        return load(connector, server, token(connector, server, auth), descriptor);
    }

    private static Loaded load(Connector connector, String server, String token, Map<String, Object> descriptor) {
        DataKind kind;
        String label;
        try {
            kind = connector.kind(descriptor);
            label = connector.label(descriptor);
        } catch (ConnectorException e) {
            throw new AssertionError("the node would refuse this descriptor with HTTP 400: " + e.getMessage(), e);
        }
        if (kind == null) {
            throw new AssertionError("Connector.kind returned null; the node refuses the descriptor (HTTP 400)");
        }
        if (label == null) {
            throw new AssertionError("Connector.label returned null; the front-end shows the label in its data box");
        }
        Frame frame;
        try {
            frame = connector.load(new EtlRequest(UUID.randomUUID().toString(), server, token, descriptor));
        } catch (ConnectorException e) {
            throw new AssertionError("the load would end as FAILURE: " + e.getMessage(), e);
        }
        String problem = FrameRules.check(frame, kind);
        if (problem != null) {
            throw new AssertionError("the node would fail this load: " + problem);
        }
        return new Loaded(kind, label, token, frame);
    }

    /**
     * Loads as the node's worker does with a token it already holds: no {@code login} (an empty token is passed as
     * is, as the node does for sources that need none), then kind, label and load; the frame passes the node's rules.
     */
    public static Loaded assertLoads(Connector connector, String server, String token,
            Map<String, Object> descriptor) {
        return load(connector, server, Objects.requireNonNull(token, "token"), descriptor);
    }

    /**
     * The node refuses the descriptor at once (HTTP 400): {@code kind} or {@code label} throws a
     * {@link ConnectorException}, whose message the user reads.
     */
    public static Refusal assertRefuses(Connector connector, Map<String, Object> descriptor) {
        try {
            DataKind kind = connector.kind(descriptor);
            connector.label(descriptor);
            if (kind == null) {
                return new Refusal(new ConnectorException("Connector.kind returned null"));
            }
        } catch (ConnectorException e) {
            return new Refusal(e);
        }
        throw new AssertionError("expected kind or label to refuse " + descriptor + ", but both accepted it");
    }

    /**
     * The descriptor is accepted ({@code kind} and {@code label} succeed) but the load fails with a
     * {@link ConnectorException}: the job ends as FAILURE with its message.
     */
    public static Refusal assertLoadFails(Connector connector, Map<String, Object> descriptor) {
        return assertLoadFails(connector, DEFAULT_SERVER, DEFAULT_TOKEN, descriptor);
    }

    /** As {@link #assertLoadFails(Connector, Map)}, against a given server with a given token. */
    public static Refusal assertLoadFails(Connector connector, String server, String token,
            Map<String, Object> descriptor) {
        try {
            connector.kind(descriptor);
            connector.label(descriptor);
        } catch (ConnectorException e) {
            throw new AssertionError("expected the load to fail, but the descriptor is refused earlier (HTTP 400): "
                    + e.getMessage(), e);
        }
        try {
            Frame f = connector.load(new EtlRequest(UUID.randomUUID().toString(), server, token, descriptor));
            throw new AssertionError("expected the load to fail, but it returned " + f);
        } catch (ConnectorException e) {
            return new Refusal(e);
        }
    }

    /** {@code login} refuses the credentials (the node answers HTTP 400 or fails the load with its message). */
    public static Refusal assertLoginFails(Connector connector, String server, Map<String, Object> auth) {
        try {
            connector.login(server, auth);
        } catch (ConnectorException e) {
            return new Refusal(e);
        }
        throw new AssertionError("expected login to " + server + " to fail");
    }

    private static String token(Connector connector, String server, Map<String, Object> auth) {
        Object t = auth == null ? null : auth.get("token");
        if (t instanceof String s && !s.isEmpty()) {
            return s;
        }
        try {
            String token = connector.login(server, auth == null ? Map.of() : auth);
            // the node refuses null ("The source returned no token.") but passes "" on: sources without login
            if (token == null) {
                throw new AssertionError("Connector.login returned null; the node answers HTTP 400 (the source "
                        + "returned no token)");
            }
            return token;
        } catch (ConnectorException e) {
            throw new AssertionError("login failed (the user reads: " + e.getMessage() + ")", e);
        }
    }
}
