package org.fractalis.http.testing;

import java.util.HashMap;
import java.util.Map;

import org.fractalis.http.DestinationPolicy;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.internal.DataSource;
import org.fractalis.http.internal.SourceClientFactoryImpl;

/** A {@link SourceClientFactory} for unit tests, with data sources given as configuration maps. */
public final class Sources {
    private Sources() {
    }

    /** No source configured: any public server (the resolver decides what is public; may be null). */
    public static SourceClientFactory none(DestinationPolicy.Resolver resolver) {
        return new SourceClientFactoryImpl(resolver);
    }

    /**
     * One source named {@code name} serving {@code handler} at {@code url}, with further keys of
     * {@code etc/org.fractalis.source-<name>.cfg} (e.g. {@code read.timeout.seconds}).
     */
    public static SourceClientFactory one(String name, String handler, String url, Map<String, ?> more) {
        SourceClientFactoryImpl f = new SourceClientFactoryImpl(null);
        f.addSource(source(name, handler, url, more));
        return f;
    }

    public static DataSource source(String name, String handler, String url, Map<String, ?> more) {
        Map<String, Object> p = new HashMap<>(more);
        p.putIfAbsent("url", url);
        p.putIfAbsent("handlers", handler);
        return new DataSource(Configs.of(DataSource.Config.class, p),
                Map.of("service.pid", SourceClientFactory.FACTORY_PID + "~" + name));
    }
}
