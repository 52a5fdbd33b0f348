#!/usr/bin/env bash
# The Prism gate (issue 13, item 5a): Stoplight Prism, an OpenAPI validator nobody on the team wrote, runs as a
# validating proxy (`prism proxy --errors`) in front of a live node, with the node's own GET /openapi.json as the
# contract, while .ci/prism/flow.mjs drives every operation through it. Any request or response that violates the
# document, and any answer the flow did not expect, fails the stage. Prism is installed with npm into
# .ci/prism/node_modules (git-ignored, pinned by .ci/prism/package-lock.json). Prism 5.16 declares Node >= 24.18;
# it runs on the Node 20 of this CI (npm only warns EBADENGINE): both gates passed on it.
#
#   FRACTALIS_NODE=http://127.0.0.1:5000/   put Prism in front of that running node instead of starting one
#   FRACTALIS_RUN=/path/to/run              the start script of the node (default ../run)
#   FRACTALIS_NODE_START_SECONDS=600        how long the node may take to start (a build by ../run included)
#
# Output: the flow's summary (requests, violations, operations, statuses) on stdout; Prism's log and the node's
# log in .ci/prism/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/.ci/prism/artifacts"
mkdir -p "$artifacts"
command -v node >/dev/null 2>&1 || { echo "prism-gate: Node.js (>= 20) is required" >&2; exit 1; }
# shellcheck source=node.sh
. "$root/.ci/node.sh"
npm_packages
start_node prism-gate

# --- Prism in front of it, validating against the node's own document (docs/openapi.json is the same file) ---
curl -fsS "$FRACTALIS_NODE/openapi.json" -o "$artifacts/openapi.json"
pport="$(free_port)"
echo "prism-gate: starting Prism on port $pport" >&2
# --cors=false: the node's own CORS answers pass through (and are validated) instead of Prism's
setsid "$root/.ci/prism/node_modules/.bin/prism" proxy --errors --cors=false -h 127.0.0.1 -p "$pport" \
  "$artifacts/openapi.json" "$FRACTALIS_NODE" >"$artifacts/prism.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  grep -q "Prism is listening" "$artifacts/prism.log" 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "prism-gate: Prism exited:" >&2; tail -n 30 "$artifacts/prism.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "Prism is listening" "$artifacts/prism.log" ||
  { echo "prism-gate: Prism did not start" >&2; tail -n 30 "$artifacts/prism.log" >&2; exit 1; }

# --- the traffic ---
set +e
node "$root/.ci/prism/flow.mjs" "http://127.0.0.1:$pport" | tee "$artifacts/summary.json"
rc=${PIPESTATUS[0]}
set -e
errors="$(grep -c 'Request terminated with error' "$artifacts/prism.log" || true)"
echo "prism-gate: Prism logged $errors terminated requests; flow exit code $rc" >&2
[ "$rc" = 0 ] && [ "$errors" = 0 ]
