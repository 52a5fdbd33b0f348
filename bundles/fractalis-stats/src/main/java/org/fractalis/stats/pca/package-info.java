/**
 * Principal component analysis with the conventions of scikit-learn's {@code PCA} (full SVD, u-based sign rule,
 * optional whitening) and per-feature median imputation.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.pca;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
