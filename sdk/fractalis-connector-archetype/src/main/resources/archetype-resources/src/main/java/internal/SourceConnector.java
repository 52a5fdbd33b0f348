package ${package}.internal;

import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.osgi.service.component.annotations.Component;

/**
 * The '${handler}' connector. A descriptor names a variable and the subjects to load it for:
 * {"variable": "age", "ids": ["p1", "p2", "p3"]} (see example-descriptor.json).
 *
 * <p>This example makes the values up (the first id gets FIRST_VALUE, the next one more, and so on) so that it runs
 * without a data source. Replace {@link #fetch} with the call to your source; for HTTP use fractalis-http-client's
 * SourceClient (the node's timeouts, size cap, TLS and destination rules).
 */
@Component(service = Connector.class)
@ConnectorHandler(handler = "${handler}")
public class SourceConnector implements Connector {
    static final double FIRST_VALUE = 1;

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        ids(descriptor); // refuse a bad descriptor now: the user gets HTTP 400 with the message
        return DataKind.NUMERICAL;
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return variable(descriptor);
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        String variable = variable(request.descriptor());
        List<String> ids = ids(request.descriptor());
        // numerical: each id once, exactly one feature (the variable); missing = NaN
        Frame.Builder frame = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < ids.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ConnectorException("The load was cancelled.");
            }
            frame.add(ids.get(i), variable, fetch(request, variable, i));
        }
        return frame.build();
    }

    @Override
    public long estimateValues(Map<String, Object> descriptor) {
        Object ids = descriptor.get("ids");
        return ids instanceof List<?> l ? l.size() : -1;
    }

    /** The value of the i-th subject: replace with the call to your data source (never log request.token()). */
    private static double fetch(EtlRequest request, String variable, int i) {
        return FIRST_VALUE + i;
    }

    private static String variable(Map<String, Object> descriptor) throws ConnectorException {
        if (descriptor.get("variable") instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new ConnectorException("The descriptor must name the variable, e.g. \"variable\": \"age\".");
    }

    private static List<String> ids(Map<String, Object> descriptor) throws ConnectorException {
        if (descriptor.get("ids") instanceof List<?> list && !list.isEmpty()) {
            for (Object id : list) {
                if (!(id instanceof String)) {
                    throw new ConnectorException("Every entry of \"ids\" must be a string; found " + id + ".");
                }
            }
            if (list.stream().distinct().count() != list.size()) {
                throw new ConnectorException("\"ids\" must not repeat an id.");
            }
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) list;
            return ids;
        }
        throw new ConnectorException("The descriptor must list the subjects, e.g. \"ids\": [\"p1\", \"p2\"].");
    }
}
