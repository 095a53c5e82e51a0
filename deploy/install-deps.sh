#!/usr/bin/env bash
# Installs, idempotently, the Debian packages weft's lab and tests need: the kernel tools the
# daemon drives (iproute2, nftables), busybox for tutorial-style commands in the node image, and
# Debian's docker.io engine that the lab and chaos tests start in its own network namespace.
# The engine's postinst is kept from starting a default daemon in the root namespace.
set -euo pipefail

packages=(iproute2 nftables busybox-static docker.io iputils-ping conntrack iperf3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present (${packages[*]})"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: need root to install: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
guard=/usr/sbin/policy-rc.d
placed_guard=false
if [ ! -e "$guard" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$guard"
  chmod +x "$guard"
  placed_guard=true
fi
trap '$placed_guard && rm -f "$guard"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || apt-get update
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
