# Sourced by the gates that need a live node (.ci/prism.sh, .ci/fuzz.sh): start_node starts ../run on a free port in
# its own process group (or takes FRACTALIS_NODE), waits until it is ready and its worker announced the analytics
# tasks, and sets FRACTALIS_NODE (no trailing slash); the EXIT trap stops what was started and keeps the node's log in
# $artifacts. Honours FRACTALIS_RUN (the start script, default ../run) and FRACTALIS_NODE_START_SECONDS (600).
pids=()
instance=""
gate_cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$instance" ]; then
    cp "$instance/data/log/karaf.log" "$artifacts/karaf.log" 2>/dev/null || true
    cp "$instance/run.out" "$artifacts/node.out" 2>/dev/null || true
    rm -rf "$instance"
  fi
}
trap gate_cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start_node() { # name (for messages)
  if [ -z "${FRACTALIS_NODE:-}" ]; then
    local port deadline
    port="$(free_port)"
    instance="$(mktemp -d "${TMPDIR:-/tmp}/fractalis-$1.XXXXXX")"
    echo "$1: starting a node on port $port (instance $instance)" >&2
    FRACTALIS_HTTP_PORT="$port" FRACTALIS_INSTANCE_DIR="$instance" \
      setsid "${FRACTALIS_RUN:-$root/run}" >"$instance/run.out" 2>&1 &
    pids+=($!)
    FRACTALIS_NODE="http://127.0.0.1:$port/"
    deadline=$((SECONDS + ${FRACTALIS_NODE_START_SECONDS:-600}))
    until curl -fsS -o /dev/null "${FRACTALIS_NODE}health/ready" 2>/dev/null &&
          curl -fsS "${FRACTALIS_NODE}misc/plugins" 2>/dev/null | grep -q '"compute-volcanoplot"'; do
      kill -0 "${pids[0]}" 2>/dev/null || { echo "$1: the node exited while starting:" >&2; tail -n 30 "$instance/run.out" >&2; exit 1; }
      [ "$SECONDS" -lt "$deadline" ] || { echo "$1: the node did not come up in time" >&2; tail -n 30 "$instance/run.out" >&2; exit 1; }
      sleep 1
    done
    echo "$1: node is up: $FRACTALIS_NODE" >&2
  fi
  FRACTALIS_NODE="${FRACTALIS_NODE%/}"
}

npm_packages() { # installs .ci/prism's pinned npm packages (Prism, fast-check, ajv) if missing
  if [ ! -f "$root/.ci/prism/node_modules/.package-lock.json" ] ||
     [ "$root/.ci/prism/package-lock.json" -nt "$root/.ci/prism/node_modules/.package-lock.json" ]; then
    echo "installing the npm packages of .ci/prism (npm ci)" >&2
    # no install scripts: none is needed (@scarf/scarf, a dependency of Prism, would only report the download)
    (cd "$root/.ci/prism" && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  fi
}
