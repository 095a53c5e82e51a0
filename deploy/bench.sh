#!/usr/bin/env bash
# Benchmarks on lab hosts; each prints its figures and writes a report under target/bench/.
#   deploy/bench.sh control [ROUNDS (10)] [SECONDS (10)]   control API: write throughput, p50/p99
#       latency with 3 managers; leader failover (kill -9 → first acknowledged write) over ROUNDS
#   deploy/bench.sh local [CONTAINERS (50)]   container start → reachable by name; nftables table
#       replacement time with 10/100/1,000 published ports
#   deploy/bench.sh overlay [CONTAINERS (50)]   iperf3 overlay vs underlay between two hosts;
#       run on one host → name resolves / ping answers on another; gossip convergence, 50 members
#   deploy/bench.sh services [ROUNDS (5)]   service create → all tasks answering through the routing
#       mesh on every host, and → CLI "converged"; connection rate through the mesh vs direct
# Run it on an otherwise idle machine: these 2-core machines are noisy, so it reports medians.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
. deploy/java.sh
bash deploy/install-deps.sh >&2
weft_find_jdk
mvn -q -DskipTests package >&2
started_engine=false
bash deploy/engine.sh status 2>/dev/null || { bash deploy/engine.sh start; started_engine=true; }
trap '$started_engine && bash deploy/engine.sh stop' EXIT
eval "$(bash deploy/engine.sh env)"
which=${1:-control}
shift || true
case "$which" in
  control) main=dev.weft.lab.ControlBenchmark; args=("${1:-10}" "${2:-10}" target/bench/control-api.md) ;;
  local) main=dev.weft.lab.LocalBenchmark; args=("${1:-50}" target/bench/local-networks.md) ;;
  overlay) main=dev.weft.lab.OverlayBenchmark; args=("${1:-50}" target/bench/overlay.md) ;;
  services) main=dev.weft.lab.ServicesBenchmark; args=("${1:-5}" target/bench/services.md) ;;
  *) echo "usage: deploy/bench.sh control|local|overlay|services [ARGS]" >&2; exit 2 ;;
esac
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dweft.repo="$REPO" \
  -cp "chaos-tests/target/lab-lib/*:$(ls chaos-tests/target/weft-chaos-tests-*.jar | head -n 1)" \
  "$main" "${args[@]}"
if [ "$which" = overlay ]; then
  # Gossip convergence for one endpoint event across 50 in-process members (loopback only).
  { echo; echo "## Gossip convergence, 50 in-process members on 127.0.0.1 (LAN, but pings every 2 s: all 50 share 2 cores)"; echo; echo '```'
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "chaos-tests/target/lab-lib/*" dev.weft.gossip.bench.GossipConvergence 50 10 1 2>/dev/null
    echo '```'; } | tee -a target/bench/overlay.md
fi
