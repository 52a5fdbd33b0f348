package org.fractalis.connector.test.internal;

import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code test} handler: loads exactly the rows a descriptor lists (how integration tests feed golden
 * inputs), or random data like the original's test handler. Never contacts a server.
 */
@Component(service = Connector.class, configurationPid = TestConnector.PID)
@Designate(ocd = TestConnector.Config.class)
@ConnectorHandler(handler = "test")
public final class TestConnector implements Connector {
    static final String PID = "org.fractalis.connector.test";

    @ObjectClassDefinition(name = "Fractalis test connector", description = "The 'test' handler (rows as posted, "
            + "or random data)")
    public @interface Config {
        @AttributeDefinition(description = "At most this many random values (num_samples x num_features) per "
                + "variable. A value costs 8 to 100 bytes of heap while it is loaded: raise it only on a node sized "
                + "for it, e.g. to 230000000 for a cohort-scale benchmark (20,531 x 11,069)", min = "1",
                max = "2147483639")
        long random_max_values() default TestDescriptor.MAX_RANDOM_ROWS;
    }

    private final long maxRandomValues;

    /** With the default bound. */
    public TestConnector() {
        this(TestDescriptor.MAX_RANDOM_ROWS);
    }

    @Activate
    public TestConnector(Config config) {
        this(config.random_max_values());
    }

    TestConnector(long maxRandomValues) {
        this.maxRandomValues = Math.max(1, Math.min(TestDescriptor.RANDOM_ROWS_CEILING, maxRandomValues));
    }

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
        return TestDescriptor.parse(descriptor, maxRandomValues).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return TestDescriptor.label(descriptor);
    }

    /** Rows as posted, or num_samples x num_features: known before loading, so core can refuse what cannot fit. */
    @Override
    public long estimateValues(Map<String, Object> descriptor) {
        try {
            TestDescriptor d = TestDescriptor.parse(descriptor, maxRandomValues);
            return d.hasRows() ? d.rows().size() : (long) d.numSamples() * d.numFeatures();
        } catch (ConnectorException e) {
            return -1;
        }
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        String token = request.token();
        if (token != null && token.contains("fail")) {
            throw new ConnectorException(ConnectorException.Phase.EXTRACT, FAIL_MESSAGE);
        }
        TestDescriptor d = TestDescriptor.parse(request.descriptor(), maxRandomValues);
        return d.hasRows() ? RowsParser.parse(d.kind(), d.rows()) : RandomData.generate(d);
    }
}
