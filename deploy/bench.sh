#!/usr/bin/env bash
# The control-API benchmark (dev.weft.lab.ControlBenchmark): three managers on lab hosts; write
# throughput and p50/p99 latency, then leader failover (kill -9 → first acknowledged write) over
# ROUNDS rounds. Prints the figures and writes target/bench/control-api.md.
#   deploy/bench.sh [ROUNDS (default 10)] [SECONDS per write run (default 10)]
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
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dweft.repo="$REPO" \
  -cp "chaos-tests/target/lab-lib/*:$(ls chaos-tests/target/weft-chaos-tests-*.jar | head -n 1)" \
  dev.weft.lab.ControlBenchmark "${1:-10}" "${2:-10}" target/bench/control-api.md
