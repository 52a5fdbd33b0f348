package org.fractalis.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.NodeInfo;

/**
 * {@code /misc/version}: 201 (sic, as the original) with a version fractal.js 1.4 accepts without warning.
 * {@code /misc/plugins}: the handlers and tasks the live nodes serve, with the bundles behind them.
 */
@Path("/misc")
@Produces(MediaType.APPLICATION_JSON)
public final class MiscResource {
    private static final String ETL = "etl:";
    private static final String ANALYTICS = "analytics:";
    private final Supplier<WebSettings> settings;
    private final ClusterDirectory cluster;

    MiscResource(Supplier<WebSettings> settings, ClusterDirectory cluster) {
        this.settings = settings;
        this.cluster = cluster;
    }

    @GET
    @Path("/version")
    public Response version() {
        return Responses.json(201, Map.of("version", settings.get().version()));
    }

    /**
     * From the nodes' heartbeats, which on a single node hold its own worker's plugins: so a web node lists what
     * its workers serve, exactly what POST /data and POST /analytics accept. Host names and node ids stay out.
     */
    @GET
    @Path("/plugins")
    public Response plugins() {
        return Responses.json(200, plugins(cluster.nodes()));
    }

    static Map<String, Object> plugins(List<NodeInfo> nodes) {
        Map<String, Plugin> byCapability = new TreeMap<>();
        for (NodeInfo n : nodes) {
            for (String cap : n.capabilities()) {
                if (cap.startsWith(ETL) || cap.startsWith(ANALYTICS)) {
                    Plugin p = byCapability.computeIfAbsent(cap, c -> new Plugin());
                    p.nodes++;
                    String bundle = n.plugins().get(cap);
                    if (bundle != null) {
                        p.bundles.add(bundle);
                    }
                }
            }
        }
        List<Map<String, Object>> handlers = new ArrayList<>();
        List<Map<String, Object>> tasks = new ArrayList<>();
        byCapability.forEach((cap, p) -> {
            boolean etl = cap.startsWith(ETL);
            String name = cap.substring(etl ? ETL.length() : ANALYTICS.length());
            (etl ? handlers : tasks).add(p.json(name));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handlers", handlers);
        out.put("tasks", tasks);
        return out;
    }

    private static final class Plugin {
        int nodes;
        /** "<symbolic name> <version>", as in {@link NodeInfo#plugins()}. */
        final Set<String> bundles = new TreeSet<>();

        Map<String, Object> json(String name) {
            List<Map<String, String>> list = new ArrayList<>();
            for (String b : bundles) {
                int space = b.lastIndexOf(' ');
                Map<String, String> m = new LinkedHashMap<>();
                m.put("bundle", space < 0 ? b : b.substring(0, space));
                m.put("version", space < 0 ? "" : b.substring(space + 1));
                list.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("nodes", nodes);
            m.put("bundles", list);
            return m;
        }
    }
}
