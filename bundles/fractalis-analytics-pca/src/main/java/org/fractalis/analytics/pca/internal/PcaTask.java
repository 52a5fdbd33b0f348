package org.fractalis.analytics.pca.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.pca.Pca;
import org.fractalis.stats.pca.PcaResult;
import org.fractalis.stats.prep.Pivot;
import org.fractalis.stats.prep.RowTable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code compute-pca}: principal components of the selected numerical variables (golden README §4.4,
 * CLIENT_CONTRACT §7.4).
 *
 * <p>Pipeline: concatenate the features, id_filter, pivot to samples × features (both sorted), replace missing
 * cells by the feature's median, fit scikit-learn's PCA (u-based signs, optional whitening) on the unique samples,
 * keeping the leading {@code pca.max.components} components (a deliberate departure: the original returns all
 * min(n, p); the ratios stay fractions of the total variance), then apply subsets and categories to the scores
 * (ids outside every subset vanish, ids in several subsets are repeated). Loadings are
 * {@code −componentsᵀ·sqrt(explained variance)} as in the original.
 */
@Component(service = AnalyticsTask.class, configurationPid = PcaTask.PID)
@Designate(ocd = PcaTask.Config.class)
@AnalyticsTaskName(task = "compute-pca")
public final class PcaTask implements AnalyticsTask {
    static final String PID = "org.fractalis.analytics.pca";
    /** The client draws component 0 against 1, so fewer than two are never returned (when two exist). */
    static final int MIN_COMPONENTS = 2;
    static final int DEFAULT_MAX_COMPONENTS = 10;

    @ObjectClassDefinition(name = "Fractalis compute-pca", description = "Principal component analysis task")
    public @interface Config {
        @AttributeDefinition(description = "At most this many leading principal components are computed and returned "
                + "(scores, loadings, variance_ratios); values below 2 count as 2. The original returns all "
                + "min(samples, features) components, which for cohort-sized data is megabytes of JSON the client "
                + "never shows")
        int pca_max_components() default DEFAULT_MAX_COMPONENTS;
    }

    private final int maxComponents;

    /** With the default of {@value #DEFAULT_MAX_COMPONENTS} components. */
    public PcaTask() {
        this(DEFAULT_MAX_COMPONENTS);
    }

    @Activate
    public PcaTask(Config config) {
        this(config.pca_max_components());
    }

    /** @param maxComponents the most components returned; below {@value #MIN_COMPONENTS} counts as 2 */
    PcaTask(int maxComponents) {
        this.maxComponents = Math.max(MIN_COMPONENTS, maxComponents);
    }

    /** The imputed data, one array per feature (features × samples), with the sorted labels. */
    private record Matrix(double[][] features, String[] ids, String[] featureNames) {
    }

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        List<Frame> features = args.frames("features");
        if (features.isEmpty()) {
            throw AnalyticsException.valueError("Must at least specify one numerical feature.");
        }
        for (Frame f : features) {
            if (!f.kind().isNumeric()) {
                throw AnalyticsException.valueError("Argument 'features' must reference numerical variables.");
            }
        }
        List<Frame> categories = args.frames("categories");
        for (Frame c : categories) {
            if (c.kind().isNumeric()) {
                throw AnalyticsException.valueError("Argument 'categories' must reference categorical variables.");
            }
        }
        boolean whiten = args.has("whiten") && args.bool("whiten");
        List<String> idFilter = args.strings("id_filter");
        List<List<String>> subsets = args.subsets("subsets");

        Matrix m = matrix(features, idFilter);
        cancelled();
        PcaResult pca;
        try {
            pca = Pca.fitFeatureMajor(m.features(), whiten, maxComponents); // consumes the matrix
        } catch (IllegalArgumentException e) {
            throw AnalyticsException.valueError(e.getMessage());
        }
        if (!Double.isFinite(pca.explainedVarianceRatio()[0])) {
            throw AnalyticsException.valueError(
                    "PCA needs at least one feature whose values differ between the samples.");
        }
        cancelled();

        // scores per sample, then subsets and categories as in the original (after the fit)
        RowTable.Builder b = RowTable.builder();
        for (String id : m.ids()) {
            b.add(id, "pca", 0.0);
        }
        RowTable rows = b.build().applySubsets(subsets).applyCategories(categories);
        int nRows = rows.size();
        int k = pca.componentCount();
        Map<String, Object> data = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            double[] scores = pca.scores()[c];
            double[] col = new double[nRows];
            for (int r = 0; r < nRows; r++) {
                col[r] = scores[rows.source(r)];
            }
            data.put(Integer.toString(c), col);
        }
        String[] ids = new String[nRows];
        int[] subsetCol = new int[nRows];
        List<String> categoryCol = new ArrayList<>(nRows);
        for (int r = 0; r < nRows; r++) {
            ids[r] = rows.id(r);
            subsetCol[r] = rows.subset(r);
            categoryCol.add(rows.category(r));
        }
        data.put("id", ids);
        data.put("subset", subsetCol);
        data.put("category", categoryCol);

        Map<String, Object> loadings = new LinkedHashMap<>();
        double[][] l = pca.loadings();
        for (int c = 0; c < k; c++) {
            loadings.put(Integer.toString(c), l[c]);
        }
        loadings.put("feature", m.featureNames());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("loadings", loadings);
        result.put("variance_ratios", pca.explainedVarianceRatio());
        return result;
    }

    /** Concatenation, id_filter, sorted pivot and median imputation, read straight from the frames. */
    private static Matrix matrix(List<Frame> features, List<String> idFilter) throws AnalyticsException {
        Pivot.Rows pivot = Pivot.rowsOf(features, idFilter.isEmpty() ? null : new HashSet<>(idFilter));
        if (pivot.ids().length == 0) {
            throw AnalyticsException.valueError("No data left for the PCA after applying the id filter.");
        }
        int n = pivot.ids().length;
        double[][] x = pivot.rows();
        int[] empty = Pca.imputeFeatureMedians(x);
        if (empty.length > 0) {
            List<String> names = new ArrayList<>();
            for (int j : empty) {
                names.add(pivot.features()[j]);
            }
            throw AnalyticsException.valueError("Every value of feature(s) " + names
                    + " is missing, so they cannot be imputed (the original fails with a length mismatch).");
        }
        if (n < 2) {
            throw AnalyticsException.valueError("PCA needs at least two samples, got " + n + ".");
        }
        return new Matrix(x, pivot.ids(), pivot.features());
    }

    private static void cancelled() throws AnalyticsException {
        if (Thread.currentThread().isInterrupted()) {
            throw new AnalyticsException("InterruptedError", "The task was cancelled.");
        }
    }
}
