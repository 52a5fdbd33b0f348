#!/bin/sh
# Writes RabbitMQ's configuration from the environment and starts the broker in the foreground.
# RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS create the only user when the database is new (first start on an
# empty volume); later starts keep the users in the database (change them with rabbitmqctl).
set -eu
user="${RABBITMQ_DEFAULT_USER:-}" pass="${RABBITMQ_DEFAULT_PASS:-}"
if [ -z "$user" ] || [ -z "$pass" ]; then
  echo "RABBITMQ_DEFAULT_USER and RABBITMQ_DEFAULT_PASS must be set (see deploy/container/secrets.env.example)" >&2
  exit 2
fi
if [ "$user" = guest ] || [ "$pass" = guest ]; then
  echo "refusing the guest credentials: set RABBITMQ_DEFAULT_USER and RABBITMQ_DEFAULT_PASS to your own" >&2
  exit 2
fi
umask 077
mkdir -p "$(dirname "$RABBITMQ_CONFIG_FILE")"
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 5672
default_user = $user
default_pass = $pass
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
CONF
exec rabbitmq-server
