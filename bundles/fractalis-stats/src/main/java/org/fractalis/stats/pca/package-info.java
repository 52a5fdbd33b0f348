/**
 * Principal component analysis with the conventions of scikit-learn's {@code PCA} (full SVD, u-based sign rule,
 * optional whitening) and per-feature median imputation; since 1.1 optionally only the leading components
 * ({@code maxComponents}), with the ratios as fractions of the total variance.
 */
@Export
@Version("1.1.0")
package org.fractalis.stats.pca;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
