package org.fractalis.jetty.edge.internal;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpTransport;

/**
 * Jetty's HTTP/1.1 channel with the parser's refusals mapped by {@link ProtocolErrors#status}: the status is fixed
 * in the parser and kept by {@code HttpChannel.onBadMessage}, an ErrorHandler only chooses the body.
 */
final class EdgeHttpChannel extends HttpChannelOverHttp {
    EdgeHttpChannel(HttpConnection connection, Connector connector, HttpConfiguration config, EndPoint endPoint,
            HttpTransport transport) {
        super(connection, connector, config, endPoint, transport);
    }

    @Override
    public void badMessage(BadMessageException failure) {
        int status = ProtocolErrors.status(failure.getCode());
        super.badMessage(status == failure.getCode() ? failure
                : new BadMessageException(status, failure.getReason(), failure));
    }
}
