package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** TLS verification against local HTTPS servers with self-signed test certificates. */
class TlsTest {
    /** Certificate for IP 127.0.0.1 (its PEM is the "private CA"). */
    static HttpsServer matching;
    /** Certificate for another host name: only accepted with verification off. */
    static HttpsServer mismatched;

    @BeforeAll
    static void start() throws Exception {
        matching = serve(tls("good.p12"));
        mismatched = serve(tls("other.p12"));
    }

    @AfterAll
    static void stop() {
        matching.stop(0);
        mismatched.stop(0);
    }

    private static String url(HttpsServer s) {
        return "https://127.0.0.1:" + s.getAddress().getPort() + "/x";
    }

    @Test
    void untrustedCertificateFailsByDefault() {
        HttpException e = assertThrows(HttpException.class, () -> SourceClient
                .create(HttpOptions.DEFAULTS.withConfigPid("org.fractalis.connector.ada"), DestinationPolicy.ANY)
                .send(HttpCall.get(url(matching))));
        assertEquals(HttpException.Reason.TLS, e.reason());
        assertTrue(e.getMessage().startsWith("The TLS handshake with 127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("add that CA with tls.ca.file in etc/org.fractalis.connector.ada.cfg."),
                e.getMessage());
    }

    @Test
    void caFileMakesTheCertificateTrusted() throws Exception {
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withTls(true, tls("good.pem").toString()), DestinationPolicy.ANY);
        assertEquals("secure", c.send(HttpCall.get(url(matching))).text());
    }

    @Test
    void hostNameIsCheckedEvenForATrustedCertificate() throws Exception {
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withTls(true, tls("other.pem").toString()), DestinationPolicy.ANY);
        assertEquals(HttpException.Reason.TLS,
                assertThrows(HttpException.class, () -> c.send(HttpCall.get(url(mismatched)))).reason());
    }

    @Test
    void verificationOffAcceptsAnyCertificate() throws Exception {
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withTls(false, null), DestinationPolicy.ANY);
        assertEquals("secure", c.send(HttpCall.get(url(mismatched))).text());
    }

    /** The committed test key material (see src/test/resources/tls/README.md). */
    private static Path tls(String file) throws Exception {
        return Path.of(TlsTest.class.getResource("/tls/" + file).toURI());
    }

    private static HttpsServer serve(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        s.createContext("/", ex -> {
            byte[] b = "secure".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }
}
