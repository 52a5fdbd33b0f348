# R references for the analytics benchmarks (golden README §6): limma and DESeq2 on the files written by
# GenerateData. Each operation runs 3 times; the median is reported. File loading is not timed.
#
# Usage: Rscript limma_deseq2.R DATA_DIR OUT.json [limma|deseq2|all]
suppressPackageStartupMessages({
  library(limma)
  library(DESeq2)
})

args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "target/data"
out <- if (length(args) >= 2) args[2] else "target/ref-r.json"
which <- if (length(args) >= 3) args[3] else "all"
runs <- 3L

read_matrix <- function(name, rows, cols) {
  path <- file.path(dir, name)
  x <- readBin(path, what = "double", n = rows * cols, size = 8, endian = "little")
  stopifnot(length(x) == rows * cols)
  matrix(x, nrow = rows, ncol = cols, byrow = TRUE)
}

# wall (elapsed) and CPU (user + system of the R process) seconds of each run
time_runs <- function(label, f) {
  wall <- numeric(runs)
  cpu <- numeric(runs)
  for (i in seq_len(runs)) {
    gc(verbose = FALSE)
    st <- system.time(f())
    wall[i] <- st[["elapsed"]]
    cpu[i] <- st[["user.self"]] + st[["sys.self"]]
    message(sprintf("%s run %d: %.3f s (cpu %.3f s)", label, i, wall[i], cpu[i]))
  }
  list(wall = wall, cpu = cpu)
}

results <- list()
checks <- list()  # summary numbers that CrossCheck computes in Java as well

if (which %in% c("limma", "all")) {
  M <- read_matrix("expr.f64", 20000, 500)
  rownames(M) <- sprintf("gene%05d", 0:19999)
  colnames(M) <- paste0("S", 1:500)
  group <- factor(rep(c("group1", "group2"), each = 250))
  # as the original: design ~0+group, contrast group2-group1, eBayes defaults, topTable without sorting
  limma_once <- function() {
    design <- model.matrix(~0 + group)
    colnames(design) <- levels(group)
    fit <- lmFit(M, design)
    cm <- makeContrasts(contrasts = "group2-group1", levels = design)
    fit2 <- eBayes(contrasts.fit(fit, cm))
    topTable(fit2, number = Inf, sort.by = "none")
  }
  tt <- limma_once()
  design <- model.matrix(~0 + group)
  colnames(design) <- levels(group)
  fit2 <- eBayes(contrasts.fit(lmFit(M, design), makeContrasts(contrasts = "group2-group1", levels = design)))
  checks[["limma_n_adj_p_below_0.05"]] <- sum(tt$adj.P.Val < 0.05)
  checks[["limma_s2_prior"]] <- fit2$s2.prior
  checks[["limma_df_prior"]] <- fit2$df.prior
  checks[["limma_sum_abs_t"]] <- sum(abs(tt$t))
  results$limma <- time_runs("limma", limma_once)
  rm(M)
}

if (which %in% c("deseq2", "all")) {
  C <- read_matrix("counts.f64", 20000, 12)
  storage.mode(C) <- "integer"
  rownames(C) <- sprintf("gene%05d", 0:19999)
  colnames(C) <- paste0("C", 1:12)
  coldata <- data.frame(condition = factor(rep(c("s0", "s1"), each = 6), levels = c("s0", "s1")),
                        row.names = colnames(C))
  dds <- DESeqDataSetFromMatrix(countData = C, colData = coldata, design = ~condition)
  deseq_once <- function() {
    d <- DESeq(dds, quiet = TRUE)  # serial (parallel = FALSE, the default)
    results(d)
  }
  d <- DESeq(dds, quiet = TRUE)
  res <- results(d)
  checks[["deseq2_n_padj_below_0.1"]] <- sum(res$padj < 0.1, na.rm = TRUE)
  checks[["deseq2_n_pvalue_na"]] <- sum(is.na(res$pvalue))
  checks[["deseq2_size_factor_1"]] <- unname(sizeFactors(d)[1])
  checks[["deseq2_sum_abs_stat"]] <- sum(abs(res$stat), na.rm = TRUE)
  results$deseq2 <- time_runs("deseq2", deseq_once)
}

vec <- function(v) paste0("[", paste(sprintf("%.6f", v), collapse = ", "), "]")
fmt <- function(r) sprintf("{\"wall\": %s, \"cpu\": %s}", vec(r$wall), vec(r$cpu))
chk <- paste(sprintf("\"%s\": %.17g", names(checks), unlist(checks)), collapse = ", ")
json <- paste0("{", paste(sprintf("\"%s\": %s", names(results), vapply(results, fmt, "")), collapse = ", "),
               ", \"check\": {", chk, "}",
               ", \"versions\": {\"R\": \"", getRversion(), "\", \"limma\": \"", packageVersion("limma"),
               "\", \"DESeq2\": \"", packageVersion("DESeq2"), "\", \"BLAS\": \"",
               gsub("\"", "", if (is.null(extSoftVersion()[["BLAS"]])) "" else extSoftVersion()[["BLAS"]]), "\"}}\n")
writeLines(json, out, sep = "")
message("wrote ", out)
