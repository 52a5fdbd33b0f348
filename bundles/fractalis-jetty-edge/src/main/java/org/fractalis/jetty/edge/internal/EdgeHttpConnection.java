package org.fractalis.jetty.edge.internal;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;

/** Jetty's HTTP/1.1 connection whose channel is an {@link EdgeHttpChannel}. */
final class EdgeHttpConnection extends HttpConnection {
    EdgeHttpConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, HttpCompliance compliance,
            boolean recordComplianceViolations) {
        super(config, connector, endPoint, compliance, recordComplianceViolations);
    }

    /** Called from HttpConnection's constructor (this class has no fields of its own to be unset then). */
    @Override
    protected HttpChannelOverHttp newHttpChannel() {
        return new EdgeHttpChannel(this, getConnector(), getHttpConfiguration(), getEndPoint(), this);
    }
}
