#!/usr/bin/env bash
# Used by test.sh while a batch of analyses runs: waits until RabbitMQ shows jobs delivered to the victim worker
# and not yet acknowledged (prefetched or running there), then kills the victim's container with SIGKILL.
#   kill-worker.sh RABBITMQ_CONTAINER VICTIM_CONTAINER VICTIM_IP OUT_FILE   (OUT_FILE gets the unacked count)
set -euo pipefail
rabbitmq=$1 victim=$2 ip=$3 out=$4
for _ in $(seq 1 20); do
  # channel names start with the client's address: "10.89.0.5:41234 -> 10.89.0.3:5672 (1)"
  unacked="$(podman exec "$rabbitmq" rabbitmqctl -q list_channels name messages_unacknowledged \
    | awk -F'\t' -v ip="$ip:" 'index($1, ip) == 1 { s += $2 } END { print s + 0 }')"
  if [ "$unacked" -gt 0 ]; then
    podman kill --signal KILL "$victim" >/dev/null
    echo "kill: $victim SIGKILLed holding $unacked unacknowledged jobs" >&2
    echo "$unacked" > "$out"
    exit 0
  fi
done
echo "kill: $victim never held an unacknowledged job" >&2
exit 1
