package org.fractalis.jetty.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty, configured as Pax Web does it: the shipped /jetty.xml applied to the Server first (id "Server"), the
 * connector added afterwards. Raw requests over a socket, as a misbehaving client sends them.
 */
class EdgeJettyTest {
    private Server server;
    private ServerConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        XmlConfiguration xml = new XmlConfiguration(Resource.newResource(getClass().getResource("/jetty.xml")));
        xml.getIdMap().put("Server", server);
        xml.configure();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void theConnectorGetsTheEdgeFactoryWithTheSameConfiguration() {
        HttpConnectionFactory f = connector.getConnectionFactory(HttpConnectionFactory.class);
        assertEquals(EdgeHttpConnectionFactory.class, f.getClass());
        assertEquals(false, f.getHttpConfiguration().getSendServerVersion());
    }

    @Test
    void unknownVersionsAndHttp09AreBadRequestsWithJson() throws IOException {
        Map<String, String> requests = Map.of(
                "HTTP/11", "GET /data HTTP/11\r\nHost: x\r\n\r\n",
                "HTTP/1", "GET /data HTTP/1\r\nHost: x\r\n\r\n",
                "HTTPS/1.1", "GET /data HTTPS/1.1\r\nHost: x\r\n\r\n",
                "FTP/1.0", "GET /data FTP/1.0\r\nHost: x\r\n\r\n",
                "bare LF (HTTP/0.9)", "GET /data\nHost: x\r\n\r\n");
        for (Map.Entry<String, String> e : requests.entrySet()) {
            String answer = exchange(e.getValue());
            assertTrue(answer.startsWith("HTTP/1.1 400 "), e.getKey() + ": " + answer);
            assertTrue(answer.contains("Content-Type: application/json"), e.getKey() + ": " + answer);
            assertTrue(answer.endsWith("}"), e.getKey() + ": " + answer);
            assertTrue(answer.contains("{\"error\":\"Bad Request"), e.getKey() + ": " + answer);
        }
    }

    @Test
    void otherParserRefusalsKeepTheirStatusAndGetJson() throws IOException {
        String big = "GET /data HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
        String answer = exchange(big);
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
        assertTrue(answer.contains("{\"error\":\"Request Header Fields Too Large"), answer);

        answer = exchange("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 414 "), answer);
        assertTrue(answer.contains("{\"error\":\"URI Too Long"), answer);
    }

    @Test
    void wellFormedRequestsAreUnchanged() throws IOException {
        // no handler: Jetty's own 404, over HTTP/1.1 and HTTP/1.0
        assertTrue(exchange("GET /data HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 404 "));
        assertTrue(exchange("GET /data HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 404 "));
    }

    private String exchange(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", connector.getLocalPort()), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0;) {
                    all.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // reset after the answer (the server closes a connection it refused): keep what was read
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
