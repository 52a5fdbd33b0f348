#!/bin/sh
# Starts redis-server in the foreground with the image's configuration and the password from REDIS_PASSWORD.
set -eu
if [ -z "${REDIS_PASSWORD:-}" ]; then
  echo "REDIS_PASSWORD is not set (see deploy/container/secrets.env.example); refusing to run Redis without a password" >&2
  exit 2
fi
# redis-server overwrites its command line with its process title, so the password does not stay visible in ps
exec redis-server /etc/redis/fractalis.conf --requirepass "$REDIS_PASSWORD"
