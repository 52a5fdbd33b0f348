package org.fractalis.demo.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * The page's files: resources under {@code web/} in this bundle, looked up by a single plain file name (no
 * directories, no {@code ..}), so a request can never reach anything else. Files are read once and kept.
 */
final class StaticFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon");

    /** A file: its bytes, the same gzip-compressed (null if not worth it), media type and an entity tag. */
    record File(String name, byte[] bytes, byte[] gzipped, String type, String etag) {
    }

    private final Function<String, URL> resources;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    /** @param resources finds a resource by its path (e.g. the bundle's class loader) */
    StaticFiles(Function<String, URL> resources) {
        this.resources = resources;
    }

    /** Whether {@code name} is a name this class would look up at all. */
    static boolean validName(String name) {
        return name != null && name.length() <= 100 && NAME.matcher(name).matches();
    }

    /** The file {@code web/<name>}, if the name is valid, has a known type and the resource exists. */
    Optional<File> get(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, n -> read(n, type));
    }

    private Optional<File> read(String name, String type) {
        URL url = resources.apply("web/" + name);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            byte[] bytes = out.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            String etag = "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
            boolean text = type.startsWith("text/") || type.startsWith("application/");
            return Optional.of(new File(name, bytes, text && bytes.length > 1024 ? gzip(bytes) : null, type, etag));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read web/" + name, e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
