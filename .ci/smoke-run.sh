#!/usr/bin/env bash
# Starts ./run on a free loopback port in a fresh instance directory, waits until /misc/version answers,
# loads one variable through the demo handler and waits for its ETL to succeed, then stops the node.
# Exit 0 only if all of that worked within the time limits.
set -euo pipefail
cd "$(dirname "$0")/.."

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
instance="$(mktemp -d)"
jar="$instance/cookies"
base="http://127.0.0.1:$port"
log="$instance/run.out"

FRACTALIS_HTTP_PORT=$port FRACTALIS_INSTANCE_DIR="$instance" ./run >"$log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap stop EXIT
fail() {
  echo "smoke run: $*" >&2
  tail -n 40 "$log" >&2 || true
  tail -n 40 "$instance/data/log/karaf.log" >&2 2>/dev/null || true
  exit 1
}

# ./run builds first on a fresh machine: allow for that, then for the boot
deadline=$((SECONDS + 900))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/misc/version" || true)" = 201 ]; do
  kill -0 "$pid" 2>/dev/null || fail "./run exited before the node answered"
  [ $SECONDS -lt $deadline ] || fail "no answer from $base/misc/version"
  sleep 1
done
echo "smoke run: node up after ${SECONDS} s"

status="$(curl -s -o "$instance/post.json" -w '%{http_code}' -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
  "$base/data" -d '{"handler":"demo_tcga_coad","server":"http://demo","auth":{"token":""},
  "descriptors":[{"dataType":"numerical","field":"year_of_birth"}]}')"
[ "$status" = 201 ] || fail "POST /data answered $status: $(cat "$instance/post.json")"

deadline=$((SECONDS + 60))
until curl -s -c "$jar" -b "$jar" "$base/data" | grep -q '"etl_state": *"SUCCESS"'; do
  curl -s -c "$jar" -b "$jar" "$base/data" | grep -q '"etl_state": *"FAILURE"' && fail "the ETL failed: $(curl -s -b "$jar" "$base/data")"
  [ $SECONDS -lt $deadline ] || fail "the ETL did not finish: $(curl -s -b "$jar" "$base/data")"
  sleep 0.5
done
echo "smoke run: demo variable loaded (fresh-machine path OK)"
