package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.fractalis.http.testing.FakeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {
    private final FakeServer server = FakeServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "100.64.0.1", "169.254.169.254", "169.254.0.1", "224.0.0.1", "239.1.2.3", "0.0.0.0", "0.1.2.3",
        "255.255.255.255", "240.0.0.1", "::1", "::", "fe80::1", "febf::1", "fc00::1", "fd00:ec2::254", "fec0::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1", "::10.0.0.1",
        "::169.254.169.254", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:c0a8:101::1"})
    void nonPublicAddressesAreRestricted(String literal) {
        assertTrue(DestinationPolicy.restriction(ip(literal)).isPresent(), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.167.1.1", "169.253.1.1",
        "100.63.255.255", "100.128.0.1", "11.0.0.1", "2001:4860:4860::8888", "2a00:1450::1", "::ffff:8.8.8.8",
        "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreNot(String literal) {
        assertFalse(DestinationPolicy.restriction(ip(literal)).isPresent(), literal);
    }

    @Test
    void everyResolvedAddressCountsAndMessagesNameTheRuleNotTheAddress() {
        DestinationPolicy p = DestinationPolicy.of(UrlAllowList.parse(List.of()), "allowed.servers in etc/x.cfg")
                .withResolver(h -> new InetAddress[] {ip("93.184.216.34"), ip("169.254.169.254")});
        HttpException e = assertThrows(HttpException.class, () -> p.check(URI.create("http://meta.example/x?t=s")));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed.servers in etc/x.cfg"), e.getMessage());
        assertFalse(e.getMessage().contains("169.254"), e.getMessage());
        assertFalse(e.getMessage().contains("t=s"), e.getMessage());
    }

    @Test
    void theAllowListNamesExceptionsAndOtherwiseLimitsTheDestinations() throws Exception {
        DestinationPolicy p = DestinationPolicy.of(UrlAllowList.parse(List.of("http://127.0.0.1:9/ada/")), null);
        p.check(URI.create("http://127.0.0.1:9/ada/login"));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, assertThrows(HttpException.class,
                () -> p.check(URI.create("http://127.0.0.1:9/other"))).reason());
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, assertThrows(HttpException.class,
                () -> p.check(URI.create("https://public.example/ada/"))).reason());
        DestinationPolicy.ANY.check(URI.create("http://127.0.0.1:9/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
        "http://[::]/", "http://2130706433/", "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
        "http://localhost/"})
    void theDefaultClientRefusesLoopbackAndMetadataForms(String url) {
        HttpException e = assertThrows(HttpException.class,
                () -> SourceClient.create(HttpOptions.DEFAULTS).send(HttpCall.get(url)));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason(), e.getMessage());
    }

    @Test
    void theDefaultClientRefusesTheFakeServerAndSendsNothing() {
        server.route("/x", x -> x.respond(200, "text/plain", "secret body"));
        HttpException e = assertThrows(HttpException.class,
                () -> SourceClient.create(HttpOptions.DEFAULTS).send(HttpCall.get(server.url() + "/x")));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, server.requests("/x"));
    }

    /** 127.0.0.1 passes as a public host here (fake resolver), "localhost" does not: a redirect to it is refused. */
    @Test
    void aRedirectToAPrivateAddressIsRefusedBeforeItIsSent() throws Exception {
        DestinationPolicy p = DestinationPolicy.PUBLIC.withResolver(h -> new InetAddress[] {
            h.equals("127.0.0.1") ? ip("93.184.216.34") : ip("127.0.0.1")});
        int port = URI.create(server.url()).getPort();
        server.route("/start", x -> x.redirect(302, "http://localhost:" + port + "/internal"));
        server.route("/internal", x -> x.respond(200, "text/plain", "internal data"));
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(20)), p);
        HttpException e = assertThrows(HttpException.class,
                () -> c.send(HttpCall.get(server.url() + "/start").followRedirects(3, u -> true)));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertTrue(e.getMessage().contains("localhost") && e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(1, server.requests("/start"));
        assertEquals(0, server.requests("/internal"));
    }

    /** A host that answers public to the first lookup and private afterwards: the answer is dropped unread. */
    @Test
    void dnsRebindingIsCaughtByTheSecondCheck() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        DestinationPolicy p = DestinationPolicy.PUBLIC.withResolver(h -> new InetAddress[] {
            lookups.getAndIncrement() == 0 ? ip("93.184.216.34") : ip("10.0.0.7")});
        server.route("/data", x -> x.respond(200, "text/plain", "internal data"));
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(20)), p);
        HttpException e = assertThrows(HttpException.class, () -> c.send(HttpCall.get(server.url() + "/data")));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertTrue(e.getMessage().contains("private"), e.getMessage());
        assertFalse(e.getMessage().contains("internal data"));
        assertEquals(2, lookups.get());
    }

    @Test
    void allowListedLoopbackWorks() throws Exception {
        server.route("/ok", x -> x.respond(200, "text/plain", "fine"));
        SourceClient c = SourceClient.create(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(20)),
                DestinationPolicy.of(UrlAllowList.parse(List.of(server.url() + "/")), null));
        assertEquals("fine", c.send(HttpCall.get(server.url() + "/ok")).text());
    }
}
