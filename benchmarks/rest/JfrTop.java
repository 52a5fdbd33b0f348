import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the node's CPU goes, from a JFR recording: the share of execution samples (stack traces) that pass
 * through each layer, and the hottest methods.
 *
 * <p>{@code java benchmarks/rest/JfrTop.java recording.jfr [top]}
 */
public final class JfrTop {

    /** Layers, each matched against every frame of a sample ("inclusive": a sample counts once per layer). */
    private static final Map<String, String[]> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("FractalisServlet.service (CORS, cookie, session lookup, Jersey)", new String[] {"org.fractalis.web.internal.FractalisServlet.service"});
        LAYERS.put("  Jersey ServletContainer.service", new String[] {"org.glassfish.jersey.servlet.ServletContainer.service"});
        LAYERS.put("    HK2 injection (service locator)", new String[] {"org.jvnet.hk2.internal.ServiceLocatorImpl.getService",
            "org.jvnet.hk2.internal.Utilities.createService"});
        LAYERS.put("    Jersey request/response URI building", new String[] {"org.glassfish.jersey.uri.internal.JerseyUriBuilder"});
        LAYERS.put("    resource methods (org.fractalis.web.internal.*Resource)", new String[] {"org.fractalis.web.internal.AnalyticsResource.",
            "org.fractalis.web.internal.MiscResource.", "org.fractalis.web.internal.DataResource.",
            "org.fractalis.web.internal.StateResource."});
        LAYERS.put("  session cookie header (date formatting)", new String[] {"org.fractalis.web.internal.FractalisServlet.cookieHeader"});
        LAYERS.put("  session lookup per request (Sessions.resolve)", new String[] {"org.fractalis.core.internal.session.Sessions.resolve"});
        LAYERS.put("core services (org.fractalis.core), all", new String[] {"org.fractalis.core."});
        LAYERS.put("  stored record JSON (Json.read/bytes)", new String[] {"org.fractalis.core.internal.json.Json.read",
            "org.fractalis.core.internal.json.Json.bytes"});
        LAYERS.put("  embedded store (DurableStateStore, H2 MVStore)", new String[] {"org.fractalis.core.internal.store.DurableStateStore.", "org.h2.mvstore."});
        LAYERS.put("  job execution on the queue's workers (JobExecutor)", new String[] {"org.fractalis.core.internal.job.JobExecutor.execute"});
        LAYERS.put("Jackson (anywhere)", new String[] {"com.fasterxml.jackson."});
        LAYERS.put("logging checks (slf4j/log4j/pax-logging)", new String[] {"org.ops4j.pax.logging.", "org.apache.logging.log4j."});
    }

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> layer = new LinkedHashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        LAYERS.keySet().forEach(k -> layer.put(k, 0));
        int n = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            n++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?[0-9]+$", ""), 1, Integer::sum);
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> hit = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f);
                for (Map.Entry<String, String[]> l : LAYERS.entrySet()) {
                    for (String p : l.getValue()) {
                        if (m.startsWith(p)) {
                            hit.add(l.getKey());
                        }
                    }
                }
            }
            hit.forEach(h -> layer.merge(h, 1, Integer::sum));
        }
        final int total = n;
        System.out.printf(Locale.ROOT, "%d execution samples%n%n", total);
        System.out.println("| layer (share of samples whose stack passes through it) | share |");
        System.out.println("|---|---|");
        layer.forEach((k, v) -> {
            String name = k.stripLeading();
            String indent = "· ".repeat((k.length() - name.length()) / 2);
            System.out.printf(Locale.ROOT, "| %s%s | %.1f %% |%n", indent, name, 100.0 * v / Math.max(1, total));
        });
        System.out.println();
        System.out.println("| threads | share |");
        System.out.println("|---|---|");
        threads.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5).forEach(t ->
                System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", t.getKey(), 100.0 * t.getValue() / total));
        System.out.println();
        System.out.println("| hottest methods (self) | share |");
        System.out.println("|---|---|");
        self.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(t ->
                System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", t.getKey(), 100.0 * t.getValue() / total));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
