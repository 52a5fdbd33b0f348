#!/usr/bin/env bash
# Builds the container images of Fractalis with podman, without a container registry and without a Docker daemon:
# each image starts from a Debian bookworm root file system made by mmdebstrap from Debian's packages and
# imported into podman, then `podman build` adds what is ours.
#
#   localhost/fractalis-node      the node (JRE 17 + the Karaf distribution + ./run); role from FRACTALIS_ROLE
#   localhost/fractalis-redis     Debian's redis-server, persistence on (RDB + AOF in /data), password required
#   localhost/fractalis-rabbitmq  Debian's rabbitmq-server, credentials from the environment (never guest)
#
# The node image packs karaf-distribution/target/fractalis-karaf-distribution-*.tar.gz: run `mvn install` first
# (or FRACTALIS_BUILD_DIST=1 to let this script build the distribution with tests skipped).
#
#   FRACTALIS_IMAGE_TAG=latest        tag of the three images
#   FRACTALIS_ROOTFS_MAX_DAYS=7       a cached root file system older than this is rebuilt (security updates)
#   FRACTALIS_DEBIAN_MIRROR=...       another Debian mirror for mmdebstrap
#
# The Debian root file systems are cached as podman images tagged with a hash of their inputs (suite, packages,
# options); they are rebuilt when the inputs change or the image is older than FRACTALIS_ROOTFS_MAX_DAYS.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${FRACTALIS_IMAGE_TAG:-latest}"
max_days="${FRACTALIS_ROOTFS_MAX_DAYS:-7}"
suite=bookworm
log() { echo "container build: $*" >&2; }

for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null 2>&1 || { log "$tool is required (Debian: apt-get install podman mmdebstrap)"; exit 1; }
done

# rootfs_image NAME PACKAGES: prints the reference of a podman image holding a Debian root file system with PACKAGES
rootfs_image() {
  local name=$1 packages=$2 key ref created age tmp
  local opts=(--variant=apt --include="$packages"
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*'
    --aptopt='Acquire::Retries "3"'
    # Java's postinst registers man pages with update-alternatives, which needs the (excluded) folder
    --essential-hook='mkdir -p "$1/usr/share/man/man1"')
  key="$(printf '%s\n' "$suite" "${opts[@]}" "$(mmdebstrap --version 2>/dev/null | head -n 1)" | sha256sum | cut -c1-16)"
  ref="localhost/fractalis-rootfs-$name:$key"
  if created="$(podman image inspect --format '{{.Created.Unix}}' "$ref" 2>/dev/null)"; then
    age=$(( ($(date +%s) - created) / 86400 ))
    if [ "$age" -lt "$max_days" ]; then
      log "$name root file system: cached ($ref, $age days old)"
      echo "$ref"; return 0
    fi
    log "$name root file system: $age days old, rebuilding"
  fi
  tmp="$(mktemp -d)"
  log "$name root file system: mmdebstrap $suite with $packages"
  # shellcheck disable=SC2086
  mmdebstrap --quiet "${opts[@]}" "$suite" "$tmp/rootfs.tar" ${FRACTALIS_DEBIAN_MIRROR:-} >&2
  podman import --quiet --change 'CMD ["/bin/bash"]' "$tmp/rootfs.tar" "$ref" >/dev/null
  rm -rf "$tmp"
  # older generations of this root file system are no longer needed
  podman images --format '{{.Repository}}:{{.Tag}}' "localhost/fractalis-rootfs-$name" | grep -vxF "$ref" \
    | xargs -r podman rmi --force >/dev/null 2>&1 || true
  echo "$ref"
}

dist_tar="$(ls -t "$root"/karaf-distribution/target/fractalis-karaf-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)"
if [ -z "$dist_tar" ]; then
  if [ "${FRACTALIS_BUILD_DIST:-}" = 1 ]; then
    log "building the distribution (mvn install, tests skipped)"
    (cd "$root" && mvn -q -B install -DskipTests -pl karaf-distribution -am) >&2
    dist_tar="$(ls -t "$root"/karaf-distribution/target/fractalis-karaf-distribution-*.tar.gz | head -n 1)"
  else
    log "no karaf-distribution/target/fractalis-karaf-distribution-*.tar.gz: run 'mvn install' first (or FRACTALIS_BUILD_DIST=1)"
    exit 1
  fi
fi
version="$(basename "$dist_tar" .tar.gz)"; version="${version#fractalis-karaf-distribution-}"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD -- 2>/dev/null || revision="$revision-dirty"
source_url="$(git -C "$root" config --get remote.origin.url 2>/dev/null || echo unknown)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
labels=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=$source_url"
  --build-arg "CREATED=$created")

start=$SECONDS
# the three root file systems side by side (mostly waiting for the mirror)
refs="$(mktemp -d)"
rootfs_image jre openjdk-17-jre-headless,ca-certificates,curl,tini >"$refs/jre" & p1=$!
rootfs_image redis redis-server,tini >"$refs/redis" & p2=$!
rootfs_image rabbitmq rabbitmq-server,tini >"$refs/rabbitmq" & p3=$!
for p in $p1 $p2 $p3; do wait "$p" || { log "a root file system could not be built"; exit 1; }; done
jre="$(cat "$refs/jre")" redis="$(cat "$refs/redis")" rabbitmq="$(cat "$refs/rabbitmq")"
rm -rf "$refs"
log "root file systems ready after $((SECONDS - start)) s"

# the node: the distribution unpacked, plus ./run as the entrypoint
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dist"
tar -xzf "$dist_tar" -C "$stage/dist" --strip-components=1
cp "$root/run" "$stage/run"
cp "$here/node/Containerfile" "$stage/Containerfile"
log "node image from $(basename "$dist_tar") (revision $revision)"
podman build --quiet --format docker --build-arg "BASE=$jre" "${labels[@]}" -t "localhost/fractalis-node:$tag" "$stage" >/dev/null
log "redis image"
podman build --quiet --format docker --build-arg "BASE=$redis" "${labels[@]}" -t "localhost/fractalis-redis:$tag" "$here/redis" >/dev/null
log "rabbitmq image"
podman build --quiet --format docker --build-arg "BASE=$rabbitmq" "${labels[@]}" -t "localhost/fractalis-rabbitmq:$tag" "$here/rabbitmq" >/dev/null
podman image prune --force >/dev/null 2>&1 || true
log "built in $((SECONDS - start)) s:"
podman images --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' --filter reference="localhost/fractalis-*:$tag" >&2
