#!/usr/bin/env bash
# The browser test: fractal.js 1.4.1 in Debian's headless Chromium (driven by playwright-core) against a node of
# this checkout. It installs what is missing (the npm packages of this folder; Chromium via apt-get when root),
# starts a node on a free port with ../run, runs `node --test`, stops the node, and exits non-zero on failure.
#
#   FRACTALIS_NODE=http://127.0.0.1:5000/   test that running node instead of starting one
#   FRACTALIS_BROWSER_CLUSTER=1             start a web node and a worker node on Redis/RabbitMQ instead
#   CHROMIUM=/path/to/chromium              another Chromium (default /usr/bin/chromium)
#   FRACTALIS_NODE_START_SECONDS=600        how long the node may take to start (a build by ../run included)
#   FRACTALIS_RUN=/path/to/run              the start script of the node (default ../run)
#
# Artifacts (screenshots per chart, of the host page and of the demo page, the node's log): artifacts/
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$here"
log() { echo "browser-tests: $*" >&2; }

# --- Node.js and this folder's npm packages (playwright-core, fractalis@1.4.1) ---
command -v node >/dev/null 2>&1 || { log "Node.js (>= 20) is required"; exit 1; }
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  log "Node.js >= 20 is required, found $(node --version)"; exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing the npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# --- Chromium (Debian's package; Playwright's own browser download does not work here) ---
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "installing Debian's chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends chromium >&2
fi
[ -x "$CHROMIUM" ] || { log "Chromium not found at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"; exit 1; }

mkdir -p artifacts

# --- a node of our own (or, with FRACTALIS_BROWSER_CLUSTER=1, a web node and a worker node on Redis and
#     RabbitMQ), unless FRACTALIS_NODE names one ---
pids=()
instances=()
stop_node() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  for inst in "${instances[@]}"; do
    name="$(basename "$inst")"
    cp "$inst/data/log/karaf.log" "artifacts/karaf-$name.log" 2>/dev/null || true
    cp "$inst/run.out" "artifacts/node-$name.out" 2>/dev/null || true
    rm -rf "$inst"
  done
}
trap stop_node EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_one ROLE: starts ../run in its own process group (so stopping it also stops a build it may start first)
start_one() {
  local role=$1 port inst
  port="$(free_port)"
  inst="$(mktemp -d "${TMPDIR:-/tmp}/fractalis-browser-tests-$role.XXXXXX")"
  log "starting a $role node on port $port (instance $inst)"
  FRACTALIS_ROLE="$role" FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$inst" \
    setsid "${FRACTALIS_RUN:-$root/run}" >"$inst/run.out" 2>&1 &
  pids+=($!)
  instances+=("$inst")
  started_port=$port
}

if [ -z "${FRACTALIS_NODE:-}" ]; then
  if [ "${FRACTALIS_BROWSER_CLUSTER:-}" = 1 ]; then
    export FRACTALIS_REDIS_URL="${FRACTALIS_REDIS_URL:-redis://127.0.0.1:6379}"
    export FRACTALIS_AMQP_URL="${FRACTALIS_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}"
    export FRACTALIS_SKIP_BUILD=1
    start_one worker
    start_one web
  else
    start_one node
  fi
  export FRACTALIS_NODE="http://127.0.0.1:$started_port/"
  deadline=$((SECONDS + ${FRACTALIS_NODE_START_SECONDS:-600}))
  # up = the REST API answers and the demo bundle serves the subsets (its connector is there); in a cluster also
  # a worker that runs the demo ETLs must have announced itself (POST /data would be refused otherwise)
  worker_ready() { # a worker has no HTTP: its log tells when its plugins are registered
    [ "${FRACTALIS_BROWSER_CLUSTER:-}" != 1 ] ||
      grep -q "Plugin 'compute-volcanoplot' available" "${instances[0]}/data/log/karaf.log" 2>/dev/null
  }
  until curl -fsS -o /dev/null "${FRACTALIS_NODE}misc/version" 2>/dev/null &&
        curl -fsS -o /dev/null "${FRACTALIS_NODE}demo/subsets.json" 2>/dev/null && worker_ready; do
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        log "a node exited while starting:"; tail -n 30 "${instances[$i]}/run.out" >&2; exit 1
      fi
    done
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "the node did not come up in time:"; tail -n 30 "${instances[-1]}/run.out" >&2; exit 1
    fi
    sleep 1
  done
  log "node is up: $FRACTALIS_NODE"
fi

# --- the tests (node's own test runner; its summary is the last output) ---
set +e
node --test --test-concurrency=1 test/charts.test.mjs test/demo-page.test.mjs
rc=$?
set -e
exit "$rc"
