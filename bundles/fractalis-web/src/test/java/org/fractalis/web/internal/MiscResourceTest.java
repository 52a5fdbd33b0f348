package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.service.NodeInfo;
import org.junit.jupiter.api.Test;

/** {@code GET /misc/plugins} from the nodes' heartbeats: names, node counts, bundles and versions, nothing else. */
class MiscResourceTest {

    @Test
    void pluginsOfTheLiveNodesWithTheirBundlesAndNoHostOrNodeId() throws Exception {
        NodeInfo web = new NodeInfo("w", "web-host:5000", Set.of("web"), Set.of(), 1L, Map.of(), Map.of());
        NodeInfo a = new NodeInfo("a", "secret-host-a:5101", Set.of("worker"),
                Set.of("etl:test", "analytics:compute-pca"), 1L, Map.of(),
                Map.of("etl:test", "fractalis-connector-test 0.1.0", "analytics:compute-pca",
                        "fractalis-analytics-pca 0.1.0"));
        NodeInfo b = new NodeInfo("b", "secret-host-b:5102", Set.of("worker"), Set.of("analytics:compute-pca"), 1L,
                Map.of(), Map.of("analytics:compute-pca", "fractalis-analytics-pca 0.2.0"));
        NodeInfo old = new NodeInfo("c", "old:1", Set.of("worker"), Set.of("etl:test"), 1L);
        Map<String, Object> out = MiscResource.plugins(List.of(web, a, b, old));
        assertEquals(Map.of(
                "handlers", List.of(Map.of("name", "test", "nodes", 2, "bundles",
                        List.of(Map.of("bundle", "fractalis-connector-test", "version", "0.1.0")))),
                "tasks", List.of(Map.of("name", "compute-pca", "nodes", 2, "bundles", List.of(
                        Map.of("bundle", "fractalis-analytics-pca", "version", "0.1.0"),
                        Map.of("bundle", "fractalis-analytics-pca", "version", "0.2.0"))))), out);
        String json = JsonBodies.write(out);
        assertEquals(-1, json.indexOf("host"), json);
    }

    @Test
    void noWorkerMeansEmptyLists() {
        assertEquals(Map.of("handlers", List.of(), "tasks", List.of()), MiscResource.plugins(List.of()));
    }
}
