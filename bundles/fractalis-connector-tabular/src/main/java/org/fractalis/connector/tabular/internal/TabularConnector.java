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
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClient;
import org.fractalis.http.UrlAllowList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
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

    @ObjectClassDefinition(name = "Fractalis connector 'tabular'", description = "Where tables may come from, and HTTP settings")
    public @interface Config {
        @AttributeDefinition(description = "Absolute directories users may load files from (comma-separated; empty: no files)")
        String[] allowed_directories() default {};

        @AttributeDefinition(description = "URL prefixes users may load tables from, e.g. https://data.example.org/shared/ (comma-separated; empty: no URLs)")
        String[] allowed_url_prefixes() default {};

        @AttributeDefinition(description = "Longest time to open a connection, in seconds")
        double connect_timeout_seconds() default 10;

        @AttributeDefinition(description = "Longest time for a complete download, in seconds")
        double read_timeout_seconds() default 300;

        @AttributeDefinition(description = "Largest table accepted (download, file, or unpacked .gz), in megabytes")
        double max_response_megabytes() default 512;

        @AttributeDefinition(description = "Check server certificates and host names (keep true outside tests)")
        boolean tls_verify() default true;

        @AttributeDefinition(description = "PEM file with extra trusted CA certificates (empty: none)")
        String tls_ca_file() default "";

        @AttributeDefinition(description = "How many values decide an undeclared data type")
        int infer_sample_values() default 1000;
    }

    private final Logger logger = LoggerFactory.getLogger(TabularConnector.class);
    private volatile Settings settings;

    @Activate
    public TabularConnector(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config);
        if (settings.problem != null) {
            logger.warn("Connector 'tabular' is misconfigured: {}", settings.problem);
        }
    }

    private record Settings(TableSource source, int sample, String problem) {
        static Settings of(Config c) {
            try {
                HttpOptions o = HttpOptions.of(PID, c.connect_timeout_seconds(), c.read_timeout_seconds(),
                        c.max_response_megabytes(), c.tls_verify(), c.tls_ca_file());
                UrlAllowList urls;
                try {
                    urls = UrlAllowList.parseConfig(c.allowed_url_prefixes());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("allowed.url.prefixes in " + CFG + ": " + e.getMessage());
                }
                TableSource source = new TableSource(SourceClient.create(o), directories(c.allowed_directories()), urls,
                        o.maxResponseBytes(), CFG);
                return new Settings(source, c.infer_sample_values() > 0 ? c.infer_sample_values() : 1000, null);
            } catch (HttpException | IllegalArgumentException e) {
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
