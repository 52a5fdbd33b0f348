package org.fractalis.jetty.edge.internal;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.log.Log;
import org.eclipse.jetty.util.log.Logger;

/**
 * Listens to the Jetty {@code Server} (registered by this fragment's /jetty.xml, which Pax Web applies before it
 * adds its connectors) and gives every connector it adds an {@link EdgeHttpConnectionFactory} in place of Jetty's
 * plain {@link HttpConnectionFactory}, with the same configuration. Works for whatever connectors Pax Web creates
 * from etc/org.ops4j.pax.web.cfg (port, addresses, HTTPS), so no connector is declared here.
 */
public final class EdgeConnectors implements Container.Listener {
    private static final Logger LOG = Log.getLogger(EdgeConnectors.class);

    @Override
    public void beanAdded(Container parent, Object child) {
        if (!(child instanceof AbstractConnector connector)) {
            return;
        }
        ConnectionFactory http = connector.getConnectionFactory(HttpVersion.HTTP_1_1.asString());
        // exactly Jetty's class: ours already, or a factory someone configured on purpose, is left alone
        if (http == null || http.getClass() != HttpConnectionFactory.class) {
            return;
        }
        if (connector.isRunning()) {
            LOG.warn("Fractalis: connector {} already runs; its malformed requests keep Jetty's 505", connector);
            return;
        }
        connector.addConnectionFactory(new EdgeHttpConnectionFactory((HttpConnectionFactory) http));
        LOG.info("Fractalis: connector {} answers malformed request lines 400 (not 505)", connector.getName());
    }

    @Override
    public void beanRemoved(Container parent, Object child) {
        // nothing to undo: the factory goes with its connector
    }
}
