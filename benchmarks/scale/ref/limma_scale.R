# R reference of the cohort-scale benchmark: limma (lmFit + eBayes + topTable) on the benchmark matrix, the
# samples split in two halves as the node's heatmap and volcano plot are asked to (design ~0 + group, contrast
# second - first, as the original's limma call). Loading is not timed.
#
# Usage: Rscript limma_scale.R MATRIX.f64 FEATURES SAMPLES RUNS OUT.json
suppressPackageStartupMessages(library(limma))
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]
nf <- as.integer(args[2])
ns <- as.integer(args[3])
runs <- as.integer(args[4])
out <- args[5]

x <- readBin(path, what = "double", n = as.numeric(nf) * ns, size = 8, endian = "little")
stopifnot(length(x) == as.numeric(nf) * ns)
dim(x) <- c(ns, nf)  # the file is one row per feature: column-major in R is samples x features
x <- t(x)            # features x samples, as limma wants
half <- ns %/% 2
group <- factor(c(rep("s0", half), rep("s1", ns - half)))
design <- model.matrix(~0 + group)
colnames(design) <- c("s0", "s1")
contrast <- makeContrasts(s1 - s0, levels = design)

limma_top <- function() {
  fit <- lmFit(x, design)
  fit <- contrasts.fit(fit, contrast)
  fit <- eBayes(fit)
  topTable(fit, number = Inf, sort.by = "none")
}
wall <- numeric(runs)
cpu <- numeric(runs)
for (i in seq_len(runs)) {
  gc(verbose = FALSE)
  st <- system.time(tt <- limma_top())
  wall[i] <- st[["elapsed"]]
  cpu[i] <- st[["user.self"]] + st[["sys.self"]]
}
top <- order(abs(tt$logFC), decreasing = TRUE)[1:5]
cat(sprintf('{"limma_wall_s": %.4f, "limma_cpu_s": %.4f, "runs": %d, "max_abs_logFC": %.10g, "sum_P.Value": %.10g, "top_rows": [%s]}\n',
            median(wall), median(cpu), runs, max(abs(tt$logFC)), sum(tt$P.Value),
            paste(top - 1, collapse = ", ")), file = out)
