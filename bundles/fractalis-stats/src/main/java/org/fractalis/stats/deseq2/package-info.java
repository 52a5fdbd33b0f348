/**
 * DESeq2 (Love, Huber &amp; Anders 2014) in pure Java for a two-condition design {@code ~condition}: reproduces
 * R DESeq2 1.38 {@code results(DESeq(dds))} with default arguments. Entry point: {@link Deseq2#run}.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.deseq2;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
