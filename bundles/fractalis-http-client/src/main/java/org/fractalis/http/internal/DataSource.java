package org.fractalis.http.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.fractalis.http.DestinationPolicy;
import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClient;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.UrlAllowList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured data source ({@code etc/org.fractalis.source-<name>.cfg}), collected by
 * {@link SourceClientFactoryImpl}. A changed configuration applies at once; an unusable one is refused with a
 * WARN and the previous one keeps serving.
 */
@Component(service = DataSource.class, configurationPid = SourceClientFactory.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DataSource.Config.class, factory = true)
public final class DataSource {
    @ObjectClassDefinition(name = "Fractalis data source", description = "A server users may name as a data "
            + "source, by its name or by a URL under its base URL. Once a handler has sources, no other server is "
            + "contacted for it.")
    public @interface Config {
        @AttributeDefinition(description = "Name users may send instead of the URL (empty: the part of the PID "
                + "after the factory PID, e.g. 'ada-main' for etc/org.fractalis.source-ada-main.cfg)")
        String name() default "";

        @AttributeDefinition(description = "Base URL (http or https); requests may go to this URL and to paths "
                + "below it, whatever its address (private and loopback included)")
        String url();

        @AttributeDefinition(description = "Handlers that serve this source, comma-separated, e.g. ada or "
                + "transmart (for tranSMART, also list the OIDC token endpoint users name as a source)")
        String[] handlers();

        @AttributeDefinition(description = "Check server certificates and host names (keep true outside tests)")
        boolean tls_verify() default true;

        @AttributeDefinition(description = "PEM file with extra trusted CA certificates (empty: none)")
        String tls_ca_file() default "";

        @AttributeDefinition(description = "Longest time to open a connection, in seconds (0: the connector's default, 10)")
        double connect_timeout_seconds() default 0;

        @AttributeDefinition(description = "Longest time for the complete answer of a data request, in seconds "
                + "(0: the connector's default: 60, tabular 120)")
        double read_timeout_seconds() default 0;

        @AttributeDefinition(description = "Longest time for the complete answer of a login or token request, in seconds")
        double login_timeout_seconds() default 10;

        @AttributeDefinition(description = "Largest answer accepted, in megabytes (0: the connector's default: "
                + "256, transmart 2048, tabular 512)")
        double max_response_megabytes() default 0;
    }

    private final Logger logger = LoggerFactory.getLogger(DataSource.class);
    private final DestinationPolicy.Resolver resolver;
    private volatile Settings settings;
    private volatile Set<String> claimed = Set.of();
    private volatile String problem;
    private volatile String pidName = "";

    @Activate
    public DataSource(Config config, Map<String, Object> properties) {
        this(config, properties, null);
    }

    /** With another resolver for the destination check (tests). */
    public DataSource(Config config, Map<String, Object> properties, DestinationPolicy.Resolver resolver) {
        this.resolver = resolver;
        modified(config, properties);
    }

    @Modified
    public void modified(Config config, Map<String, Object> properties) {
        String pid = pid(properties);
        pidName = pid.substring(pid.indexOf('~') + 1);
        try {
            Settings s = Settings.of(config, pid, resolver);
            settings = s;
            claimed = s.handlers;
            problem = null;
        } catch (HttpException | IllegalArgumentException e) {
            Settings previous = settings;
            String where = file(pid);
            if (previous != null) {
                logger.warn("Data source '{}' ({}): the new configuration is refused, the previous one stays in "
                        + "use: {}", previous.name, where, e.getMessage());
            } else {
                // the handlers it names stay restricted: a typo must not open them to any public server
                claimed = handlers(config.handlers());
                problem = e.getMessage();
                logger.warn("Data source {} is not usable: {}", where, e.getMessage());
            }
        }
    }

    /** The configuration in use, or null if none was ever valid. */
    Settings settings() {
        return settings;
    }

    /** The handlers this source serves (also those of a configuration that was never valid). */
    Set<String> handlers() {
        return claimed;
    }

    /** The part of the PID after '~' (the name of a source whose configuration was never valid). */
    String pidName() {
        return pidName;
    }

    /** Why the configuration was never usable, or null. */
    String problem() {
        return problem;
    }

    static String pid(Map<String, Object> properties) {
        Object p = properties == null ? null : properties.get("service.pid");
        if (p instanceof String s && s.contains("~")) {
            return s;
        }
        // a factory configuration without a name (Karaf's file installer makes these from
        // etc/org.fractalis.source-<name>.cfg): the name is the file's, after the factory PID and '-' (or '~')
        Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(f.lastIndexOf('/') + 1);
            String prefix = SourceClientFactory.FACTORY_PID;
            if (base.endsWith(".cfg") && base.length() > prefix.length() + 5 && base.startsWith(prefix)
                    && (base.charAt(prefix.length()) == '-' || base.charAt(prefix.length()) == '~')) {
                return prefix + "~" + base.substring(prefix.length() + 1, base.length() - 4);
            }
        }
        return p instanceof String s && !s.isEmpty() ? s : SourceClientFactory.FACTORY_PID + "~unnamed";
    }

    /** The file an operator edits for a source PID: etc/org.fractalis.source-<name>.cfg. */
    static String file(String pid) {
        return "etc/" + pid.replaceFirst("~", "-") + ".cfg";
    }

    static Set<String> handlers(String[] values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values == null ? new String[0] : values) {
            Arrays.stream(v.split(",")).map(String::trim).filter(h -> !h.isEmpty()).forEach(out::add);
        }
        return Set.copyOf(out);
    }

    /** One valid configuration; clients are built per connector defaults and reused. */
    static final class Settings {
        final String name;
        final String url;
        final UrlAllowList prefix;
        final Set<String> handlers;
        final Duration loginTimeout;
        private final Config config;
        private final String pid;
        private final DestinationPolicy policy;
        private final Map<HttpOptions, SourceClient> clients = new ConcurrentHashMap<>();

        private Settings(Config c, String pid, DestinationPolicy.Resolver resolver) throws HttpException {
            String where = file(pid);
            int tilde = pid.indexOf('~');
            this.pid = pid;
            this.config = c;
            this.name = c.name() == null || c.name().isBlank()
                    ? (tilde >= 0 ? pid.substring(tilde + 1) : pid) : c.name().trim();
            String u = c.url() == null ? "" : c.url().trim();
            if (u.isEmpty()) {
                throw new IllegalArgumentException("url in " + where + " is missing.");
            }
            while (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
            URI uri;
            try {
                uri = HttpCall.checkedUri(u);
            } catch (HttpException e) {
                throw new IllegalArgumentException("url in " + where + ": " + e.getMessage());
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("url in " + where + " must have no user info, query or fragment.");
            }
            this.url = u;
            this.prefix = UrlAllowList.parseConfig(u);
            this.handlers = DataSource.handlers(c.handlers());
            if (handlers.isEmpty()) {
                throw new IllegalArgumentException("handlers in " + where + " is missing (e.g. handlers = ada).");
            }
            for (String[] k : new String[][] {{"connect.timeout.seconds", "" + c.connect_timeout_seconds()},
                    {"read.timeout.seconds", "" + c.read_timeout_seconds()},
                    {"login.timeout.seconds", "" + c.login_timeout_seconds()},
                    {"max.response.megabytes", "" + c.max_response_megabytes()}}) {
                double d = Double.parseDouble(k[1]);
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException(k[0] + " in " + where + " must be a number of at least 0.");
                }
            }
            this.loginTimeout = HttpOptions.duration(c.login_timeout_seconds(), 10);
            DestinationPolicy p = DestinationPolicy.of(prefix, "url of the data source in " + where);
            this.policy = resolver == null ? p : p.withResolver(resolver);
            client(HttpOptions.DEFAULTS); // refuses an unreadable tls.ca.file now, not at the first request
        }

        static Settings of(Config c, String pid, DestinationPolicy.Resolver resolver) throws HttpException {
            return new Settings(c, pid, resolver);
        }

        SourceClient client(HttpOptions defaults) throws HttpException {
            SourceClient c = clients.get(defaults);
            if (c == null) {
                c = SourceClient.create(options(defaults), policy);
                SourceClient raced = clients.putIfAbsent(defaults, c);
                c = raced == null ? c : raced;
            }
            return c;
        }

        HttpOptions options(HttpOptions d) {
            Config c = config;
            return new HttpOptions(
                    c.connect_timeout_seconds() > 0 ? HttpOptions.duration(c.connect_timeout_seconds(), 10)
                            : d.connectTimeout(),
                    c.read_timeout_seconds() > 0 ? HttpOptions.duration(c.read_timeout_seconds(), 60) : d.readTimeout(),
                    c.max_response_megabytes() > 0
                            ? (long) Math.min(c.max_response_megabytes() * (1 << 20), Long.MAX_VALUE / 2)
                            : d.maxResponseBytes(),
                    c.tls_verify(), c.tls_ca_file() == null || c.tls_ca_file().isBlank() ? null : c.tls_ca_file().trim(),
                    pid);
        }
    }
}
