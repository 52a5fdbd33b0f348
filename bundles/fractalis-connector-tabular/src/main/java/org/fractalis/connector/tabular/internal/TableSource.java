package org.fractalis.connector.tabular.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.Redaction;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.UrlAllowList;

/**
 * Opens the table a descriptor names: a file in an allowed directory or an allowed http(s) URL, gzip-decoded
 * when the name ends in {@code .gz}, limited in size. Everything the user names is checked against the
 * operator's allow-lists first (symbolic links and {@code ..} resolved; every redirect target checked).
 */
final class TableSource {
    /** Reads the opened table. */
    @FunctionalInterface
    interface Task<T> {
        T read(Reader in) throws IOException, ConnectorException;
    }

    private final SourceClientFactory sources;
    private final HttpOptions defaults;
    private final List<Path> directories;
    private final long maxBytes;
    private final String cfg;

    /** URLs come from the data sources of the 'tabular' handler; {@code defaults} apply where they set nothing. */
    TableSource(SourceClientFactory sources, HttpOptions defaults, List<Path> directories, long maxBytes, String cfg) {
        this.sources = sources;
        this.defaults = defaults;
        this.directories = directories;
        this.maxBytes = maxBytes;
        this.cfg = cfg;
    }

    <T> T read(TabularSpec spec, String token, Task<T> task) throws ConnectorException {
        return spec.url() != null ? readUrl(spec.url(), token, task) : readFile(spec.file(), task);
    }

    private <T> T readFile(String name, Task<T> task) throws ConnectorException {
        Path file = resolve(name);
        try {
            if (Files.size(file) > maxBytes) {
                throw tooLarge("The file '" + name + "'");
            }
            try (InputStream raw = Files.newInputStream(file)) {
                return task.read(reader(name, raw, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            if (e instanceof LimitExceeded) {
                throw tooLarge("The file '" + name + "' (unpacked)");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
            }
            throw new ConnectorException(Phase.EXTRACT, "Reading the file '" + name + "' failed: " + e.getMessage());
        }
    }

    /** The real path of the named file, if it lies in an allowed directory. */
    Path resolve(String name) throws ConnectorException {
        if (directories.isEmpty()) {
            throw new ConnectorException(Phase.EXTRACT, "Loading files is disabled on this server (allowed.directories "
                    + "in " + cfg + ").");
        }
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ConnectorException(Phase.EXTRACT, "'" + name + "' is not a valid file path.");
        }
        boolean outside = false;
        for (Path dir : directories) {
            Path candidate = p.isAbsolute() ? p : dir.resolve(p);
            if (!Files.exists(candidate)) {
                continue;
            }
            try {
                Path real = candidate.toRealPath();
                for (Path allowed : directories) {
                    if (Files.isDirectory(allowed) && real.startsWith(allowed.toRealPath())) {
                        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                            throw new ConnectorException(Phase.EXTRACT, "'" + name + "' is not a readable file.");
                        }
                        return real;
                    }
                }
                outside = true;
            } catch (IOException e) {
                throw new ConnectorException(Phase.EXTRACT, "'" + name + "' cannot be opened.");
            }
        }
        throw new ConnectorException(Phase.EXTRACT, outside
                ? "The file '" + name + "' is not in a directory this server allows (allowed.directories in " + cfg + ")."
                : "The file '" + name + "' was not found in the directories this server allows.");
    }

    private <T> T readUrl(String url, String token, Task<T> task) throws ConnectorException {
        // unlike the other handlers, no URL at all without a configured source: tables are fetched by URL alone
        if (sources.sourceNames(TabularConnector.HANDLER).isEmpty()) {
            throw new ConnectorException(Phase.EXTRACT, "Loading from URLs is disabled on this server (no data "
                    + "source with handlers = tabular in etc/org.fractalis.source-<name>.cfg).");
        }
        SourceClientFactory.Source source;
        try {
            source = sources.source(TabularConnector.HANDLER, url, defaults);
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, e.getMessage());
        }
        UrlAllowList within = source.client().destinations().allowList();
        HttpCall call = HttpCall.get(source.url()).bearer(token)
                .accept("text/csv, text/tab-separated-values, text/plain;q=0.9, */*;q=0.5")
                .followRedirects(5, within::allows);
        try {
            return source.client().send(call, (head, in) -> {
                if (head.status() != 200) {
                    // the status only, never the body
                    throw new ConnectorException(Phase.EXTRACT, "Downloading " + Redaction.uri(head.uri())
                            + " failed: the server answered " + Redaction.status(head.status()) + ".");
                }
                try {
                    return task.read(reader(head.uri().getPath(), in, head.charset()));
                } catch (LimitExceeded e) {
                    throw tooLarge("The table at " + Redaction.uri(head.uri()) + " (unpacked)");
                }
            });
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, Redaction.secrets(e.getMessage(), token));
        }
    }

    private Reader reader(String name, InputStream in, Charset charset) throws IOException {
        InputStream s = name != null && name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")
                ? new Limited(new GZIPInputStream(in, 1 << 16), maxBytes) : new Limited(in, maxBytes);
        return new InputStreamReader(s, charset);
    }

    private ConnectorException tooLarge(String what) {
        return new ConnectorException(Phase.EXTRACT, what + " is larger than the limit of "
                + Math.round(maxBytes / (double) (1 << 20)) + " MB (max.response.megabytes in " + cfg + ").");
    }

    /** Thrown when a table exceeds the size limit while it is read. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded() {
            super("size limit exceeded");
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) {
                throw new LimitExceeded();
            }
            return n;
        }
    }
}
