package org.fractalis.connector.tabular.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClientFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tabular} handler: a user's own CSV/TSV table, from an http(s) URL or a directory the operator
 * allows, in wide, long or matrix layout, so that a file can be analysed without writing a connector.
 */
@Component(service = Connector.class, configurationPid = TabularConnector.PID)
@ConnectorHandler(handler = "tabular")
@Designate(ocd = TabularConnector.Config.class)
public final class TabularConnector implements Connector {
    static final String PID = "org.fractalis.connector.tabular";
    static final String CFG = "etc/" + PID + ".cfg";

    static final String HANDLER = "tabular";

    @ObjectClassDefinition(name = "Fractalis connector 'tabular'", description = "Where tables may come from "
            + "(URLs: data sources with handlers = tabular in etc/org.fractalis.source-<name>.cfg)")
    public @interface Config {
        @AttributeDefinition(description = "Absolute directories users may load files from (comma-separated; empty: no files)")
        String[] allowed_directories() default {};

        @AttributeDefinition(description = "Largest table accepted (a file, an unpacked .gz, or a download from a "
                + "data source that sets no max.response.megabytes), in megabytes")
        double max_response_megabytes() default 512;

        @AttributeDefinition(description = "How many values decide an undeclared data type")
        int infer_sample_values() default 1000;
    }

    // a download holds a worker thread for at most the read timeout; whole tables (up to the size cap) need more
    // than the 60 s of the other connectors
    static final HttpOptions DEFAULTS = HttpOptions.DEFAULTS.withReadTimeout(java.time.Duration.ofSeconds(120));

    private final Logger logger = LoggerFactory.getLogger(TabularConnector.class);
    private final SourceClientFactory sources;
    private volatile Settings settings;

    @Activate
    public TabularConnector(Config config, @Reference SourceClientFactory sources) {
        this.sources = sources;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config, sources);
        if (settings.problem != null) {
            logger.warn("Connector 'tabular' is misconfigured: {}", settings.problem);
        }
    }

    private record Settings(TableSource source, int sample, String problem) {
        static Settings of(Config c, SourceClientFactory sources) {
            try {
                long max = c.max_response_megabytes() > 0
                        ? (long) Math.min(c.max_response_megabytes() * (1 << 20), Long.MAX_VALUE / 2) : 512L << 20;
                TableSource source = new TableSource(sources, DEFAULTS.withMaxResponseBytes(max),
                        directories(c.allowed_directories()), max, CFG);
                return new Settings(source, c.infer_sample_values() > 0 ? c.infer_sample_values() : 1000, null);
            } catch (IllegalArgumentException e) {
                return new Settings(null, 0, e.getMessage());
            }
        }

        private static List<Path> directories(String[] values) {
            List<Path> out = new ArrayList<>();
            for (String v : values == null ? new String[0] : values) {
                for (String part : v.split(",")) {
                    String s = part.trim();
                    if (s.isEmpty()) {
                        continue;
                    }
                    try {
                        Path p = Path.of(s);
                        if (!p.isAbsolute()) {
                            throw new IllegalArgumentException("allowed.directories in " + CFG + ": '" + s
                                    + "' is not an absolute path.");
                        }
                        out.add(p.normalize());
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException("allowed.directories in " + CFG + ": '" + s
                                + "' is not a valid path.");
                    }
                }
            }
            return List.copyOf(out);
        }

        TableSource usableSource() throws ConnectorException {
            if (problem != null) {
                throw new ConnectorException("The 'tabular' connector is misconfigured on this server: " + problem);
            }
            return source;
        }
    }

    /** Tables need no login; an auth token, if given, is sent to URL sources as a Bearer token. */
    @Override
    public String login(String server, Map<String, Object> auth) {
        return "";
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        TabularSpec spec = TabularSpec.parse(descriptor);
        DataKind k = spec.structuralKind();
        if (k != null) {
            return k;
        }
        Settings s = settings;
        TableParser parser = new TableParser(spec, s.sample);
        // reads only the first rows, to see whether the values are numbers
        return s.usableSource().read(spec, "", parser::infer);
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return TabularSpec.parse(descriptor).displayLabel();
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        TabularSpec spec = TabularSpec.parse(request.descriptor());
        Settings s = settings;
        TableParser parser = new TableParser(spec, s.sample);
        return s.usableSource().read(spec, request.token() == null ? "" : request.token(), parser::load);
    }
}
