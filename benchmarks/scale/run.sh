#!/usr/bin/env bash
# Cohort-scale benchmark (issue 12): a TCGA pan-cancer-sized expression matrix (20,531 features x 11,069 samples,
# 227 M values, 1.8 GB as doubles, seeded random values from the 'test' connector) loaded, cached and analysed
# through the REST API, on an embedded node and on a web node + worker node over Redis/RabbitMQ; in the same run,
# the references on the same values: R limma (lmFit + eBayes + topTable) and scikit-learn PCA(n_components=10).
# See README.md next to this script.
#
#   BENCH_SAMPLES (11069)  BENCH_FEATURES (20531)  BENCH_SEED (1)   the matrix
#   BENCH_HEAP (8g)        -Xmx of the node that loads and analyses (embedded node, worker node)
#   BENCH_MODES (embedded,cluster)
#   BENCH_REF_RUNS (1)     runs of each reference (the median is reported); SKIP_REFS=1 skips them
#   BENCH_REDIS_URL (redis://127.0.0.1:6379)  BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672/)
#   BENCH_SIZING (1)       0: the shipped core settings (job memory, analytics factor, session quota) instead of
#                          the sizing for a cohort-scale node below (smaller matrices fit the defaults)
#   BENCH_JAVA_OPTS        more JVM options for every node (e.g. a JFR recording)
#   BENCH_OUT              summary (default /tmp/fractalis-scale-bench-<time>.md); BENCH_KEEP=1 keeps the work dir
# Needs: java 17, python3, curl; for the references Rscript with limma and python3 with scikit-learn (Debian:
# r-base-core r-bioc-limma python3-sklearn; PYTHON=/usr/bin/python3 by default for scikit-learn). About 12 GB of
# RAM free and 4 GB of disk in /tmp.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ns="${BENCH_SAMPLES:-11069}"
nf="${BENCH_FEATURES:-20531}"
seed="${BENCH_SEED:-1}"
heap="${BENCH_HEAP:-8g}"
modes="${BENCH_MODES:-embedded,cluster}"
ref_runs="${BENCH_REF_RUNS:-1}"
redis_url="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
amqp_url="${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${BENCH_OUT:-/tmp/fractalis-scale-bench-$stamp.md}"
prefix="fractalis-scale-$(date -u +%H%M%S)-$$"
values=$((ns * nf))

log() { echo "[scale-bench $(date -u +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
command -v java >/dev/null || die "java not found"
command -v python3 >/dev/null || die "python3 not found"

work="$(mktemp -d /tmp/fractalis-scale-bench.XXXXXX)"
pids=()
cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do
    kill -TERM -- "-$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$p" 2>/dev/null || true
  done
  if [ "${redis_used:-0}" = 1 ]; then
    redis-cli -u "$redis_url" --scan --pattern "$prefix:*" | xargs -r -n 500 redis-cli -u "$redis_url" unlink >/dev/null || true
  fi
  [ "${BENCH_KEEP:-0}" = 1 ] && log "kept $work" || rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
. "$root/benchmarks/lib.sh"

# ------------------------------------------------------------------ a private copy of the distribution
src_dist="$root/karaf-distribution/target/assembly"
if [ ! -x "$src_dist/bin/karaf" ]; then
  log "building the distribution"
  (cd "$root" && mvn -q -B install -DskipTests -pl karaf-distribution -am) >&2
fi
mkdir -p "$work/dist/karaf-distribution/target"
cp -a "$src_dist" "$work/dist/karaf-distribution/target/assembly"
cp "$root/run" "$work/dist/run"
dist="$work/dist/karaf-distribution/target/assembly"
sys="$dist/system/org/fractalis"
api_jar="$(ls "$sys"/fractalis-api/*/fractalis-api-*.jar | grep -v -e sources -e javadoc | head -n 1)"
test_jar="$(ls "$sys"/fractalis-connector-test/*/fractalis-connector-test-*.jar | head -n 1)"

# ------------------------------------------------------------------ nodes
# The operator's settings for a node sized for this matrix, written before the first start (./run keeps an
# instance's etc/ files it did not write): the test connector's bound on random data, the memory the jobs may
# reserve together (the default is half the heap), what an analysis reserves per byte of its input (the default 4
# is sized for long-format frames; a matrix task holds the frame and one copy of it), the session's share of the
# store and the store's size.
configure() { # instance
  mkdir -p "$1/etc"
  printf 'random.max.values = %s\n' "$values" >"$1/etc/org.fractalis.connector.test.cfg"
  if [ "${BENCH_SIZING:-1}" = 1 ]; then
    printf 'job.memory.megabytes = %s\nanalytics.memory.factor = 3\nsession.max.megabytes = 4096\n' "$JOB_MB" \
      >"$1/etc/org.fractalis.core.cfg"
  fi
  printf 'max.megabytes = 8192\n' >"$1/etc/org.fractalis.core.store.cfg"
  if [ "$2" != node ]; then
    printf 'redis.url = %s\nkey.prefix = %s:\n' "$redis_url" "$prefix" >"$1/etc/org.fractalis.store.redis.cfg"
    printf 'amqp.url = %s\nname.prefix = %s\n' "$amqp_url" "$prefix" >"$1/etc/org.fractalis.queue.rabbitmq.cfg"
  fi
}
heap_mb() { # 8g / 8192m -> MiB
  case "$1" in *g|*G) echo $(( ${1%[gG]} * 1024 )) ;; *m|*M) echo "${1%[mM]}" ;; *) echo $(( $1 / 1048576 )) ;; esac
}
JOB_MB=$(( $(heap_mb "$heap") * 3 / 4 ))

start() { # name role xmx -> sets port_<name>
  local name="$1" role="$2" xmx="$3" port instance="$work/$1"
  port="$(free_port)" || die "no free port"
  configure "$instance" "$role"
  if [ "$role" = worker ]; then  # the test connector is part of a complete node only: deploy it on the worker
    mkdir -p "$instance/deploy" && cp "$test_jar" "$instance/deploy/"
  fi
  local -a env=(FRACTALIS_ROLE="$role" FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$instance"
    FRACTALIS_SKIP_BUILD=1 FRACTALIS_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$work/$name-gc.log ${BENCH_JAVA_OPTS:-}")
  if [ "$role" != node ]; then
    env+=(FRACTALIS_REDIS_URL="$redis_url" FRACTALIS_AMQP_URL="$amqp_url")
    redis_used=1
  fi
  log "starting $name ($role, -Xmx$xmx) on port $port"
  env "${env[@]}" setsid "$work/dist/run" >"$work/$name.out" 2>&1 &
  pids+=($!)
  eval "port_$name=$port"
  for _ in $(seq 1 360); do
    [ "$(status_of GET "http://127.0.0.1:$port/health/ready")" = 200 ] && return 0
    sleep 0.5
  done
  tail -n 30 "$work/$name.out" >&2
  die "$name not ready after 180 s"
}

jvm_pid() { pgrep -f -- "-Dkaraf.base=$work/$1( |$)" | head -n 1; }

# RSS of a node's JVM every second, until the file watch/<name> disappears
watch_rss() { # name
  local pid; pid="$(jvm_pid "$1")"
  touch "$work/watch-$1"
  ( while [ -e "$work/watch-$1" ] && kill -0 "$pid" 2>/dev/null; do
      ps -o rss= -p "$pid" >>"$work/$1-rss" || true; sleep 1
    done ) &
}

# Heap from the GC log: the most in use right before a collection, and the most still in use after one
gc_summary() { # name
  python3 - "$work/$1-gc.log" <<'PY'
import re, sys
before = after = 0
for line in open(sys.argv[1]):
    m = re.search(r'(\d+)M->(\d+)M\((\d+)M\)', line)
    if m:
        before, after = max(before, int(m.group(1))), max(after, int(m.group(2)))
print('%d %d' % (before, after))
PY
}

stop() { # name
  rm -f "$work/watch-$1"
  local pid; pid="$(jvm_pid "$1")"
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null && break; sleep 0.5; done
}

declare -A result
run_mode() { # mode
  local mode="$1" base analyst
  if [ "$mode" = embedded ]; then
    start node node "$heap"
    analyst=node; base="http://127.0.0.1:$port_node"
  else
    start worker worker "$heap"
    start web web 2g
    analyst=worker; base="http://127.0.0.1:$port_web"
    # ready is not enough: the web node learns the worker's handlers and tasks from its heartbeat
    for _ in $(seq 1 120); do
      curl -s -m 5 "$base/misc/plugins" | grep -q '"name":"test"' && break
      sleep 0.5
    done
  fi
  watch_rss "$analyst"
  log "$mode: driving $base"
  python3 "$here/drive.py" "$base" "$ns" "$nf" "$seed" "$work/$mode.json"
  local rss; rss="$(sort -n "$work/$analyst-rss" | tail -n 1)"
  # where the jobs' time went, as the node logs it for every job of a second or more
  grep -ho 'Job [0-9a-f-]* ([A-Z]* [a-z-]*) [A-Z]* in .*' "$work/$analyst/data/log/karaf.log" >"$work/$mode-phases" || true
  if [ "$mode" = embedded ]; then stop node; else stop web; stop worker; fi
  read -r before after < <(gc_summary "$analyst")
  python3 - "$work/$mode.json" "$rss" "$before" "$after" <<'PY'
import json, sys
p = sys.argv[1]
r = json.load(open(p))
r['rss_mb'] = int(sys.argv[2]) // 1024
r['heap_max_before_gc_mb'] = int(sys.argv[3])
r['heap_max_after_gc_mb'] = int(sys.argv[4])
json.dump(r, open(p, 'w'), indent=1)
PY
}

IFS=, read -r -a mode_list <<<"$modes"
for m in "${mode_list[@]}"; do run_mode "$m"; done

# ------------------------------------------------------------------ references, on the same values
if [ "${SKIP_REFS:-0}" != 1 ]; then
  log "writing the matrix through the test connector ($values values)"
  java -Xmx4g -cp "$api_jar:$test_jar" "$here/GenerateScale.java" "$ns" "$nf" "$seed" "$work/expr.f64" >&2
  log "R limma ($ref_runs run(s))"
  Rscript "$here/ref/limma_scale.R" "$work/expr.f64" "$nf" "$ns" "$ref_runs" "$work/ref-limma.json" >&2
  log "scikit-learn PCA(n_components=10) ($ref_runs run(s))"
  "${PYTHON:-/usr/bin/python3}" "$here/ref/pca_scale.py" "$work/expr.f64" "$nf" "$ns" "$ref_runs" "$work/ref-pca.json" >&2
fi

python3 - "$work" "$modes" "$ns" "$nf" "$heap" "$JOB_MB" "$out" <<'PY'
import json, os, sys
work, modes, ns, nf, heap, job_mb, out = sys.argv[1:]
ns, nf = int(ns), int(nf)
raw_mb = ns * nf * 8 / 2**20
runs = {m: json.load(open(os.path.join(work, m + '.json'))) for m in modes.split(',')}
limma = json.load(open(os.path.join(work, 'ref-limma.json'))) if os.path.exists(os.path.join(work, 'ref-limma.json')) else None
pca = json.load(open(os.path.join(work, 'ref-pca.json'))) if os.path.exists(os.path.join(work, 'ref-pca.json')) else None
names = open(os.path.join(work, 'expr.f64.features')).read().split() if limma else None
L = ['# Cohort-scale benchmark: %d features x %d samples (%.0f MiB of doubles), node -Xmx%s, job.memory.megabytes %s'
     % (nf, ns, raw_mb, heap, job_mb), '']
L.append('| | ' + ' | '.join(runs) + ' | reference |')
L.append('|---|' + '---|' * (len(runs) + 1))
def row(label, f, ref=''):
    L.append('| %s | %s | %s |' % (label, ' | '.join(f(r) for r in runs.values()), ref))
import re
for m, r in runs.items():  # the load's phases from the node's log: the test connector's own generation apart
    p = os.path.join(work, m + '-phases')
    for line in open(p) if os.path.exists(p) else []:
        g = re.search(r'\(ETL test\) SUCCESS .*connector ([0-9.]+) s.*cache ([0-9.]+) s', line)
        if g:
            r['connector_s'], r['cache_s'] = float(g.group(1)), float(g.group(2))
row('load (POST /data -> cached)', lambda r: '%.1f s (%.0f MB/s)' % (r['load_s'], r['load_mb_per_s']))
row('  of which the test connector generating', lambda r: '%.1f s' % r.get('connector_s', float('nan')))
row('  of which the cache write (encode + store)', lambda r: '%.1f s (**%.0f MB/s**)' % (
    r.get('cache_s', float('nan')), ns * nf * 8 / 1e6 / r['cache_s'] if 'cache_s' in r else float('nan')))
row('GET /data, matrix cached (median / p95)', lambda r: '%.2f / %.2f ms' % (r['get_data_ms']['median'], r['get_data_ms']['p95']))
row('heatmap, limma logFC, 2 subsets', lambda r: '%.1f s' % r['heatmap_s'],
    'R limma %.1f s (CPU %.1f s)' % (limma['limma_wall_s'], limma['limma_cpu_s']) if limma else '')
if limma:
    row('heatmap / R limma', lambda r: '%.2f x' % (r['heatmap_s'] / limma['limma_wall_s']))
row('heatmap again (frame decoded, warm JVM)', lambda r: '%.1f s' % r['heatmap_again_s'])
if limma:
    row('heatmap again / R limma', lambda r: '%.2f x' % (r['heatmap_again_s'] / limma['limma_wall_s']))
row('volcano, limma', lambda r: '%.1f s' % r['volcano_s'])
if limma:
    row('volcano / R limma', lambda r: '%.2f x' % (r['volcano_s'] / limma['limma_wall_s']))
row('PCA, 10 components', lambda r: '%.1f s' % r['pca_s'],
    'scikit-learn %.1f s (CPU %.1f s, %s)' % (pca['pca10_wall_s'], pca['pca10_cpu_s'], pca['solver']) if pca else '')
if pca:
    row('PCA / scikit-learn', lambda r: '%.2f x' % (r['pca_s'] / pca['pca10_wall_s']))
    row('PCA / scikit-learn ARPACK (exact, fit only)', lambda r: '%.2f x' % (r['pca_s'] / pca['pca10_arpack_fit_wall_s']),
        'ARPACK fit %.1f s' % pca['pca10_arpack_fit_wall_s'])
row('heap: most in use before a GC', lambda r: '%d MiB (%.1f x raw)' % (r['heap_max_before_gc_mb'], r['heap_max_before_gc_mb'] / raw_mb))
row('heap: most in use after a GC', lambda r: '%d MiB (%.1f x raw)' % (r['heap_max_after_gc_mb'], r['heap_max_after_gc_mb'] / raw_mb))
row('RSS of the analysing JVM (max)', lambda r: '%d MiB' % r['rss_mb'])
L.append('')
L.append('Cross-checks (node vs reference on the same values):')
for m, r in runs.items():
    if limma:
        L.append('- %s: max |logFC| heatmap %.10g, volcano %.10g, R %.10g; sum of P.Value volcano %.10g, R %.10g; '
                 'top-5 features by |logFC| node %s, R %s' % (m, r['heatmap_max_abs_logFC'], r['volcano_max_abs_logFC'],
                 limma['max_abs_logFC'], r['volcano_sum_P.Value'], limma['sum_P.Value'], r['heatmap_top_features'],
                 [names[i] for i in limma['top_rows']]))
    if pca:
        node = r['pca_variance_ratios']
        worst = max(abs(a - b) / b for a, b in zip(node, pca['evr_arpack']))
        L.append('- %s: PCA variance ratios node %s; exact (ARPACK) %s; scikit-learn randomised %s; node vs exact: '
                 'largest relative difference %.2g' % (m, ['%.6g' % v for v in node[:3]],
                 ['%.6g' % v for v in pca['evr_arpack'][:3]], ['%.6g' % v for v in pca['evr'][:3]], worst))
L.append('')
for m in runs:
    p = os.path.join(work, m + '-phases')
    if os.path.exists(p):
        L.append('Phases logged by the %s node (Job ... in ...: phase durations):' % m)
        L.extend('    ' + line.split(') ', 1)[0].split(' (', 1)[1] + ': ' + line.split(': ', 1)[1].strip()
                 for line in open(p) if ': ' in line)
        L.append('')
L.append('Raw: ' + json.dumps(runs))
open(out, 'w').write('\n'.join(L) + '\n')
print('\n'.join(L))
PY
log "summary: $out"
