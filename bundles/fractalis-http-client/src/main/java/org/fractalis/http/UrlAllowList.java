package org.fractalis.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * URL prefixes an operator allows, e.g. {@code https://data.example.org/shared/}. A URL matches a prefix
 * when scheme, host and port are equal and its normalised path is the prefix's path or lies below it
 * (whole path segments: {@code /shared} allows {@code /shared/a.csv} but not {@code /shared-x/a.csv}).
 * Plain string prefixes would let {@code https://data.example.org.evil.net/} pass; this does not. URLs
 * with encoded dots, slashes or backslashes in the path are refused, because servers may decode them into
 * {@code ../}. Immutable.
 */
public final class UrlAllowList {
    private final List<URI> prefixes;

    private UrlAllowList(List<URI> prefixes) {
        this.prefixes = prefixes;
    }

    /**
     * Parses the prefixes (blank entries are ignored).
     *
     * @throws IllegalArgumentException naming an entry that is not an absolute http(s) URL
     */
    public static UrlAllowList parse(Collection<String> entries) {
        List<URI> out = new ArrayList<>();
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            try {
                URI u = new URI(e.trim()).normalize();
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                        || u.getRawQuery() != null || u.getRawFragment() != null) {
                    throw new IllegalArgumentException("'" + e.trim() + "' is not an http(s) URL prefix "
                            + "(scheme://host[:port][/path], no query).");
                }
                out.add(u);
            } catch (URISyntaxException x) {
                throw new IllegalArgumentException("'" + e.trim() + "' is not a valid URL prefix.");
            }
        }
        return new UrlAllowList(List.copyOf(out));
    }

    /**
     * Parses configuration values: each value may itself hold several prefixes separated by commas or
     * whitespace (a Karaf {@code .cfg} file gives a list as one string).
     *
     * @throws IllegalArgumentException naming an entry that is not an absolute http(s) URL
     */
    public static UrlAllowList parseConfig(String... values) {
        List<String> entries = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    entries.addAll(List.of(v.trim().split("[,\\s]+")));
                }
            }
        }
        return parse(entries);
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /** The prefixes as configured (normalised), for messages. */
    public List<String> prefixes() {
        return prefixes.stream().map(URI::toString).toList();
    }

    /** Whether the URL lies under one of the prefixes. */
    public boolean allows(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            return false;
        }
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath().toLowerCase(Locale.ROOT);
        if (rawPath.contains("%2e") || rawPath.contains("%2f") || rawPath.contains("%5c") || rawPath.contains("\\")) {
            return false;
        }
        URI n = url.normalize();
        String path = n.getPath() == null || n.getPath().isEmpty() ? "/" : n.getPath();
        if (path.startsWith("/..") || path.contains("/../")) {
            return false;
        }
        for (URI p : prefixes) {
            if (p.getScheme().equalsIgnoreCase(n.getScheme()) && p.getHost().equalsIgnoreCase(n.getHost())
                    && port(p) == port(n) && underPath(path, p.getPath())) {
                return true;
            }
        }
        return false;
    }

    private static boolean underPath(String path, String prefixPath) {
        String p = prefixPath == null || prefixPath.isEmpty() ? "/" : prefixPath;
        if (p.endsWith("/")) {
            return path.startsWith(p) || path.equals(p.substring(0, p.length() - 1));
        }
        return path.equals(p) || path.startsWith(p + "/");
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    @Override
    public String toString() {
        return String.join(", ", prefixes());
    }
}
