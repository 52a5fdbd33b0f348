package org.fractalis.http.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.fractalis.http.DestinationPolicy;
import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpException.Reason;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.Redaction;
import org.fractalis.http.SourceClient;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.UrlAllowList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link SourceClientFactory} over the configured {@link DataSource}s (see the interface for the rules). */
@Component(service = SourceClientFactory.class)
public final class SourceClientFactoryImpl implements SourceClientFactory {
    static final String HOW_TO_ADD = "etc/" + FACTORY_PID + "-<name>.cfg";

    private final Logger logger = LoggerFactory.getLogger(SourceClientFactoryImpl.class);
    private final List<DataSource> sources = new CopyOnWriteArrayList<>();
    private final DestinationPolicy.Resolver resolver;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<List<Object>, SourceClient> publicClients = new ConcurrentHashMap<>();

    @Activate
    public SourceClientFactoryImpl() {
        this(null);
    }

    /** With another resolver for the public-address check of unconfigured handlers (tests). */
    public SourceClientFactoryImpl(DestinationPolicy.Resolver resolver) {
        this.resolver = resolver;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addSource(DataSource source) {
        sources.add(source);
    }

    public void removeSource(DataSource source) {
        sources.remove(source);
    }

    List<DataSource> sourcesForTest() {
        return List.copyOf(sources);
    }

    @Override
    public List<String> sourceNames(String handler) {
        return sources.stream().filter(s -> s.handlers().contains(handler)).map(SourceClientFactoryImpl::name)
                .sorted().distinct().toList();
    }

    @Override
    public Source source(String handler, String server, HttpOptions defaults) throws HttpException {
        List<DataSource> mine = sources.stream().filter(s -> s.handlers().contains(handler)).toList();
        String given = server == null ? "" : server.trim();
        if (mine.isEmpty()) {
            return publicSource(handler, given, defaults);
        }
        for (DataSource s : mine) {
            DataSource.Settings st = s.settings();
            if (st != null && st.name.equals(given)) {
                return new Source(st.name, st.url, st.client(defaults), st.loginTimeout);
            }
        }
        URI uri = null;
        try {
            uri = HttpCall.checkedUri(given);
        } catch (HttpException e) {
            // not a URL and not a name: refused below with the list of names
        }
        if (uri != null) {
            for (DataSource s : mine) {
                DataSource.Settings st = s.settings();
                if (st != null && st.prefix.allows(uri)) {
                    return new Source(st.name, strip(given), st.client(defaults), st.loginTimeout);
                }
            }
        }
        for (DataSource s : mine) {
            if (s.settings() == null && s.problem() != null) {
                logger.debug("Data source for '{}' unusable: {}", handler, s.problem());
            }
        }
        String what = uri != null ? Redaction.snippet(Redaction.uri(uri), 200) : "'" + Redaction.snippet(given, 100) + "'";
        throw new HttpException(Reason.FORBIDDEN_DESTINATION, "The server " + what + " is not a data source of "
                + "this node for '" + handler + "'. Allowed (by name, or a URL under the source's URL): "
                + sourceNames(handler).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                + ". An operator adds sources in " + HOW_TO_ADD + ".");
    }

    private Source publicSource(String handler, String given, HttpOptions defaults) throws HttpException {
        HttpCall.checkedUri(given); // INVALID_REQUEST with a message for the user
        if (warned.add(handler)) {
            logger.warn("No data source is configured for handler '{}': users may name ANY server on a public "
                    + "address (non-public addresses are refused). Configure the allowed servers in {} "
                    + "(handlers = {}).", handler, HOW_TO_ADD, handler);
        }
        List<Object> key = List.of(handler, defaults);
        SourceClient c = publicClients.get(key);
        if (c == null) {
            DestinationPolicy p = DestinationPolicy.of(UrlAllowList.parse(List.of()),
                    "to allow a server, configure it as a data source in " + HOW_TO_ADD + " with handlers = "
                            + handler);
            c = SourceClient.create(defaults.withConfigPid(FACTORY_PID + "~<name>"),
                    resolver == null ? p : p.withResolver(resolver));
            SourceClient raced = publicClients.putIfAbsent(key, c);
            c = raced == null ? c : raced;
        }
        return new Source(null, strip(given), c, java.time.Duration.ofSeconds(10));
    }

    private static String name(DataSource s) {
        DataSource.Settings st = s.settings();
        return st != null ? st.name : s.pidName() + " (misconfigured)";
    }

    private static String strip(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
