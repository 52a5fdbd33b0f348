package org.fractalis.jetty.edge.internal;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;

/** An {@link HttpConnectionFactory} with the settings of the one it replaces, making {@link EdgeHttpConnection}s. */
final class EdgeHttpConnectionFactory extends HttpConnectionFactory {
    EdgeHttpConnectionFactory(HttpConnectionFactory original) {
        super(original.getHttpConfiguration(), original.getHttpCompliance());
        setRecordHttpComplianceViolations(original.isRecordHttpComplianceViolations());
        setInputBufferSize(original.getInputBufferSize());
        original.getBeans(Connection.Listener.class).forEach(this::addBean);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new EdgeHttpConnection(getHttpConfiguration(), connector, endPoint, getHttpCompliance(),
                isRecordHttpComplianceViolations()), connector, endPoint);
    }
}
