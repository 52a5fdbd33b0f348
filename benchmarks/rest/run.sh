#!/usr/bin/env bash
# REST benchmarks of a Fractalis node: task round trip (latency) and poll throughput (wrk), each next to
# GET /misc/version measured in the same run. See benchmarks/README.md.
#
# Starts its own node with ./run (free port, own FRACTALIS_INSTANCE_DIR under /tmp), installs the test tasks by
# hot deploy, runs everything, prints a summary and stops the node with SIGTERM.
#
#   BENCH_URL=http://127.0.0.1:5000   use a running node instead (it must have add_test_task installed)
#   BENCH_WARMUP_MIN (20)  BENCH_WARMUP_MAX (180)  seconds of unrecorded warm-up (until the JIT settles)
#   BENCH_SAMPLES (2000)  BENCH_WARMUP (500)  BENCH_CLIENTS (1,4)  BENCH_GROWTH (2000)   round-trip options
#   BENCH_WRK_DURATION (5s)  BENCH_WRK_THREADS (1)  BENCH_WRK_CONNECTIONS (16)  BENCH_WRK_ROUNDS (6)
#   BENCH_OUT             file for the summary (default /tmp/fractalis-bench-<time>.md)
#   BENCH_KEEP=1          keep the node's instance directory (log) after the run
#   BENCH_PROFILE=1       afterwards, profile the node with JFR (1 ms sampling) under each load and print where
#                         its CPU goes (JfrTop.java); the .jfr files are kept next to BENCH_OUT
#   FRACTALIS_JAVA_OPTS   passed to the node (e.g. -Xmx2g)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
samples="${BENCH_SAMPLES:-2000}"
warmup="${BENCH_WARMUP:-500}"
clients="${BENCH_CLIENTS:-1,4}"
growth="${BENCH_GROWTH:-2000}"
wrk_duration="${BENCH_WRK_DURATION:-5s}"
wrk_threads="${BENCH_WRK_THREADS:-1}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-16}"
wrk_rounds="${BENCH_WRK_ROUNDS:-6}"
out="${BENCH_OUT:-/tmp/fractalis-bench-$(date -u +%Y%m%dT%H%M%SZ).md}"

log() { echo "[bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v java >/dev/null || die "java (JDK 17) not found"
command -v curl >/dev/null || die "curl not found"
have_wrk=1
command -v wrk >/dev/null || { have_wrk=0; log "wrk not found (Debian: apt-get install -y wrk): throughput part skipped"; }

work="$(mktemp -d /tmp/fractalis-bench.XXXXXX)"
node_pid=""

cleanup() {
  local rc=$?
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    log "stopping the node (SIGTERM to $node_pid)"
    kill -TERM -- "-$node_pid" 2>/dev/null || kill -TERM "$node_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$node_pid" 2>/dev/null; then
      log "node still running after 30 s: SIGKILL"
      kill -KILL -- "-$node_pid" 2>/dev/null || true
    fi
    wait "$node_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $work"
  else
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

task='{"task_name":"add_test_task","args":{"a":1,"b":2}}'

if [ -n "${BENCH_URL:-}" ]; then
  url="${BENCH_URL%/}"
  log "using the running node $url"
else
  port="$(free_port)" || die "no free port found"
  url="http://127.0.0.1:$port"
  instance="$work/instance"
  log "starting a node on $url (instance $instance; ./run builds the distribution first if it is stale)"
  # Own session and process group (setsid does not fork here), so that cleanup can also stop a build that
  # ./run may have started; once up, the group leader is the node's JVM (./run and karaf exec into it).
  # the "wait" mode measures ?wait=1, a test switch that is off unless enabled
  FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$instance" FRACTALIS_WAIT_ENABLED=true \
    FRACTALIS_WAIT_MAX_CONCURRENT=64 setsid "$root/run" >"$work/node.out" 2>&1 &
  node_pid=$!
  for i in $(seq 1 1200); do
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.out" >&2; die "the node exited during start"; }
    [ "$(status_of GET "$url/misc/version")" = 201 ] && break
    if [ "$i" = 1200 ]; then
      tail -n 20 "$work/node.out" "$instance/data/log/karaf.log" >&2 2>/dev/null || true
      die "the node did not answer within 10 minutes"
    fi
    sleep 0.5
  done
  log "node up"
  # The test tasks (feature fractalis-analytics-test) are not booted by default: hot-deploy the bundle from the
  # distribution's own repository (same build as the node), else from the local Maven repository.
  jar="$root/karaf-distribution/target/assembly/system/org/fractalis/fractalis-analytics-test/0.1.0-SNAPSHOT/fractalis-analytics-test-0.1.0-SNAPSHOT.jar"
  [ -f "$jar" ] || jar="$HOME/.m2/repository/org/fractalis/fractalis-analytics-test/0.1.0-SNAPSHOT/fractalis-analytics-test-0.1.0-SNAPSHOT.jar"
  [ -f "$jar" ] || die "fractalis-analytics-test jar not found (build it: mvn -q install -pl bundles/fractalis-analytics-test)"
  mkdir -p "$instance/deploy"
  cp "$jar" "$instance/deploy/"
  log "deployed $(basename "$jar"); waiting for add_test_task"
fi

# POST /analytics answers 400 (unknown task name) until the test bundle is active.
for i in $(seq 1 240); do
  c="$(status_of POST "$url/analytics" "$task")"
  [ "$c" = 201 ] && break
  [ "$i" = 240 ] && die "POST /analytics with add_test_task still answers $c after 2 minutes"
  sleep 0.5
done
log "add_test_task available"

# The node's JVM (the process listening on the port): its CPU time (all threads, GC and JIT included) per
# request is a figure that the other users of a shared machine disturb much less than latency or req/s.
port_of_url="${url##*:}"
jvm="$(ss -Hltnp "sport = :$port_of_url" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1 || true)"
if [ -z "$jvm" ] || [ ! -r "/proc/$jvm/stat" ]; then
  log "node process not found (not local, or ss missing): no CPU figures"
  jvm=""
fi

{
  echo "# Fractalis REST benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -n 1)"
  echo "- node: $url, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "## 1. Task round trip (add_test_task) vs GET /misc/version"
  echo
} >"$out"

# Warm-up, not recorded: a fresh node spends minutes of CPU in its JIT compilers (C1/C2), which would inflate the
# first figures, CPU per request most of all. Passes of mixed load run until the compilers are nearly idle during
# a pass (< 5 % of its wall time; needs a local node) or BENCH_WARMUP_MAX seconds have passed.
jit_ns() { # CPU ns of the node's JIT compiler threads
  local t c sum=0
  for t in /proc/"$jvm"/task/*; do
    c="$(cat "$t/comm" 2>/dev/null || true)"
    case "$c" in "C1 Comp"* | "C2 Comp"*) sum=$((sum + $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0))) ;; esac
  done
  echo "$sum"
}
warmup_min="${BENCH_WARMUP_MIN:-20}"
warmup_max="${BENCH_WARMUP_MAX:-180}"
log "warm-up until the JIT settles ($warmup_min to $warmup_max s)"
start_s=$SECONDS
while :; do
  j0="$(if [ -n "$jvm" ]; then jit_ns; else echo 0; fi)"
  t0="$(date +%s%N)"
  java "$here/RoundTrip.java" --url "$url" --samples 2000 --warmup 0 --blocks 2 --clients 1,4 --growth 0 >/dev/null
  if [ "$have_wrk" = 1 ]; then
    wrk -t1 -c16 -d2s "$url/misc/version" >/dev/null
    wrk -t1 -c16 -d2s -s "$here/preflight.lua" "$url/misc/version" >/dev/null
  fi
  j1="$(if [ -n "$jvm" ]; then jit_ns; else echo 0; fi)"
  t1="$(date +%s%N)"
  share=$(( j1 >= j0 ? (j1 - j0) * 100 / (t1 - t0) : 100 ))  # a compiler thread that ended: unknown, go on
  elapsed=$((SECONDS - start_s))
  log "  warm-up pass: JIT compilers busy ${share} % of the pass (${elapsed} s so far)"
  if [ "$elapsed" -ge "$warmup_max" ]; then
    log "  JIT still busy after $warmup_max s: measuring anyway"
    break
  fi
  if [ "$elapsed" -ge "$warmup_min" ] && { [ -z "$jvm" ] || [ "$share" -lt 5 ]; }; then
    break
  fi
done

log "round trips: $samples samples per kind, clients $clients"
java "$here/RoundTrip.java" --url "$url" --samples "$samples" --warmup "$warmup" --clients "$clients" \
  --growth "$growth" --tsv "$work/rt.tsv" ${jvm:+--pid "$jvm"} >>"$out"

if [ "$have_wrk" = 1 ]; then
  # A finished task of one session; wrk sends that session's cookie so that the poll is authorised.
  jar_cookies="$work/cookies"
  id="$(curl -s -m 10 -c "$jar_cookies" -b "$jar_cookies" -H 'Content-Type: application/json' -d "$task" \
    "$url/analytics" | sed -n 's/.*"task_id" *: *"\([0-9a-f-]*\)".*/\1/p')"
  [ -n "$id" ] || die "could not start a task for wrk"
  state="$(curl -s -m 130 -b "$jar_cookies" "$url/analytics/$id?wait=1")"
  case "$state" in *'"SUCCESS"'*) ;; *) die "task for wrk did not succeed: $state" ;; esac
  session="$(awk '$6 == "session" {print $7}' "$jar_cookies" | tail -n 1)"
  [ -n "$session" ] || die "no session cookie"
  tck="$(getconf CLK_TCK)"
  cpu_ticks() { if [ -n "$jvm" ]; then awk '{print $14 + $15}' "/proc/$jvm/stat"; else echo 0; fi; }
  wrk_run() { # label duration path [script] -> appends "label<TAB>WRK...<TAB>node CPU µs<TAB>wrk CPU µs" to wrk.tsv
    local line c0 c1 TIMEFORMAT="%U %S"
    c0="$(cpu_ticks)"
    { time wrk -t"$wrk_threads" -c"$wrk_connections" -d"$2" -s "$here/${4:-report.lua}" \
      -H "Cookie: session=$session" "$url$3" >"$work/wrk.out"; } 2>"$work/wrk.time"
    c1="$(cpu_ticks)"
    line="$(grep '^WRK' "$work/wrk.out" || true)"
    [ -n "$line" ] || die "wrk gave no result for $3"
    local cpu
    cpu="$(echo "$line" | awk -F'\t' -v d="$((c1 - c0))" -v t="$tck" -v j="$jvm" -v w="$(cat "$work/wrk.time")" \
      '{ split(w, u, " "); own = (u[1] + u[2]) * 1e6 / $7
         if (j == "" || $7 == 0) printf "nan\t%.1f", own; else printf "%.1f\t%.1f", d * 1e6 / t / $7, own }')"
    [ "$1" = warmup ] || printf '%s\t%s\t%s\n' "$1" "$line" "$cpu" >>"$work/wrk.tsv"
  }
  log "wrk: warm-up, then $wrk_rounds alternating rounds of $wrk_duration per endpoint"
  wrk_run warmup 3s /misc/version
  wrk_run warmup 3s "/analytics/$id"
  wrk_run warmup 3s /misc/version preflight.lua
  for r in $(seq 1 "$wrk_rounds"); do
    wrk_run version "$wrk_duration" /misc/version
    wrk_run poll "$wrk_duration" "/analytics/$id"
    wrk_run preflight "$wrk_duration" /misc/version preflight.lua
  done
  {
    echo
    echo "## 2. Poll throughput with wrk (-t$wrk_threads -c$wrk_connections -d$wrk_duration, $wrk_rounds alternating rounds)"
    echo
    echo "GET /misc/version is the reference; the OPTIONS preflight (answered by FractalisServlet before the session"
    echo "lookup and Jersey) is the floor of any request through Jetty and Pax Web. Node CPU = CPU time of the node's"
    echo "JVM (all threads) during the run / requests."
    echo
    echo "| round | endpoint | req/s | p50 ms | p90 ms | p99 ms | mean ms | requests | non-2xx | socket errors | node CPU µs/request | wrk CPU µs/request |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' '{ n[$1]++; printf "| %d | %s | %.0f | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %s | %s |\n", n[$1], \
      ($1 == "poll" ? "GET /analytics/{id}" : $1 == "version" ? "GET /misc/version" : "OPTIONS preflight"), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$work/wrk.tsv"
  } >>"$out"
fi

# Optional profile, after the measurements (JFR adds overhead, so it never overlaps a measured run).
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  if [ -z "$jvm" ] || ! command -v jcmd >/dev/null; then
    log "BENCH_PROFILE=1 needs a local node and jcmd: no profile"
  else
    java_home="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
    # The JDK's "profile" settings with method sampling every 1 ms (instead of 10/20 ms).
    awk '/<event name="jdk.ExecutionSample">/ {s = 1} s && /name="period"/ {sub(/>[^<]*</, ">1 ms<"); s = 0} {print}' \
      "$java_home/lib/jfr/profile.jfc" >"$work/sampling.jfc"
    jcmd "$jvm" JFR.configure stackdepth=256 >/dev/null 2>&1 || true
    profile() { # name command...
      local name="$1" file="${out%.md}-$1.jfr"
      shift
      jcmd "$jvm" JFR.start name="bench-$name" settings="$work/sampling.jfc" filename="$file" >/dev/null
      "$@" >/dev/null || true
      jcmd "$jvm" JFR.stop name="bench-$name" >/dev/null
      {
        echo
        echo "### Profile: $name"
        echo
        java "$here/JfrTop.java" "$file" 12
      } >>"$out"
      log "profile $name: $file"
    }
    echo >>"$out"
    echo "## 3. Where the node's CPU goes (JFR, method sampling every 1 ms; recorded after the measured runs)" >>"$out"
    if [ "$have_wrk" = 1 ]; then
      profile version wrk -t"$wrk_threads" -c"$wrk_connections" -d10s -H "Cookie: session=$session" "$url/misc/version"
      profile poll wrk -t"$wrk_threads" -c"$wrk_connections" -d10s -H "Cookie: session=$session" "$url/analytics/$id"
    fi
    profile round-trip java "$here/RoundTrip.java" --url "$url" --samples 4000 --warmup 0 --clients 4 --kinds poll \
      --growth 0
  fi
fi

# Summary: medians over rounds for wrk; the round-trip table gives the ratios per concurrency level.
{
  echo
  echo "## Summary"
  echo
  echo "| measure | value | reference (GET /misc/version, same run) | ratio | goal |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '$1 == "rt" { key = $2 SUBSEP $3; p50[key] = $5; p99[key] = $7; c[$2] = 1 }
    END {
      for (cl in c) {
        v = p50[cl SUBSEP "version"]
        for (k in p50) {
          split(k, a, SUBSEP)
          if (a[1] == cl && (a[2] == "poll" || a[2] == "wait"))
            printf "| task round trip p50 (%s, %s client%s) | %.3f ms (p99 %.3f) | %.3f ms (p99 %.3f) | %.2f | %s |\n", \
              (a[2] == "poll" ? "tight poll" : "?wait=1"), cl, (cl == 1 ? "" : "s"), p50[k], p99[k], v, \
              p99[cl SUBSEP "version"], p50[k] / v, (p50[k] <= 5 ? "<= 5 ms: met" : "<= 5 ms: NOT met")
          if (a[1] == cl && (a[2] == "get" || a[2] == "submit"))
            printf "| single %s p50 (%s client%s) | %.3f ms (p99 %.3f) | %.3f ms (p99 %.3f) | %.2f | |\n", \
              (a[2] == "get" ? "GET /analytics/{id}" : "POST /analytics"), cl, (cl == 1 ? "" : "s"), p50[k], p99[k], v, \
              p99[cl SUBSEP "version"], p50[k] / v
        }
      }
    }' "$work/rt.tsv" | sort -t'|' -k2,2
  if [ -f "$work/wrk.tsv" ]; then
    awk -F'\t' '
      function median(arr, n,   i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
        return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
      }
      $1 == "poll" { pr[++np] = $3; pl[np] = $4; pc[np] = $11; pw[np] = $12 }
      $1 == "version" { vr[++nv] = $3; vl[nv] = $4; vc[nv] = $11; vw[nv] = $12 }
      $1 == "preflight" { fr[++nf] = $3; fl[nf] = $4; fc[nf] = $11 }
      END {
        p = median(pr, np); v = median(vr, nv); a = median(pl, np); b = median(vl, nv)
        printf "| poll throughput, median of %d rounds | %.0f req/s (p50 %.3f ms) | %.0f req/s (p50 %.3f ms) | %.2f | >= 10,000 req/s: %s |\n", \
          np, p, a, v, b, p / v, (p >= 10000 ? "met" : "NOT met")
        if (pc[1] != "nan") {
          x = median(pc, np); y = median(vc, nv)
          printf "| node CPU per request, median | %.0f µs (= %.0f req/s per fully used core) | %.0f µs (= %.0f req/s per core) | %.2f | 10,000 req/s on 2 cores needs <= 200 µs (<= 100 µs when the load generator shares them) |\n", \
            x, 1e6 / x, y, 1e6 / y, x / y
          xw = median(pw, np); yw = median(vw, nv)
          printf "| projected req/s on 2 otherwise idle cores = 2 s / (node + wrk CPU per request) | %.0f (node %.0f + wrk %.0f µs) | %.0f (node %.0f + wrk %.0f µs) | %.2f | >= 10,000 req/s: %s (projection) |\n", \
            2e6 / (x + xw), x, xw, 2e6 / (y + yw), y, yw, (y + yw) / (x + xw), (2e6 / (x + xw) >= 10000 ? "met" : "NOT met")
        }
        if (nf > 0) {
          f = median(fr, nf); g = median(fl, nf)
          printf "| floor: OPTIONS preflight (no Jersey, no session), median | %.0f req/s (p50 %.3f ms) | %.0f req/s | %.2f | |\n", \
            f, g, v, f / v
          if (fc[1] != "nan") {
            z = median(fc, nf)
            printf "| floor: node CPU per preflight, median | %.0f µs | %.0f µs | %.2f | |\n", z, y, z / y
          }
        }
      }' "$work/wrk.tsv"
  fi
  { grep '^growth' "$work/rt.tsv" || true; } | awk -F'\t' '{ printf "| poll p50, session with %d tasks vs 1 task | %.3f ms | %.3f ms (1 task) | %.2f | |\n", $2, $4, $3, $5 }'
  echo
  echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$out"

cat "$out"
log "summary written to $out"
