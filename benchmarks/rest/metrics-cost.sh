#!/usr/bin/env bash
# What the metrics cost (issue 13): the trivial-task round trip (RoundTrip.java, kinds version and poll) and the
# poll throughput (wrk on GET /analytics/{id}) of one node with metrics on (metrics.exposure = loopback, the default,
# scraped every 5 s) and off (metrics.exposure = off: nothing recorded), in alternating rounds of the same run;
# optionally (BENCH_MODES="on off quiet") also with the access log off as well ("quiet"). See benchmarks/README.md.
#
# Starts its own node with ./run (free port, own FRACTALIS_INSTANCE_DIR under /tmp), hot-deploys the test tasks,
# switches the modes by writing the instance's etc/ files (Karaf applies them live), prints a summary.
#
#   BENCH_MODES (on off)  BENCH_ROUNDS (6)  BENCH_SAMPLES (1000)  BENCH_WARMUP (200)  BENCH_CLIENTS (1,4)
#   BENCH_WRK_DURATION (5s)  BENCH_WRK_CONNECTIONS (16)  BENCH_WARMUP_S (60)  BENCH_OUT  BENCH_KEEP=1
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
modes="${BENCH_MODES:-on off}"
rounds="${BENCH_ROUNDS:-6}"
samples="${BENCH_SAMPLES:-1000}"
warmup="${BENCH_WARMUP:-200}"
clients="${BENCH_CLIENTS:-1,4}"
wrk_duration="${BENCH_WRK_DURATION:-5s}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-16}"
warmup_s="${BENCH_WARMUP_S:-60}"
out="${BENCH_OUT:-/tmp/fractalis-metrics-cost-$(date -u +%Y%m%dT%H%M%SZ).md}"

log() { echo "[metrics-cost] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
command -v java >/dev/null || die "java (JDK 17) not found"
command -v curl >/dev/null || die "curl not found"
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install -y wrk)"

work="$(mktemp -d /tmp/fractalis-metrics-cost.XXXXXX)"
node_pid=""
scraper_pid=""
cleanup() {
  local rc=$?
  [ -z "$scraper_pid" ] || kill "$scraper_pid" 2>/dev/null || true
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    log "stopping the node (SIGTERM to $node_pid)"
    kill -TERM -- "-$node_pid" 2>/dev/null || kill -TERM "$node_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$node_pid" 2>/dev/null && kill -KILL -- "-$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

. "$root/benchmarks/lib.sh"

task='{"task_name":"add_test_task","args":{"a":1,"b":2}}'
port="$(free_port)" || die "no free port found"
url="http://127.0.0.1:$port"
instance="$work/instance"
log "starting a node on $url (instance $instance)"
FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$instance" FRACTALIS_WAIT_ENABLED=true \
  FRACTALIS_WAIT_MAX_CONCURRENT=64 setsid "$root/run" >"$work/node.out" 2>&1 &
node_pid=$!
for i in $(seq 1 1200); do
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.out" >&2; die "the node exited during start"; }
  [ "$(status_of GET "$url/misc/version")" = 201 ] && break
  [ "$i" = 1200 ] && die "the node did not answer within 10 minutes"
  sleep 0.5
done
jar="$root/karaf-distribution/target/assembly/system/org/fractalis/fractalis-analytics-test/0.1.0-SNAPSHOT/fractalis-analytics-test-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || jar="$HOME/.m2/repository/org/fractalis/fractalis-analytics-test/0.1.0-SNAPSHOT/fractalis-analytics-test-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || die "fractalis-analytics-test jar not found"
mkdir -p "$instance/deploy"
cp "$jar" "$instance/deploy/"
for i in $(seq 1 240); do
  [ "$(status_of POST "$url/analytics" "$task")" = 201 ] && break
  [ "$i" = 240 ] && die "add_test_task not available after 2 minutes"
  sleep 0.5
done
jvm="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1 || true)"
[ -n "$jvm" ] && [ -r "/proc/$jvm/stat" ] || die "node process not found (ss)"
log "node up (JVM $jvm), add_test_task available"

metrics_cfg="$instance/etc/org.fractalis.metrics.cfg"
logging_cfg="$instance/etc/org.ops4j.pax.logging.cfg"
marker=0
probe_logged() { # whether a request with a fresh request id shows up in the access log within 3 s
  marker=$((marker + 1))
  local id="bench-probe-$$-$marker"
  curl -s -o /dev/null -m 5 -H "X-Request-Id: $id" "$url/misc/version" || true
  for _ in $(seq 1 30); do
    grep -q "request=$id" "$instance/data/log/karaf.log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
set_mode() { # on | off | quiet: metrics exposure and access log, applied live through etc/
  local exposure=loopback want=200 access=INFO
  case "$1" in off) exposure=off want=404 ;; quiet) exposure=off want=404 access=WARN ;; esac
  echo "metrics.exposure = $exposure" >"$metrics_cfg"
  for i in $(seq 1 120); do
    [ "$(status_of GET "$url/metrics")" = "$want" ] && break
    [ "$i" = 120 ] && die "GET /metrics did not turn $want in mode $1"
    sleep 0.25
  done
  # the level of the access logger, which the distribution configures as "fractalisaccess"; written again when
  # it did not take (Karaf's file watcher may write its own copy of the file back meanwhile)
  local attempt ok=0
  for attempt in 1 2 3 4 5; do
    sed -i '/^log4j2\.logger\.fractalisaccess\.\(name\|level\)/d' "$logging_cfg"
    printf 'log4j2.logger.fractalisaccess.name = org.fractalis.access\nlog4j2.logger.fractalisaccess.level = %s\n' \
      "$access" >>"$logging_cfg"
    sleep 2
    if [ "$access" = INFO ]; then
      probe_logged && probe_logged && { ok=1; break; }
    else
      ! probe_logged && ! probe_logged && { ok=1; break; }
    fi
  done
  [ "$ok" = 1 ] || die "the access log did not turn $access in mode $1"
  [ -z "$scraper_pid" ] || { kill "$scraper_pid" 2>/dev/null || true; wait "$scraper_pid" 2>/dev/null || true; }
  scraper_pid=""
  if [ "$1" = on ]; then # as Prometheus would, at a short interval
    (while :; do curl -s -o /dev/null -m 5 "$url/metrics" || true; sleep 5; done) &
    scraper_pid=$!
  fi
}

# a finished task of one session for wrk's polls
cookies="$work/cookies"
id="$(curl -s -m 10 -c "$cookies" -b "$cookies" -H 'Content-Type: application/json' -d "$task" "$url/analytics" \
  | sed -n 's/.*"task_id" *: *"\([0-9a-f-]*\)".*/\1/p')"
[ -n "$id" ] || die "could not start a task for wrk"
curl -s -m 130 -b "$cookies" "$url/analytics/$id?wait=1" | grep -q '"SUCCESS"' || die "task for wrk failed"
session="$(awk '$6 == "session" {print $7}' "$cookies" | tail -n 1)"
tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$jvm/stat"; }

log "warm-up ${warmup_s} s (not recorded)"
set_mode on
end=$((SECONDS + warmup_s))
while [ "$SECONDS" -lt "$end" ]; do
  java "$here/RoundTrip.java" --url "$url" --samples 1000 --warmup 0 --blocks 2 --clients 1,4 --kinds version,poll \
    --growth 0 >/dev/null
  wrk -t1 -c"$wrk_connections" -d3s -H "Cookie: session=$session" "$url/analytics/$id" >/dev/null
done

: >"$work/results.tsv"
for r in $(seq 1 "$rounds"); do
  # the order of the modes alternates from round to round, so a drift of the machine hits each mode alike
  order="$modes"
  [ $((r % 2)) = 0 ] && order="$(echo "$modes" | tr ' ' '\n' | tac | tr '\n' ' ')"
  for mode in $order; do
    set_mode "$mode"
    java "$here/RoundTrip.java" --url "$url" --samples "$samples" --warmup "$warmup" --clients "$clients" \
      --kinds version,poll --growth 0 --tsv "$work/rt.tsv" --pid "$jvm" >/dev/null
    awk -F'\t' -v m="$mode" -v r="$r" '$1 == "rt" { printf "%s\t%d\trt\t%s\t%s\t%.4f\t%.4f\t%.1f\n", m, r, $2, $3, $5, $7, $11 }' \
      "$work/rt.tsv" >>"$work/results.tsv"
    c0="$(cpu_ticks)"
    line="$(wrk -t1 -c"$wrk_connections" -d"$wrk_duration" -s "$here/report.lua" -H "Cookie: session=$session" \
      "$url/analytics/$id" | grep '^WRK' || true)"
    c1="$(cpu_ticks)"
    [ -n "$line" ] || die "wrk gave no result"
    echo "$line" | awk -F'\t' -v m="$mode" -v r="$r" -v d="$((c1 - c0))" -v t="$tck" \
      '{ printf "%s\t%d\twrk\t%.1f\t%.4f\t%.1f\t%d\n", m, r, $2, $3, d * 1e6 / t / $7, $9 }' >>"$work/results.tsv"
    log "round $r, $mode: $(tail -n 1 "$work/results.tsv")"
  done
done
set_mode on

{
  echo "# Fractalis metrics cost"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- modes: on = metrics.exposure loopback (recorded, scraped every 5 s), off = metrics.exposure off (nothing recorded), quiet = off and access log at WARN; the access log is on in on and off"
  echo "- $rounds rounds, modes alternating in order; per round and mode: RoundTrip.java (kinds version and poll, clients $clients, $samples samples) and wrk -t1 -c$wrk_connections -d$wrk_duration on GET /analytics/{id}"
  echo
  echo "Medians over the rounds:"
  echo
  echo "| measure | $(echo "$modes" | sed 's/ / | /g') | on / off |"
  echo "|---|$(echo "$modes" | sed 's/[a-z]*/---|/g') ---|"
  awk -F'\t' -v modes="$modes" '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $3 == "rt" { k = "rt " $5 " p50 ms, " $4 " client" ($4 == 1 ? "" : "s"); v[k, $1] = v[k, $1] " " $6; keys[k] = 1
                 k2 = "rt " $5 " node CPU µs, " $4 " client" ($4 == 1 ? "" : "s"); v[k2, $1] = v[k2, $1] " " $8; keys[k2] = 1 }
    $3 == "wrk" { k = "poll throughput req/s"; v[k, $1] = v[k, $1] " " $4; keys[k] = 1
                  k = "poll p50 ms (wrk)"; v[k, $1] = v[k, $1] " " $5; keys[k] = 1
                  k = "poll node CPU µs/request (wrk)"; v[k, $1] = v[k, $1] " " $6; keys[k] = 1 }
    END {
      n = split(modes, m, " ")
      for (k in keys) {
        line = "| " k
        for (i = 1; i <= n; i++) { med[m[i]] = median(v[k, m[i]]); line = line sprintf(" | %.3f", med[m[i]]) }
        printf "%s | %.3f |\n", line, (med["off"] > 0 ? med["on"] / med["off"] : 0)
      }
    }' "$work/results.tsv" | sort
  echo
  echo "Goal: on / off <= 1.05 for latencies and CPU, >= 0.95 for throughput."
  echo
  echo "Raw rows (mode, round, rt, clients, kind, p50 ms, p99 ms, node CPU µs | mode, round, wrk, req/s, p50 ms, node CPU µs/request, non-2xx):"
  echo
  echo '```'
  cat "$work/results.tsv"
  echo '```'
} >"$out"
cat "$out"
log "summary written to $out"
