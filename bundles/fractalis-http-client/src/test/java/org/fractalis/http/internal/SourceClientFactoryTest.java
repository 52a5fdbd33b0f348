package org.fractalis.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClientFactory.Source;
import org.fractalis.http.testing.Configs;
import org.fractalis.http.testing.FakeServer;
import org.fractalis.http.testing.Resolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceClientFactoryTest {
    private static final HttpOptions DEFAULTS = HttpOptions.DEFAULTS;

    private final FakeServer server = FakeServer.start();
    private final FakeServer other = FakeServer.start();

    @AfterEach
    void close() {
        server.close();
        other.close();
    }

    private static DataSource source(String name, Map<String, ?> props) {
        return new DataSource(Configs.of(DataSource.Config.class, props),
                Map.of("service.pid", "org.fractalis.source~" + name));
    }

    private static Map<String, Object> props(String url, String handlers, Object... more) {
        Map<String, Object> p = new HashMap<>();
        p.put("url", url);
        p.put("handlers", handlers);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    void configuredSourceGivesAClientForItsServerEvenOnLoopback() throws Exception {
        server.route("/api/x", ex -> ex.respond(200, "text/plain", "ok"));
        SourceClientFactoryImpl f = new SourceClientFactoryImpl();
        f.addSource(source("main", props(server.url() + "/api/", "ada, transmart", "read.timeout.seconds", 7,
                "max.response.megabytes", 2, "login.timeout.seconds", 3)));
        Source s = f.source("ada", "main", DEFAULTS);
        assertEquals("main", s.name());
        assertEquals(server.url() + "/api", s.url());
        assertEquals(Duration.ofSeconds(7), s.client().options().readTimeout());
        assertEquals(2L << 20, s.client().options().maxResponseBytes());
        assertEquals(Duration.ofSeconds(3), s.loginTimeout());
        assertEquals("ok", s.client().send(HttpCall.get(s.url() + "/x")).text());
        assertEquals(List.of("main"), f.sourceNames("transmart"));
        // unset numbers take the connector's defaults
        Source t = f.source("transmart", "main", DEFAULTS.withConnectTimeout(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(5), t.client().options().connectTimeout());
        assertEquals(Duration.ofSeconds(7), t.client().options().readTimeout());
    }

    @Test
    void nameAndUrlLookup() throws Exception {
        SourceClientFactoryImpl f = new SourceClientFactoryImpl();
        f.addSource(source("a", props(server.url() + "/one", "ada")));
        f.addSource(source("b", props(other.url(), "ada", "name", "Other server")));
        assertEquals(other.url(), f.source("ada", "Other server", DEFAULTS).url());
        assertEquals("Other server", f.source("ada", other.url() + "/", DEFAULTS).name());
        Source byUrl = f.source("ada", server.url() + "/one/sub/", DEFAULTS);
        assertEquals("a", byUrl.name());
        assertEquals(server.url() + "/one/sub", byUrl.url());
        assertEquals(List.of("Other server", "a"), f.sourceNames("ada"));
    }

    @Test
    void unlistedServersAreRefusedWithTheAllowedNames() throws Exception {
        server.route("/", ex -> ex.respond(200, "text/plain", "ok"));
        SourceClientFactoryImpl f = new SourceClientFactoryImpl(Resolvers.ALL_PUBLIC);
        f.addSource(source("a", props(server.url() + "/one", "ada")));
        f.addSource(source("t", props(other.url(), "transmart")));
        for (String bad : List.of(server.url() + "/two", server.url() + "/one-more", other.url(),
                "https://public.example.org/?secret=1", "t", "not a url")) {
            HttpException e = assertThrows(HttpException.class, () -> f.source("ada", bad, DEFAULTS), bad);
            assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
            assertTrue(e.getMessage().contains("is not a data source of this node for 'ada'")
                    && e.getMessage().contains("Allowed (by name, or a URL under the source's URL): 'a'.")
                    && !e.getMessage().contains("secret"), e.getMessage());
        }
        // the source's client itself refuses to leave its URL (e.g. a redirect elsewhere)
        Source s = f.source("ada", "a", DEFAULTS);
        HttpException e = assertThrows(HttpException.class, () -> s.client().send(HttpCall.get(other.url() + "/x")));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertEquals(0, other.log().size());
        assertEquals(0, server.log().size());
    }

    @Test
    void withoutSourcesAnyPublicServerWithOneWarning() throws Exception {
        String log = stderr(() -> {
            try {
                SourceClientFactoryImpl f = new SourceClientFactoryImpl();
                // the real resolver: the loopback fake is refused by the default policy
                Source s = f.source("ada", server.url(), DEFAULTS);
                assertNull(s.name());
                HttpException e = assertThrows(HttpException.class, () -> s.client().send(HttpCall.get(s.url())));
                assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
                assertTrue(e.getMessage().contains("a loopback address")
                        && e.getMessage().contains("org.fractalis.source-<name>.cfg"), e.getMessage());
                f.source("ada", "https://198.51.100.7/", DEFAULTS);
                assertEquals(HttpException.Reason.INVALID_REQUEST,
                        assertThrows(HttpException.class, () -> f.source("ada", "main", DEFAULTS)).reason());
                return null;
            } catch (HttpException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1, count(log, "No data source is configured for handler 'ada'"), log);
        assertEquals(0, server.log().size());
    }

    @Test
    void updateAppliesLiveAndABadValueKeepsThePreviousConfiguration() throws Exception {
        SourceClientFactoryImpl f = new SourceClientFactoryImpl();
        DataSource ds = source("main", props(server.url(), "ada"));
        f.addSource(ds);
        assertEquals(server.url(), f.source("ada", "main", DEFAULTS).url());
        Map<String, Object> pid = Map.of("service.pid", "org.fractalis.source~main");
        ds.modified(Configs.of(DataSource.Config.class, props(other.url(), "ada", "read.timeout.seconds", 2)), pid);
        assertEquals(other.url(), f.source("ada", "main", DEFAULTS).url());
        assertEquals(Duration.ofSeconds(2), f.source("ada", "main", DEFAULTS).client().options().readTimeout());
        assertThrows(HttpException.class, () -> f.source("ada", server.url(), DEFAULTS));
        for (Map<String, Object> bad : List.of(props("ftp://x.example.org", "ada"), props(server.url(), " "),
                props(server.url(), "ada", "tls.ca.file", "/nonexistent/ca.pem"),
                props(server.url(), "ada", "read.timeout.seconds", -1))) {
            String log = stderr(() -> {
                ds.modified(Configs.of(DataSource.Config.class, bad), pid);
                return null;
            });
            assertTrue(log.contains("WARN") && log.contains("the new configuration is refused, the previous one "
                    + "stays in use") && log.contains("etc/org.fractalis.source-main.cfg"), log);
            assertEquals(other.url(), f.source("ada", "main", DEFAULTS).url());
        }
    }

    @Test
    void aSourceThatWasNeverValidStillRestrictsItsHandler() throws Exception {
        SourceClientFactoryImpl f = new SourceClientFactoryImpl(Resolvers.ALL_PUBLIC);
        f.addSource(source("typo", props("htp://ada.example.org", "ada")));
        HttpException e = assertThrows(HttpException.class,
                () -> f.source("ada", "https://ada.example.org", DEFAULTS));
        assertEquals(HttpException.Reason.FORBIDDEN_DESTINATION, e.reason());
        assertTrue(e.getMessage().contains("'typo (misconfigured)'"), e.getMessage());
        f.removeSource(f.sourcesForTest().get(0));
        assertEquals("https://ada.example.org", f.source("ada", "https://ada.example.org", DEFAULTS).url());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String stderr(Supplier<Void> body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.get();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
