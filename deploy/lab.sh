#!/usr/bin/env bash
# The weft lab: a multi-host weft cluster on this one machine. Every host is a container with its
# own network stack on a private Docker engine (deploy/engine.sh), running weftd from the node
# image (deploy/node-image.sh). Hosts are h1..hN (their hostnames and node names) on the docker
# network "weft-lab", 198.18.0.0/24; every daemon's address pools lie inside 198.18.0.0/15.
#
#   deploy/lab.sh up [N]            build if needed, start N hosts (default 3) running weftd
#   deploy/lab.sh exec hK CMD...    run CMD on host hK (exit code passed through)
#   deploy/lab.sh kill hK           SIGKILL host hK's weftd (a crash)
#   deploy/lab.sh start hK          start host hK's weftd again
#   deploy/lab.sh down              remove the hosts and the network
#   deploy/lab.sh demo              up 3, walk through what weft does so far, down
#
# The lab's Java side (dev.weft.lab.Lab in chaos-tests/) is the same code the chaos tests use.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB=weft-lab
DOCKER=/usr/bin/docker
cd "$REPO"
. deploy/java.sh

engine_env() { eval "$(bash deploy/engine.sh env)"; }

build() {
  weft_find_jdk
  echo "lab: building weft (mvn package)" >&2
  mvn -q -DskipTests package >&2
}

up() {
  local n=${1:-3}
  bash deploy/install-deps.sh >&2
  build
  bash deploy/engine.sh start >&2
  engine_env
  echo "lab: starting $n hosts" >&2
  # Reusable containers are the ones Testcontainers' shutdown hook leaves running.
  TESTCONTAINERS_REUSE_ENABLE=true "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dweft.repo="$REPO" \
    -cp "chaos-tests/target/lab-lib/*:$(ls chaos-tests/target/weft-chaos-tests-*.jar | head -n 1)" \
    dev.weft.lab.LabMain up "$n"
}

lab_exec() {
  local host=${1:?usage: lab.sh exec hK COMMAND...}
  shift
  [ $# -gt 0 ] || { echo "usage: lab.sh exec hK COMMAND..." >&2; exit 2; }
  engine_env
  if ! "$DOCKER" inspect "$LAB-$host" >/dev/null 2>&1; then
    echo "lab: no host $host (is the lab up? deploy/lab.sh up)" >&2
    exit 1
  fi
  exec "$DOCKER" exec "$LAB-$host" "$@"
}

down() {
  if ! bash deploy/engine.sh status; then
    echo "lab: engine not running; nothing to remove" >&2
    return 0
  fi
  engine_env
  local ids
  ids=$("$DOCKER" ps -aq --filter "label=weft.lab=$LAB")
  [ -z "$ids" ] || "$DOCKER" rm -f $ids >/dev/null
  "$DOCKER" network rm "$LAB" >/dev/null 2>&1 || true
  rm -rf "/run/weft-lab/$LAB"
  echo "lab: down" >&2
}

case "${1:-}" in
  up) shift; up "$@" ;;
  exec) shift; lab_exec "$@" ;;
  kill) shift; lab_exec "${1:?usage: lab.sh kill hK}" /usr/local/bin/lab-weftd-kill ;;
  start) shift; engine_env; "$DOCKER" exec -d "$LAB-${1:?usage: lab.sh start hK}" /usr/local/bin/lab-weftd-start ;;
  down) down ;;
  demo) shift; exec bash deploy/demo.sh "$@" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
