#!/usr/bin/env bash
# The test command: every tier, with all set-up, on a fresh machine.
#   1. unit and golden tests       (mvn: surefire in proto, manager, gossip, vxlan, ingress, agent, chaos-tests' lab)
#   2. in-process cluster tests    (mvn: surefire in cli; several daemons in one JVM on loopback)
#   3. chaos tests on real hosts   (mvn -Pchaos: failsafe in chaos-tests, on the private engine)
# Installs the Debian packages it needs, finds a JDK >= 21, starts the private Docker engine
# (deploy/engine.sh) and stops it at the end if it started it, even on failure. A tier that cannot
# run fails the command; nothing is skipped.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
. deploy/java.sh

bash deploy/install-deps.sh
weft_find_jdk
echo "test: using JDK at $JAVA_HOME" >&2

started_engine=false
if ! bash deploy/engine.sh status 2>/dev/null; then
  bash deploy/engine.sh start
  started_engine=true
fi
stop_engine() { if $started_engine; then bash deploy/engine.sh stop || true; fi; }
trap stop_engine EXIT
eval "$(bash deploy/engine.sh env)"

mvn -B verify -Pchaos "$@"
