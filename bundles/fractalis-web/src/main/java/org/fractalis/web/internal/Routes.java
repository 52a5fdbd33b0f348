package org.fractalis.web.internal;

import java.util.regex.Pattern;

/**
 * The route template of a request path, for the access log and the metrics: ids replaced by {@code {id}}, so a
 * label value never carries an id and the number of distinct values stays small. Paths the node does not serve
 * (and ids that are not UUIDs, which are 404) are {@code other}.
 */
final class Routes {
    private static final String ID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern WITH_ID = Pattern.compile("/(data|data/meta|analytics|state)/" + ID);
    static final String OTHER = "other";

    private Routes() {
    }

    static String template(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        switch (path) {
            case "/data", "/analytics", "/state", "/misc/version", "/misc/plugins", "/openapi.json", "/health/live",
                "/health/ready", "/metrics", "/" -> {
                return path;
            }
            default -> {
                // fall through to the patterns
            }
        }
        if (path.equals("/demo") || path.startsWith("/demo/")) {
            return "/demo/*";
        }
        if (path.length() <= 60 && WITH_ID.matcher(path).matches()) {
            return path.substring(0, path.lastIndexOf('/')) + "/{id}";
        }
        return OTHER;
    }
}
