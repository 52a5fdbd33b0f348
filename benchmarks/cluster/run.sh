#!/usr/bin/env bash
# Distributed benchmark (issue 4): trivial task round trip through web → RabbitMQ → worker → Redis → poll, and
# analytics throughput with 1 and 2 worker nodes, each next to an embedded node measured in the same run.
# See benchmarks/README.md (section cluster/).
#
# In one run, with ./run from a private copy of the built distribution (other builds cannot change it midway):
#   1. an embedded node (FRACTALIS_ROLE=node): round trip, throughput [, throughput with 1 worker thread]
#   2. a web node + 1 worker node on Redis/RabbitMQ: the same round trip through the web node, throughput
#      [, with 1 worker thread]
#   3. a second worker node: throughput again [1 thread per worker first, then the default]
# The test tasks are hot-deployed on the embedded node and on the workers only. The nodes use a key prefix and a
# queue name prefix of their own (fractalis-bench-<time>-<pid>), deleted afterwards.
#
#   BENCH_SAMPLES (1000)  BENCH_WARMUP (200)  BENCH_RT_CLIENTS (1,4)   round trip (RoundTrip.java)
#   BENCH_TASK (heatmap)    throughput workload: heatmap | boxplot | correlation (demo_tcga_coad variables)
#   BENCH_TP_CLIENTS (8)  BENCH_TP_SECONDS (20)  BENCH_TP_WARMUP (5)  BENCH_POLL_MS (5)   throughput
#   BENCH_THREADS (4)       worker threads per node in the default runs (the shipped worker.threads)
#   BENCH_ONE_THREAD (1)    also measure with 1 worker thread per node (0 = skip)
#   BENCH_REDIS_URL (redis://127.0.0.1:6379)  BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672/)
#   BENCH_BUILD=1           rebuild the distribution first (default: build only if it is missing)
#   BENCH_OUT               summary file (default /tmp/fractalis-cluster-bench-<time>.md)
#   BENCH_KEEP=1            keep the work directory (instances, logs) and the Redis/RabbitMQ objects
#   FRACTALIS_JAVA_OPTS     for every node (default: none, the JVM's default heap; the embedded store lives in it)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
roundtrip="$root/benchmarks/rest/RoundTrip.java"
samples="${BENCH_SAMPLES:-1000}"
warmup="${BENCH_WARMUP:-200}"
rt_clients="${BENCH_RT_CLIENTS:-1,4}"
task_kind="${BENCH_TASK:-heatmap}"
tp_clients="${BENCH_TP_CLIENTS:-8}"
tp_seconds="${BENCH_TP_SECONDS:-20}"
tp_warmup="${BENCH_TP_WARMUP:-5}"
poll_ms="${BENCH_POLL_MS:-5}"
threads="${BENCH_THREADS:-4}"
one_thread="${BENCH_ONE_THREAD:-1}"
redis_url="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
amqp_url="${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}"
java_opts="${FRACTALIS_JAVA_OPTS:-}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${BENCH_OUT:-/tmp/fractalis-cluster-bench-$stamp.md}"
prefix="fractalis-bench-$(date -u +%H%M%S)-$$"

log() { echo "[cluster-bench $(date -u +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v java >/dev/null || die "java (JDK 17) not found"
command -v curl >/dev/null || die "curl not found"
command -v redis-cli >/dev/null || die "redis-cli not found (Debian: redis-tools)"

# The throughput workload: variables loaded once per client session, and the task ("{{label}}" = reference).
load='{"handler":"demo_tcga_coad","server":"http://demo","auth":{"token":"bench"},"descriptors":[
  {"dataType":"numerical","field":"year_of_birth"},{"dataType":"numerical","field":"days_to_death"},
  {"dataType":"categorical","field":"gender"},{"dataType":"numerical_array","field":"miRNA"}]}'
case "$task_kind" in
  heatmap) task='{"task_name":"compute-heatmap","args":{"numerical_arrays":["{{miRNA}}"],"numericals":[],
    "categoricals":[],"ranking_method":"median","params":{},"id_filter":[],"max_rows":10,"subsets":[]}}'
    task_text='compute-heatmap of miRNA (465 patients × 300 miRNAs), ranking by median, max_rows 10' ;;
  boxplot) task='{"task_name":"compute-boxplot","args":{"features":["{{year_of_birth}}"],"categories":["{{gender}}"],
    "id_filter":[],"transformation":"identity","subsets":[]}}'
    task_text='compute-boxplot of year_of_birth by gender (465 patients)' ;;
  correlation) task='{"task_name":"compute-correlation","args":{"x":"{{year_of_birth}}","y":"{{days_to_death}}",
    "id_filter":[],"method":"pearson","subsets":[],"categories":["{{gender}}"]}}'
    task_text='compute-correlation (pearson) of year_of_birth and days_to_death by gender' ;;
  *) die "BENCH_TASK must be heatmap, boxplot or correlation" ;;
esac
probe='{"task_name":"add_test_task","args":{"a":1,"b":2}}'

work="$(mktemp -d /tmp/fractalis-cluster-bench.XXXXXX)"
declare -A node_pid node_port
nodes=()
distributed_used=0

stop_node() {
  local n="$1" p="${node_pid[$1]:-}"
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  log "stopping $n (SIGTERM to process group $p)"
  kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$p" 2>/dev/null; then
    log "$n still running after 30 s: SIGKILL"
    kill -KILL -- "-$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
}

purge_backends() {
  [ "$distributed_used" = 1 ] || return 0
  # Redis: every key of this run's prefix (SCAN, never KEYS).
  local n
  n="$(redis-cli -u "$redis_url" --scan --pattern "$prefix:*" | tee "$work/redis-keys" | wc -l)"
  if [ "$n" -gt 0 ]; then
    xargs -a "$work/redis-keys" -n 500 redis-cli -u "$redis_url" unlink >/dev/null
  fi
  log "Redis: deleted $n keys with prefix $prefix:"
  # RabbitMQ: the run's queues and exchanges (names start with the prefix).
  if command -v rabbitmqctl >/dev/null; then
    local objs=() q e
    while read -r q; do [ -n "$q" ] && objs+=("queue:$q"); done < <(timeout 60 rabbitmqctl -q list_queues name 2>/dev/null | grep "^$prefix\." || true)
    while read -r e; do [ -n "$e" ] && objs+=("exchange:$e"); done < <(timeout 60 rabbitmqctl -q list_exchanges name 2>/dev/null | grep "^$prefix\." || true)
    local amqp_jar slf4j_jar
    amqp_jar="$(ls "$dist"/system/com/rabbitmq/amqp-client/*/amqp-client-*.jar 2>/dev/null | head -n 1 || true)"
    slf4j_jar="$(ls "$HOME"/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ "${#objs[@]}" -gt 0 ] && [ -n "$amqp_jar" ] && [ -n "$slf4j_jar" ]; then
      java -cp "$amqp_jar:$slf4j_jar" "$here/Purge.java" "$amqp_url" "$prefix" "${objs[@]}" 2>&1 | grep -v SLF4J >&2 || true
    elif [ "${#objs[@]}" -gt 0 ]; then
      for q in "${objs[@]}"; do
        case "$q" in queue:*) timeout 30 rabbitmqctl -q delete_queue "${q#queue:}" >/dev/null 2>&1 || true ;; esac
      done
      log "RabbitMQ: queues deleted; exchanges $prefix.* left (no amqp-client/slf4j jar for Purge.java)"
    fi
  else
    log "rabbitmqctl not found: RabbitMQ queues/exchanges $prefix.* left on the broker"
  fi
}

cleanup() {
  local rc=$?
  local n
  for n in "${nodes[@]}"; do stop_node "$n"; done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $work (and the Redis keys / RabbitMQ objects $prefix.*)"
  else
    purge_backends || true
    rm -rf "$work"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port, status_of
. "$root/benchmarks/lib.sh"

# ------------------------------------------------------------------ the distribution (private copy)
src_dist="$root/karaf-distribution/target/assembly"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$src_dist/bin/karaf" ]; then
  log "building the distribution (mvn install -pl karaf-distribution -am, tests skipped)"
  (cd "$root" && mvn -q -B install -DskipTests -pl karaf-distribution -am) >&2
fi
# Other engineers may rebuild the shared distribution at any time: wait until it has been quiet for 20 s, copy
# it, and check that nothing changed during the copy. Every node of this run then boots the same build.
for i in $(seq 1 60); do
  if [ -z "$(find "$src_dist" -newermt '-20 seconds' -print -quit)" ]; then
    mkdir -p "$work/dist/karaf-distribution/target"
    t0="$(date '+%Y-%m-%d %H:%M:%S.%N')"
    cp -a "$src_dist" "$work/dist/karaf-distribution/target/assembly"
    [ -z "$(find "$src_dist" -newermt "$t0" -print -quit)" ] && break
    rm -rf "$work/dist/karaf-distribution"
  fi
  [ "$i" = 60 ] && die "the distribution kept changing for 10 minutes"
  log "the distribution is being rebuilt by someone: waiting"
  sleep 10
done
cp "$root/run" "$work/dist/run"
dist="$work/dist/karaf-distribution/target/assembly"
build_id="$(unzip -p "$dist"/system/org/fractalis/fractalis-core/0.1.0-SNAPSHOT/fractalis-core-0.1.0-SNAPSHOT.jar \
  META-INF/MANIFEST.MF 2>/dev/null | sed -n 's/^Bundle-Version: *//p' | tr -d '\r' || echo '?')"
test_jar="$dist/system/org/fractalis/fractalis-analytics-test/0.1.0-SNAPSHOT/fractalis-analytics-test-0.1.0-SNAPSHOT.jar"
[ -f "$test_jar" ] || die "fractalis-analytics-test is not in the distribution's system/ repository"

# ------------------------------------------------------------------ nodes

# The instance's etc/ is regenerated by ./run at every start, and the Redis/RabbitMQ PIDs have no file there and
# no FRACTALIS_<KEY> override: write them as soon as ./run has written etc/ and before Karaf reads it.
write_cfg() { # name role threads
  local etc="$work/$1/etc"
  if [ "$2" = node ]; then
    printf 'worker.threads = %s\ncapacity = 10000\n' "$3" >"$etc/org.fractalis.core.queue.cfg.tmp"
    mv "$etc/org.fractalis.core.queue.cfg.tmp" "$etc/org.fractalis.core.queue.cfg"
    # expired results leave the heap soon (the workload's results add up to hundreds of MB per minute)
    printf 'max.megabytes = 2048\njanitor.seconds = 10\n' >"$etc/org.fractalis.core.store.cfg.tmp"
    mv "$etc/org.fractalis.core.store.cfg.tmp" "$etc/org.fractalis.core.store.cfg"
  else
    printf 'key.prefix = %s:\n' "$prefix" >"$etc/org.fractalis.store.redis.cfg.tmp"
    printf 'name.prefix = %s\nworker.threads = %s\n' "$prefix" "$3" >"$etc/org.fractalis.queue.rabbitmq.cfg.tmp"
    mv "$etc/org.fractalis.store.redis.cfg.tmp" "$etc/org.fractalis.store.redis.cfg"
    mv "$etc/org.fractalis.queue.rabbitmq.cfg.tmp" "$etc/org.fractalis.queue.rabbitmq.cfg"
  fi
}

start_node() { # name role threads
  local name="$1" role="$2" port instance="$work/$1" i
  port="$(free_port)" || die "no free port"
  mkdir -p "$instance/deploy"
  [ "$role" = web ] || cp "$test_jar" "$instance/deploy/"  # the test tasks: never on the web node
  local -a env=(FRACTALIS_ROLE="$role" FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$instance"
    FRACTALIS_SKIP_BUILD=1 FRACTALIS_JAVA_OPTS="$java_opts" FRACTALIS_RESULT_LIFETIME=30)
  if [ "$role" != node ]; then
    env+=(FRACTALIS_REDIS_URL="$redis_url" FRACTALIS_AMQP_URL="$amqp_url")
    distributed_used=1
  fi
  log "starting $name ($role, $3 worker threads) on port $port"
  # Own process group (setsid does not fork here); once up, the group leader is the node's JVM.
  env "${env[@]}" setsid "$work/dist/run" >"$work/$name.out" 2>&1 &
  node_pid[$name]=$!
  node_port[$name]=$port
  nodes+=("$name")
  for i in $(seq 1 3000); do
    grep -qs "^org.osgi.service.http.port = $port\$" "$instance/etc/org.ops4j.pax.web.cfg" && break
    kill -0 "${node_pid[$name]}" 2>/dev/null || { cat "$work/$name.out" >&2; die "$name exited during start"; }
    [ "$i" = 3000 ] && die "$name: ./run did not write etc/ within 60 s"
    sleep 0.02
  done
  write_cfg "$name" "$role" "$3"
}

node_log() { cat "$work/$1/data/log/karaf.log" 2>/dev/null || true; }

await_http() { # name
  local url="http://127.0.0.1:${node_port[$1]}" i c wrong=0
  for i in $(seq 1 600); do
    kill -0 "${node_pid[$1]}" 2>/dev/null || { tail -n 20 "$work/$1.out" >&2; die "$1 exited during start"; }
    c="$(status_of GET "$url/misc/version")"
    [ "$c" = 201 ] && return 0
    # Jetty answers, but not the REST servlet: a broken node (e.g. a servlet that failed to initialise)
    if [ "$c" != 000 ]; then wrong=$((wrong + 1)); else wrong=0; fi
    if [ "$wrong" -ge 120 ]; then
      node_log "$1" | grep -m 1 -B 2 -A 12 "ERROR\|Exception" >&2 || true
      die "$1 answers GET /misc/version with $c for 60 s (log: $work/$1/data/log/karaf.log)"
    fi
    sleep 0.5
  done
  node_log "$1" | grep -m 3 -A 3 ERROR >&2 || true
  die "$1 did not answer GET /misc/version with 201 within 5 minutes (log: $work/$1/data/log/karaf.log)"
}

await_task() { # url: POST /analytics with add_test_task answers 201 (the test bundle is active somewhere)
  local i c
  for i in $(seq 1 600); do
    c="$(status_of POST "$1/analytics" "$probe")"
    [ "$c" = 201 ] && return 0
    sleep 0.5
  done
  die "POST $1/analytics with add_test_task still answers $c after 5 minutes"
}

# A distributed node must have come up with this run's prefixes from the start (never with the shared defaults).
check_isolation() { # name role
  local l
  l="$(node_log "$1")"
  if [ "$2" != node ]; then
    [ "$(grep -c "Redis state store on" <<<"$l")" = 1 ] && grep -q "key prefix '$prefix:'" <<<"$l" \
      || die "$1 did not start with the key prefix $prefix: (see its karaf.log)"
    # one activation only: a second one would mean it first ran with the defaults (shared queue names)
    [ "$(grep -c "RabbitMQ job queue on" <<<"$l")" = 1 ] \
      || die "$1 activated its RabbitMQ queue more than once during start (see its karaf.log)"
  fi
}

# Worker threads of a running node: rewrite its configuration and wait until the queue has been re-created with it.
set_threads() { # name role n
  local name="$1" role="$2" n="$3" i before
  if [ "$role" = node ]; then
    write_cfg "$name" node "$n"
    for i in $(seq 1 120); do
      [ "$(worker_threads "$name")" = "$n" ] && return 0
      sleep 0.5
    done
    die "$name: the embedded queue did not restart with $n threads"
  fi
  before="$(node_log "$name" | grep -c "RabbitMQ job queue on" || true)"
  write_cfg "$name" "$role" "$n"
  for i in $(seq 1 120); do
    if [ "$(node_log "$name" | grep -c "RabbitMQ job queue on" || true)" -gt "$before" ]; then
      node_log "$name" | grep "RabbitMQ job queue on" | tail -n 1 | grep -q "($n worker threads" && return 0
    fi
    sleep 0.5
  done
  die "$name: the RabbitMQ queue did not restart with $n worker threads"
}

worker_threads() { # embedded queue threads of a node (thread name fractalis-worker-N; comm is cut at 15 chars)
  grep -lx "fractalis-worke" /proc/"${node_pid[$1]}"/task/*/comm 2>/dev/null | wc -l
}

consumers_of() { # queue-name suffix -> consumer count of this run's queue (RabbitMQ)
  timeout 60 rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$prefix.$1" '$1 == q {print $2}'
}


# ------------------------------------------------------------------ measurements

rt_tsv="$work/rt.tsv"
tp_tsv="$work/tp.tsv"
: >"$tp_tsv"
: >"$work/node-names.tsv"

round_trip() { # label url pids
  log "round trip ($2): warm-up"
  java "$roundtrip" --url "$2" --samples 1000 --warmup 0 --blocks 2 --clients "$rt_clients" \
    --kinds version,poll --growth 0 >/dev/null
  log "round trip ($2): $samples samples per kind, clients $rt_clients"
  java "$roundtrip" --url "$2" --samples "$samples" --warmup "$warmup" --clients "$rt_clients" \
    --kinds version,poll,get,submit --growth 0 --tsv "$work/rt-$1.tsv" --pid "$3" >"$work/rt-$1.md"
  sed "s/^/$1\t/" "$work/rt-$1.tsv" >>"$rt_tsv"
}

throughput() { # label url "name name…" (nodes whose CPU is counted)
  local label="$1" url="$2" n pids=""
  for n in $3; do pids="$pids${pids:+,}${node_pid[$n]}"; done
  log "throughput $label: $tp_clients clients, ${tp_warmup} s warm-up + ${tp_seconds} s"
  java "$roundtrip" --url "$url" --throughput "$tp_seconds" --throughput-warmup "$tp_warmup" \
    --clients "$tp_clients" --load "$load" --task "$task" --poll-ms "$poll_ms" --label "$label" --pid "$pids" \
    ${backend_pids:+--other-pids "$backend_pids"} --tsv "$tp_tsv" | tee -a "$work/tp.md" >&2
  printf '%s\t%s\n' "$label" "$3" >>"$work/node-names.tsv"
}

tp_warm() { # url seconds: unrecorded throughput run (JIT warm-up of fresh nodes)
  log "throughput warm-up ($2 s)"
  java "$roundtrip" --url "$1" --throughput "$2" --throughput-warmup 0 --clients "$tp_clients" --load "$load" \
    --task "$task" --poll-ms "$poll_ms" --label warm-up >/dev/null
}

# Local Redis / RabbitMQ server processes, for their CPU time (0 when they are not on this machine).
redis_info() { redis-cli -u "$redis_url" info server 2>/dev/null | tr -d '\r' | sed -n "s/^$1://p"; }
redis_pid="$(redis_info process_id)"
[ -r "/proc/${redis_pid:-0}/stat" ] || redis_pid=""
redis_run="$(redis_info run_id)"
backend_pids="$(echo "$redis_pid" $(pgrep -x beam.smp || true) | tr -s ' ' ',' | sed 's/^,//; s/,$//')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
t_start=$SECONDS
log "work directory $work, prefix $prefix, load average $load_before"

# 1. Embedded node: the reference.
start_node embedded node "$threads"
await_http embedded
emb_url="http://127.0.0.1:${node_port[embedded]}"
await_task "$emb_url"
# (a hot deploy may refresh bundles and so restart the queue once: wait for its thread count to settle)
for i in $(seq 1 60); do [ "$(worker_threads embedded)" = "$threads" ] && break; sleep 0.5; done
[ "$(worker_threads embedded)" = "$threads" ] || die "the embedded queue has $(worker_threads embedded) threads, not $threads"
log "embedded node up (${node_pid[embedded]}), $threads queue threads"
tp_warm "$emb_url" 15
round_trip embedded "$emb_url" "${node_pid[embedded]}"
throughput "embedded×$threads" "$emb_url" embedded
if [ "$one_thread" = 1 ]; then
  set_threads embedded node 1
  await_task "$emb_url"
  throughput "embedded×1" "$emb_url" embedded
fi
stop_node embedded

# 2. Web node + one worker node.
start_node web web "$threads"
start_node worker1 worker "$threads"
await_http web
web_url="http://127.0.0.1:${node_port[web]}"
await_task "$web_url"
check_isolation web web
check_isolation worker1 worker
log "web node (${node_pid[web]}) and worker1 (${node_pid[worker1]}) up"
tp_warm "$web_url" 15
round_trip cluster "$web_url" "${node_pid[web]},${node_pid[worker1]}"
throughput "1 worker×$threads" "$web_url" "web worker1"
first_threads="$threads"
if [ "$one_thread" = 1 ]; then
  set_threads worker1 worker 1
  await_task "$web_url"
  throughput "1 worker×1" "$web_url" "web worker1"
  first_threads=1
fi

# 3. A second worker node (with the thread count worker1 has now).
start_node worker2 worker "$first_threads"
heat_queue="jobs.analytics:${task#*\"task_name\":\"}"
heat_queue="${heat_queue%%\"*}"
for i in $(seq 1 150); do
  kill -0 "${node_pid[worker2]}" 2>/dev/null || die "worker2 exited during start"
  [ "$(consumers_of "$heat_queue")" = 2 ] && break
  [ "$i" = 150 ] && die "the queue $prefix.$heat_queue does not have 2 consumers after 5 minutes"
  sleep 2
done
check_isolation worker2 worker
log "worker2 (${node_pid[worker2]}) consumes $prefix.$heat_queue"
tp_warm "$web_url" 20
if [ "$one_thread" = 1 ]; then
  throughput "2 workers×1" "$web_url" "web worker1 worker2"
  set_threads worker1 worker "$threads"
  set_threads worker2 worker "$threads"
  for i in $(seq 1 60); do [ "$(consumers_of "$heat_queue")" = 2 ] && break; sleep 1; done
  await_task "$web_url"
fi
throughput "2 workers×$threads" "$web_url" "web worker1 worker2"
for n in web worker1 worker2; do stop_node "$n"; done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
# Other people's test runs restart the shared Redis at times: then the cluster figures are void.
redis_note=""
if [ "$(redis_info run_id)" != "$redis_run" ]; then
  redis_note="**Redis was restarted during this run (another user): the cluster figures are not valid.**"
  log "WARNING: Redis was restarted during the run"
fi

# ------------------------------------------------------------------ report
{
  echo "# Fractalis distributed benchmark (web → RabbitMQ → worker → Redis)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), $((SECONDS - t_start)) s"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); every node, Redis, RabbitMQ and the load generator share these cores"
  echo "- load average before: $load_before; after: $load_after"
  [ -z "$redis_note" ] || echo "- $redis_note"
  echo "- java: $(java -version 2>&1 | head -n 1); redis $(redis-cli -v | awk '{print $2}'); rabbitmq $(timeout 30 rabbitmqctl version 2>/dev/null || echo '?')"
  echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), fractalis-core bundle $build_id; nodes: -Xmx from FRACTALIS_JAVA_OPTS=$java_opts"
  echo "- throughput workload: $task_text; $tp_clients clients, each: submit, poll every $poll_ms ms until done, repeat; ${tp_warmup} s unrecorded + ${tp_seconds} s measured per row"
  echo
  echo "## Summary"
  echo
  echo "| measure | embedded node (reference, same run) | web + worker(s) | ratio | goal |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '$2 == "rt" { v[$1 SUBSEP $3 SUBSEP $4] = $6; p90[$1 SUBSEP $3 SUBSEP $4] = $7; p99[$1 SUBSEP $3 SUBSEP $4] = $8;
      cpu[$1 SUBSEP $3 SUBSEP $4] = $12; cl[$3] = 1 }
    END {
      for (c in cl) {
        e = v["embedded" SUBSEP c SUBSEP "poll"]; d = v["cluster" SUBSEP c SUBSEP "poll"]
        printf "| trivial task round trip p50 (add_test_task, tight poll, %s client%s) | %.2f ms (p90 %.2f, p99 %.2f) | %.2f ms (p90 %.2f, p99 %.2f) | %.1f | <= 15 ms: %s |\n", \
          c, (c == 1 ? "" : "s"), e, p90["embedded" SUBSEP c SUBSEP "poll"], p99["embedded" SUBSEP c SUBSEP "poll"], \
          d, p90["cluster" SUBSEP c SUBSEP "poll"], p99["cluster" SUBSEP c SUBSEP "poll"], d / e, (d <= 15 ? "met" : "NOT met")
        printf "| node CPU per round trip (all nodes of the setup, %s client%s) | %.0f µs | %.0f µs | %.1f | |\n", \
          c, (c == 1 ? "" : "s"), cpu["embedded" SUBSEP c SUBSEP "poll"], cpu["cluster" SUBSEP c SUBSEP "poll"], \
          cpu["cluster" SUBSEP c SUBSEP "poll"] / cpu["embedded" SUBSEP c SUBSEP "poll"]
        printf "| GET /misc/version p50 (%s client%s) | %.3f ms | %.3f ms | %.1f | |\n", c, (c == 1 ? "" : "s"), \
          v["embedded" SUBSEP c SUBSEP "version"], v["cluster" SUBSEP c SUBSEP "version"], \
          v["cluster" SUBSEP c SUBSEP "version"] / v["embedded" SUBSEP c SUBSEP "version"]
      }
    }' "$rt_tsv" | sort
  awk -F'\t' -v t="$threads" '
    { r[$2] = $6; p[$2] = $7 }
    END {
      e = "embedded×" t; e1 = "embedded×1"
      printf "| throughput, 1 worker node × %s threads (p50 job latency) | %.1f jobs/s (%.0f ms) | %.1f jobs/s (%.0f ms) | %.2f | |\n", t, r[e], p[e], r["1 worker×" t], p["1 worker×" t], r["1 worker×" t] / r[e]
      printf "| throughput, 2 worker nodes × %s threads | %.1f jobs/s (%.0f ms) | %.1f jobs/s (%.0f ms) | %.2f | 2 vs 1 worker: **%.2f** |\n", t, r[e], p[e], r["2 workers×" t], p["2 workers×" t], r["2 workers×" t] / r[e], r["2 workers×" t] / r["1 worker×" t]
      if (("1 worker×1") in r) {
        printf "| throughput, 1 worker node × 1 thread | %.1f jobs/s (%.0f ms) | %.1f jobs/s (%.0f ms) | %.2f | |\n", r[e1], p[e1], r["1 worker×1"], p["1 worker×1"], r["1 worker×1"] / r[e1]
        printf "| throughput, 2 worker nodes × 1 thread | %.1f jobs/s (%.0f ms) | %.1f jobs/s (%.0f ms) | %.2f | 2×1 vs 1×1: **%.2f** |\n", r[e1], p[e1], r["2 workers×1"], p["2 workers×1"], r["2 workers×1"] / r[e1], r["2 workers×1"] / r["1 worker×1"]
      }
    }' "$tp_tsv"
  echo
  echo "Ratio = cluster / embedded. The embedded throughput with the same thread count is the reference of each"
  echo "throughput row (one node, no Redis, no RabbitMQ)."
  echo
  echo "## Throughput runs"
  echo
  echo "CPU: of the nodes' JVMs (all threads) over the measured ${tp_seconds} s; Redis+RabbitMQ = the server processes"
  echo "(anybody else's use of them included); the load generator = RoundTrip.java itself."
  echo
  echo "| setup | clients | jobs | jobs/s | p50 ms | p90 ms | p99 ms | mean ms | failed | CPU ms/job (nodes) | cores used by the nodes | CPU s in the window: per node, Redis+RabbitMQ | load generator CPU s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'FNR == NR { names[$1] = $2; next }
    { k = split(names[$2], nm, " "); split($15, cs, ","); c = ""
      for (i = 1; i <= k; i++) c = c (i > 1 ? ", " : "") nm[i] " " cs[i]
      if ($2 !~ /^embedded/ && $16 != "nan") c = c ", Redis+RabbitMQ " sprintf("%.1f", $16)
      printf "| %s | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f | %d | %.1f | %.2f | %s | %.1f |\n", $2, $3, $4, $6, $7, $8, $9, $10, $11, $12, $13, c, $14 }' \
    "$work/node-names.tsv" "$tp_tsv"
  echo
  echo "## Round trips (RoundTrip.java)"
  for n in embedded cluster; do
    echo
    echo "### $n"
    echo
    cat "$work/rt-$n.md"
  done
} >"$out"

cat "$out"
log "summary written to $out"
