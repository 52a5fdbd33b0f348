/**
 * DESeq2 (Love, Huber &amp; Anders 2014) in pure Java for a two-condition design {@code ~condition}: reproduces
 * R DESeq2 1.38 {@code results(DESeq(dds))} with default arguments. Entry point: {@link Deseq2#run}.
 *
 * <p>The pipeline follows DESeq2's code path for this design step by step (median-of-ratios size factors;
 * gene-wise dispersions from linear-model means with the Cox-Reid adjusted profile likelihood, DESeq2's Armijo
 * line search and its grid fallback; the parametric trend by repeated Gamma GLMs, falling back to a locfit-style
 * local fit; the prior variance from the MAD of the log residuals minus {@code trigamma(df / 2)}, or for 1-3
 * residual degrees of freedom DESeq2's Monte Carlo estimate with R's random numbers after {@code set.seed(2)} and
 * R's loess; MAP dispersions; IRLS for the GLM; Wald tests; Cook's distances with DESeq2's outlier rules and, with
 * 7 or more samples in a condition, outlier replacement and refit; independent filtering with R's lowess and BH).
 * Known deviations from R: rows where IRLS fails (coefficients beyond 30 on the natural log scale) are refitted by a
 * projected Newton method instead of R's {@code optim(method = "L-BFGS-B")}, which matters only where the
 * likelihood is flat (a condition with only zero counts); and the locfit fallback extrapolates linearly outside
 * the range of the fitted means.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.deseq2;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
