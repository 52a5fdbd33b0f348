package org.fractalis.connector.test.internal;

import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code test} handler: loads exactly the rows a descriptor lists (how integration tests feed golden
 * inputs), or random data like the original's test handler. Never contacts a server.
 */
@Component(service = Connector.class)
@ConnectorHandler(handler = "test")
public final class TestConnector implements Connector {

    /** The token {@link #login} hands out, as in the original. */
    static final String DEFAULT_TOKEN = "abc";

    /** Message of the failing-ETL switch (a token containing {@code fail}), word for word from the original. */
    static final String FAIL_MESSAGE = "Throwing because I was told to.";

    @Override
    public String login(String server, Map<String, Object> auth) {
        return DEFAULT_TOKEN;
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        return TestDescriptor.parse(descriptor).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return TestDescriptor.label(descriptor);
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        String token = request.token();
        if (token != null && token.contains("fail")) {
            throw new ConnectorException(ConnectorException.Phase.EXTRACT, FAIL_MESSAGE);
        }
        TestDescriptor d = TestDescriptor.parse(request.descriptor());
        return d.hasRows() ? RowsParser.parse(d.kind(), d.rows()) : RandomData.generate(d);
    }
}
