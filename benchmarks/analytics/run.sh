#!/usr/bin/env bash
# Analytics performance suite (issue 3, golden README §6): builds the JMH jar, generates the data, runs each JMH
# benchmark followed by its reference (R limma / DESeq2, scikit-learn, SciPy) on the same files, and prints the
# table of medians, ratios and goals (also written to target/results.md).
#
# Usage: benchmarks/analytics/run.sh [OPERATION ...]
#   OPERATION: limma heatmap pca pca10 deseq2 cluster kde (default: all, in this order)
# Environment:
#   SKIP_INSTALL=1   do not `mvn install` the fractalis bundles the benchmarks use (use the local repository as is)
#   SKIP_BUILD=1     do not build at all (reuse target/benchmarks.jar)
#   SKIP_REFS=1      run only the Java benchmarks (the table keeps reference results found in target/)
#   SKIP_CHECK=1     skip the cross-check of the results' summary numbers (Java against the references)
#   SKIP_REFBLAS=1   skip the informational second sklearn PCA run on Debian's reference BLAS (~1 min)
#   JMH_ARGS="..."   extra JMH options, e.g. "-wi 2 -i 3" or "-prof stack" / "-prof jfr"
#   PYTHON=/usr/bin/python3  RSCRIPT=Rscript  JAVA=java
# Exit status: 0 if every goal passed, 1 if one failed, 2 on errors.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
RSCRIPT=${RSCRIPT:-Rscript}
JAVA=${JAVA:-java}
TARGET=$HERE/target
DATA=$TARGET/data
OPS=("$@")
[ ${#OPS[@]} -eq 0 ] && OPS=(limma heatmap pca pca10 deseq2 cluster kde)

cd "$HERE"
mkdir -p "$TARGET"

note_load() { # appends "time  step  load averages" to target/load.log
    printf '%s  %-22s %s\n' "$(date '+%F %T')" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$TARGET/load.log"
}

# ---- build
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    if [ "${SKIP_INSTALL:-0}" != 1 ]; then
        echo "== installing the bundles the benchmarks use (no tests)"
        mods=bundles/fractalis-api,bundles/fractalis-stats,bundles/fractalis-core
        mods=$mods,bundles/fractalis-analytics-heatmap,bundles/fractalis-analytics-pca
        mods=$mods,bundles/fractalis-analytics-cluster,bundles/fractalis-analytics-volcanoplot
        mods=$mods,bundles/fractalis-analytics-histogram
        if ! (cd "$ROOT" && mvn -q install -DskipTests -pl "$mods" -am); then
            echo "WARNING: installing the bundles failed; using the artifacts already in the local repository" >&2
        fi
    fi
    echo "== building target/benchmarks.jar"
    mvn -q -f "$HERE/pom.xml" package -DskipTests
fi

# ---- data
echo "== data"
"$JAVA" -cp "$TARGET/benchmarks.jar" org.fractalis.benchmarks.analytics.GenerateData "$DATA"

# ---- the same work? (summary numbers of every Java result; the references write theirs under "check")
if [ "${SKIP_CHECK:-0}" != 1 ]; then
    echo "== cross-check numbers (Java)"
    "$JAVA" -Xmx4g --add-modules jdk.incubator.vector -Dfractalis.bench.data="$DATA" -cp "$TARGET/benchmarks.jar" \
        org.fractalis.benchmarks.analytics.CrossCheck "$TARGET" > /dev/null
fi

# ---- benchmarks, each followed by its reference (so both see about the same load)
: > "$TARGET/load.log"
note_load start
jmh() { # jmh NAME CLASS
    rm -f "$TARGET/jmh-$1.json"
    # shellcheck disable=SC2086
    "$JAVA" -Dfractalis.bench.data="$DATA" -jar "$TARGET/benchmarks.jar" "$2" -f 1 \
        -prof org.fractalis.benchmarks.analytics.CpuTimeProfiler \
        -rf json -rff "$TARGET/jmh-$1.json" ${JMH_ARGS:-} 2>&1 | tee "$TARGET/jmh-$1.log"
    note_load "java $1"
}
ref() { # ref NAME COMMAND...
    local name=$1
    shift
    if [ "${SKIP_REFS:-0}" = 1 ]; then
        return
    fi
    rm -f "$TARGET/ref-$name.json"
    "$@"
    note_load "ref $name"
}
if [ "${SKIP_REFS:-0}" != 1 ]; then
    # the references are Debian packages; say what is missing before spending minutes on the Java side
    if [[ " ${OPS[*]} " == *" limma "* || " ${OPS[*]} " == *" deseq2 "* ]]; then  # only these need R
        command -v "$RSCRIPT" >/dev/null || { echo "Rscript not found: apt-get install r-base-core r-bioc-limma r-bioc-deseq2 (or SKIP_REFS=1)" >&2; exit 2; }
    fi
    "$PYTHON" -c 'import numpy, scipy, sklearn' 2>/dev/null || { echo "numpy/scipy/scikit-learn not found: apt-get install python3-numpy python3-scipy python3-sklearn (or SKIP_REFS=1)" >&2; exit 2; }
fi
for op in "${OPS[@]}"; do
    echo "== $op"
    case $op in
        limma)   jmh limma 'LimmaBench'
                 ref limma "$RSCRIPT" ref/limma_deseq2.R "$DATA" "$TARGET/ref-limma.json" limma ;;
        heatmap) jmh heatmap 'HeatmapBench' ;;
        pca)     jmh pca 'PcaBench'
                 ref pca "$PYTHON" ref/python_refs.py "$DATA" "$TARGET/ref-pca.json" pca
                 if [ "${SKIP_REFBLAS:-0}" != 1 ]; then  # informational: sklearn on the reference BLAS/LAPACK
                     ref pca-refblas env REF_KEY_SUFFIX=_refblas \
                         LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack \
                         "$PYTHON" ref/python_refs.py "$DATA" "$TARGET/ref-pca-refblas.json" pca
                 fi ;;
        pca10)   jmh pca10 'PcaTopBench'
                 ref pca10 "$PYTHON" ref/python_refs.py "$DATA" "$TARGET/ref-pca10.json" pca10 ;;
        deseq2)  jmh deseq2 'Deseq2Bench'
                 ref deseq2 "$RSCRIPT" ref/limma_deseq2.R "$DATA" "$TARGET/ref-deseq2.json" deseq2 ;;
        cluster) jmh cluster 'ClusterBench'
                 ref cluster "$PYTHON" ref/python_refs.py "$DATA" "$TARGET/ref-cluster.json" linkage ;;
        kde)     jmh kde 'KdeBench'
                 ref kde "$PYTHON" ref/python_refs.py "$DATA" "$TARGET/ref-kde.json" kde ;;
        *) echo "unknown operation: $op" >&2; exit 2 ;;
    esac
done

# ---- table
echo
{
    echo "Run of $(date '+%F %T %Z') on $(hostname), $(nproc) cores, $(uname -r)"
    echo
    "$PYTHON" report.py "$TARGET" || true
} | tee "$TARGET/results.md"
exec "$PYTHON" report.py "$TARGET" > /dev/null
