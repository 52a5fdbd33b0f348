package org.fractalis.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.core.internal.json.ResultJson;
import org.junit.jupiter.api.DynamicTest;

/**
 * Finds, loads and runs golden cases.
 *
 * <p>Cases are read from the classpath ({@code golden/<task>/<case>.json}, from this jar or from
 * {@code target/classes}). Setting the system property {@value #DIR_PROPERTY} to a directory laid out
 * the same way ({@code <dir>/<task>/<case>.json}) reads the cases from there instead, e.g. to run a
 * further set of cases without rebuilding. The property {@value #CASE_PROPERTY} (a glob such as
 * {@code kendall_*}) restricts {@link #dynamicTests} to matching case names.
 *
 * <p>Typical use in an analytics bundle:
 * <pre>
 * class BoxplotGoldenTest {
 *     &#64;TestFactory
 *     Stream&lt;DynamicTest&gt; golden() {
 *         return GoldenCases.dynamicTests("compute-boxplot", new BoxplotTask());
 *     }
 * }
 * </pre>
 */
public final class GoldenCases {

    /** System property: a directory to read cases from instead of the classpath. */
    public static final String DIR_PROPERTY = "fractalis.golden.dir";
    /** System property: a glob on case names that {@link #dynamicTests} runs (default: all). */
    public static final String CASE_PROPERTY = "fractalis.golden.case";

    private static final String ROOT = "golden/";
    private static final int MAX_REPORTED = 40;

    private GoldenCases() {
    }

    // ---------------------------------------------------------------- loading

    /** The names of all cases of a task, sorted. Fails if the task directory holds none. */
    public static List<String> names(String task) {
        TreeSet<String> names = new TreeSet<>();
        String dir = System.getProperty(DIR_PROPERTY);
        try {
            if (dir != null && !dir.isBlank()) {
                listDirectory(Paths.get(dir).resolve(task), names);
            } else {
                listClasspath(task, names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list golden cases of " + task, e);
        }
        return new ArrayList<>(names);
    }

    /** All cases of a task, sorted by name. */
    public static List<GoldenCase> all(String task) {
        List<GoldenCase> out = new ArrayList<>();
        for (String n : names(task)) {
            out.add(load(task, n));
        }
        return out;
    }

    /** One case by task and name (without {@code .json}). */
    public static GoldenCase load(String task, String name) {
        String dir = System.getProperty(DIR_PROPERTY);
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Paths.get(dir).resolve(task).resolve(name + ".json");
                try (InputStream in = Files.newInputStream(p)) {
                    return new GoldenCase(task, name, GoldenJson.parseObject(in));
                }
            }
            String res = ROOT + task + "/" + name + ".json";
            ClassLoader cl = classLoader();
            try (InputStream in = cl.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalArgumentException("no golden case " + res + " on the classpath");
                }
                return new GoldenCase(task, name, GoldenJson.parseObject(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden case " + task + "/" + name, e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = GoldenCases.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }

    private static void listClasspath(String task, TreeSet<String> names) throws IOException {
        String prefix = ROOT + task + "/";
        ClassLoader cl = classLoader();
        List<URL> anchors = new ArrayList<>();
        for (String anchor : new String[] {ROOT + "README.md", ROOT + task, ROOT + task + "/"}) {
            Enumeration<URL> urls = cl.getResources(anchor);
            while (urls.hasMoreElements()) {
                anchors.add(urls.nextElement());
            }
        }
        for (URL u : anchors) {
            if ("file".equals(u.getProtocol())) {
                Path p;
                try {
                    p = Paths.get(u.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                Path taskDir = Files.isDirectory(p) && p.getFileName().toString().equals(task) ? p
                        : p.getParent().resolve(task);
                listDirectory(taskDir, names);
            } else if ("jar".equals(u.getProtocol())) {
                URLConnection c = u.openConnection();
                c.setUseCaches(false);
                if (c instanceof JarURLConnection jc) {
                    try (JarFile jar = jc.getJarFile()) {
                        Enumeration<JarEntry> en = jar.entries();
                        while (en.hasMoreElements()) {
                            String e = en.nextElement().getName();
                            if (e.startsWith(prefix) && e.endsWith(".json") && e.indexOf('/', prefix.length()) < 0) {
                                names.add(e.substring(prefix.length(), e.length() - ".json".length()));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void listDirectory(Path taskDir, TreeSet<String> names) throws IOException {
        if (!Files.isDirectory(taskDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(taskDir, "*.json")) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                names.add(f.substring(0, f.length() - ".json".length()));
            }
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs a task on a case and checks the outcome: for {@code expected} cases the result is serialised
     * with {@link ResultJson} as the server would send it, parsed back and compared with
     * {@link GoldenComparator} at the case's tolerance (or checked with
     * {@link GoldenComparator#structuralCheck} in structural mode); for {@code expected_error} cases the
     * task must throw an {@link AnalyticsException} whose message is {@code expected_error} or one of the
     * {@code message_alternatives} and whose type is {@code expected_error_detail.type} (for
     * {@code origin: "library"} any AnalyticsException is accepted).
     *
     * @return the problems found; empty means the case passes
     */
    public static List<String> check(GoldenCase c, AnalyticsTask task) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> result;
        try {
            result = task.run(c.args());
        } catch (AnalyticsException e) {
            if (!c.expectsError()) {
                problems.add("task failed: " + e.clientMessage());
                return problems;
            }
            checkError(c, e, problems);
            return problems;
        } catch (RuntimeException | Error e) {
            problems.add((c.expectsError() ? "expected an AnalyticsException, but the task threw "
                    : "task threw ") + e + stackHead(e));
            return problems;
        }
        if (c.expectsError()) {
            problems.add("expected failure '" + c.expectedError().orElse("") + "', but the task returned a result");
            return problems;
        }
        Object actual;
        try {
            actual = GoldenJson.parse(ResultJson.write(result));
        } catch (RuntimeException e) {
            problems.add("result cannot be serialised: " + e);
            return problems;
        }
        if (c.structural()) {
            problems.addAll(GoldenComparator.structuralCheck(c.document(), actual));
        } else {
            problems.addAll(GoldenComparator.compare(c.expected(), actual, c.tolerance()));
        }
        return problems;
    }

    private static void checkError(GoldenCase c, AnalyticsException e, List<String> problems) {
        if ("library".equals(c.expectedErrorOrigin())) {
            return;
        }
        List<String> accepted = c.acceptedErrorMessages();
        if (!accepted.contains(e.getMessage())) {
            problems.add("wrong error message: expected " + (accepted.size() == 1 ? "'" + accepted.get(0) + "'"
                    : "one of " + accepted) + ", got '" + e.getMessage() + "'");
        }
        c.expectedErrorType().ifPresent(t -> {
            if (!t.equals(e.type())) {
                problems.add("wrong error type: expected " + t + ", got " + e.type());
            }
        });
    }

    private static String stackHead(Throwable e) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(5, st.length); i++) {
            sb.append("\n    at ").append(st[i]);
        }
        return sb.toString();
    }

    /** Runs {@link #check} and throws an {@link AssertionError} listing the problems if there are any. */
    public static void assertCase(GoldenCase c, AnalyticsTask task) {
        List<String> problems = check(c, task);
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("golden case ").append(c).append(" failed (")
                    .append(problems.size()).append(" problem(s)):");
            for (int i = 0; i < Math.min(MAX_REPORTED, problems.size()); i++) {
                sb.append("\n  ").append(problems.get(i));
            }
            if (problems.size() > MAX_REPORTED) {
                sb.append("\n  ... ").append(problems.size() - MAX_REPORTED).append(" more");
            }
            throw new AssertionError(sb.toString());
        }
    }

    /** Loads a case by name and asserts that the task passes it. */
    public static void assertCase(String task, String name, AnalyticsTask impl) {
        assertCase(load(task, name), impl);
    }

    /**
     * One JUnit 5 dynamic test per case of the task (named after the case); return it from a
     * {@code @TestFactory}. The same task instance runs every case (tasks must be thread-safe and
     * stateless anyway). If the task has no cases, a single failing test is returned.
     */
    public static Stream<DynamicTest> dynamicTests(String taskName, AnalyticsTask impl) {
        return dynamicTests(taskName, () -> impl);
    }

    /**
     * As {@link #dynamicTests(String, AnalyticsTask)} with every numerical array input as a matrix frame
     * ({@link GoldenCase#withMatrices()}): a task must give the same results for both layouts.
     */
    public static Stream<DynamicTest> dynamicTestsWithMatrices(String taskName, AnalyticsTask impl) {
        return dynamicTests(taskName, () -> impl, GoldenCase::withMatrices);
    }

    /** As {@link #dynamicTests(String, AnalyticsTask)}, with a fresh task instance per case. */
    public static Stream<DynamicTest> dynamicTests(String taskName, Supplier<? extends AnalyticsTask> factory) {
        return dynamicTests(taskName, factory, c -> c);
    }

    private static Stream<DynamicTest> dynamicTests(String taskName, Supplier<? extends AnalyticsTask> factory,
            java.util.function.UnaryOperator<GoldenCase> variant) {
        List<String> names = names(taskName);
        String glob = System.getProperty(CASE_PROPERTY);
        if (glob != null && !glob.isBlank()) {
            names.removeIf(n -> !GoldenComparator.fnmatch(n, glob));
        }
        if (names.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("no golden cases", () -> {
                throw new AssertionError("no golden cases found for task '" + taskName + "'"
                        + (glob == null ? "" : " matching " + glob));
            }));
        }
        return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> assertCase(variant.apply(load(taskName, n)),
                factory.get())));
    }
}
