#!/usr/bin/env bash
# The OpenAPI fuzz gate (issue 13, item 5b): .ci/prism/fuzz.mjs generates, with fast-check from a fixed seed,
# 6,000 requests for every operation of a live node's GET /openapi.json (bodies from the document's request schemas
# and broken ones, foreign and malformed ids, odd headers, methods the path does not serve; stateful: data loaded
# first, analyses on it, their results polled) and checks every answer against the document with ajv. Pass: no 5xx,
# no answer outside the document, none slower than 10 s.
#
#   FRACTALIS_NODE=http://127.0.0.1:5000/   fuzz that running node instead of starting one
#   FRACTALIS_FUZZ_CASES=6000               how many generated requests (the seed is fixed in fuzz.mjs)
#   FRACTALIS_RUN, FRACTALIS_NODE_START_SECONDS as in .ci/node.sh
#
# Output: the summary (requests, failures, 5xx, slowest answers, statuses per operation) on stdout; the node's log
# in .ci/prism/artifacts/fuzz/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/.ci/prism/artifacts/fuzz"
mkdir -p "$artifacts"
command -v node >/dev/null 2>&1 || { echo "fuzz-gate: Node.js (>= 20) is required" >&2; exit 1; }
# shellcheck source=node.sh
. "$root/.ci/node.sh"
npm_packages
start_node fuzz-gate
set +e
node "$root/.ci/prism/fuzz.mjs" "$FRACTALIS_NODE" "${FRACTALIS_FUZZ_CASES:-6000}" | tee "$artifacts/summary.json"
rc=${PIPESTATUS[0]}
set -e
exit "$rc"
