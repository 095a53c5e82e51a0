#!/usr/bin/env bash
# Runs a private Docker engine (Debian's docker.io) for weft's multi-host tests and lab.
#
#   deploy/engine.sh start    start it unless one already answers (installs packages if needed)
#   deploy/engine.sh stop     stop it (dockerd, its containerd, leftover shims); nothing else
#   deploy/engine.sh status   exit 0 if the engine answers, 1 otherwise
#   deploy/engine.sh env      print the export lines for Docker clients and Testcontainers
#
# dockerd runs in its OWN network and mount namespace (unshare; the namespaces are held by the
# dockerd process itself), so its bridges, iptables rules (FORWARD policy DROP) and overlay mounts
# never touch the root namespace. Its addresses lie in 198.19.0.0/16 only: docker0 198.19.255.1/24,
# network pools 198.19.0.0/17 in /24s, and a veth link root ns 198.19.254.1 <-> engine ns
# 198.19.254.2 over which published ports are reachable (TESTCONTAINERS_HOST_OVERRIDE).
# State: /etc/weft-engine (daemon.json), /var/lib/weft-engine (data root), /run/weft-engine
# (socket, pid file, exec root), /var/log/weft-engine/dockerd.log.
# Environment: WEFT_ENGINE_SOCK (socket path, default /run/weft-engine/docker.sock),
# WEFT_ENGINE_WAIT (seconds to wait for start/stop, default 60).
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

SOCK=${WEFT_ENGINE_SOCK:-/run/weft-engine/docker.sock}
SOCK=${SOCK#unix://}
WAIT=${WEFT_ENGINE_WAIT:-60}
CONF_DIR=/etc/weft-engine
DATA_ROOT=/var/lib/weft-engine
RUN_DIR=/run/weft-engine
EXEC_ROOT=$RUN_DIR/exec
PIDFILE=$RUN_DIR/dockerd.pid
LOG_DIR=/var/log/weft-engine
LOG=$LOG_DIR/dockerd.log
CTRD_SOCK=$EXEC_ROOT/containerd/containerd.sock
CTRD_PIDFILE=$EXEC_ROOT/containerd/containerd.pid
HOST_LINK=weft-engine0            # root-namespace end of the veth; the engine end is "uplink"
HOST_IP=198.19.254.1 ENGINE_IP=198.19.254.2
DOCKER=/usr/bin/docker            # Debian's CLI (20.10), matching the engine's API
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { echo "engine: $*" >&2; }
die() { echo "engine: error: $*" >&2; exit 1; }

# Serialises start/stop of concurrent callers (fd 9 is closed for dockerd itself).
lock() { mkdir -p "$RUN_DIR"; exec 9>"$RUN_DIR/engine.lock"; flock -w "$WAIT" 9 || die "engine.lock busy"; }

answering() {
  [ -S "$SOCK" ] && [ -x "$DOCKER" ] &&
    timeout 10 "$DOCKER" -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Prints the pid stored in pid file $1 if that process is alive and its command matches $2.
live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

dockerd_pid() { live_pid "$PIDFILE" "dockerd.*$SOCK"; }

# Our shims are exactly the containerd-shim processes bound to our containerd's socket.
our_shims() {
  local p
  for p in $(pgrep -x 'containerd-shim.*' 2>/dev/null || true); do
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "-address $CTRD_SOCK " && echo "$p"
  done
  return 0
}

# True while pid $1 runs. Zombies count as gone: this VM's pid 1 reaps orphans only now and then.
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${st:0:1}" != Z ]; }

# Sends $1 to each pid in $2.. and waits up to WAIT seconds for all of them to exit.
term_wait() {
  local sig=$1 p left end=$((SECONDS + WAIT)); shift
  [ $# -gt 0 ] || return 0
  kill -s "$sig" "$@" 2>/dev/null || true
  while :; do
    left=""
    for p in "$@"; do alive "$p" && left="$left $p"; done
    [ -z "$left" ] && return 0
    [ $SECONDS -ge $end ] && { log "still running after ${WAIT}s:$left"; return 1; }
    sleep 0.2
  done
}

cleanup_leftovers() {
  local pid shims p
  pid=$(live_pid "$CTRD_PIDFILE" "containerd.*$EXEC_ROOT") && {
    log "stopping leftover containerd $pid"; term_wait TERM "$pid" || term_wait KILL "$pid" || true; }
  shims=$(our_shims)
  if [ -n "$shims" ]; then
    log "killing leftover shims and their containers: $shims"
    for p in $shims; do kill -KILL $(pgrep -P "$p" || true) "$p" 2>/dev/null || true; done
  fi
  rm -f "$PIDFILE" "$SOCK" "$CTRD_PIDFILE"
  ip link del "$HOST_LINK" 2>/dev/null || true   # normally gone with the namespace
}

# "dns": containers' names outside the engine go to the root-namespace end of our own veth, where
# nothing answers: the lab never sends DNS queries to the machine's real resolvers.
write_config() {
  mkdir -p "$CONF_DIR" "$DATA_ROOT" "$EXEC_ROOT" "$LOG_DIR" "$(dirname "$SOCK")"
  cat >"$CONF_DIR/daemon.json.tmp" <<'EOF'
{
  "bip": "198.19.255.1/24",
  "default-address-pools": [{ "base": "198.19.0.0/17", "size": 24 }],
  "dns": ["198.19.254.1"],
  "iptables": true,
  "ip-forward": true,
  "storage-driver": "overlay2",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "cgroup-parent": "/weft-engine",
  "shutdown-timeout": 10,
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "2" }
}
EOF
  mv "$CONF_DIR/daemon.json.tmp" "$CONF_DIR/daemon.json"
}

# Runs inside the new namespaces (re-invoked by unshare): plumbing, then becomes dockerd.
in_namespace() {
  local root_pid=$1
  ip link set lo up
  ip link add uplink type veth peer name "$HOST_LINK" netns "$root_pid"
  ip addr add "$ENGINE_IP/30" dev uplink
  ip link set uplink up
  ip route add default via "$HOST_IP"
  exec dockerd --config-file "$CONF_DIR/daemon.json" --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" -H "unix://$SOCK"
}

show_log() { tail -c +$(($1 + 1)) "$LOG" | tail -n 30 >&2 || true; }   # this start's lines only

start() {
  [ "$(id -u)" -eq 0 ] || die "start needs root"
  lock
  if answering; then log "already running (unix://$SOCK)"; return 0; fi
  local pid end bg="" logpos=0
  if ! pid=$(dockerd_pid); then
    "$HERE/install-deps.sh" >&2 || die "deploy/install-deps.sh failed"
    command -v dockerd >/dev/null || die "dockerd not found after install-deps.sh"
    cleanup_leftovers
    write_config
    log "starting dockerd in its own net+mount namespace (log: $LOG)"
    echo "=== $(date -u +%FT%TZ) engine.sh start" >>"$LOG"
    logpos=$(stat -c %s "$LOG")
    (cd / && exec setsid nohup unshare --net --mount --propagation private -- \
      /bin/bash "$HERE/engine.sh" __in_namespace $$ >>"$LOG" 2>&1 </dev/null 9>&-) &
    bg=$!
  else
    log "dockerd $pid is starting; waiting for it"
  fi
  end=$((SECONDS + WAIT))
  until answering; do
    if [ -n "$bg" ] && ! alive "$bg"; then
      show_log "$logpos"
      die "dockerd exited during start (log above, full log: $LOG)"
    fi
    if [ $SECONDS -ge $end ]; then
      show_log "$logpos"
      die "dockerd did not answer on unix://$SOCK within ${WAIT}s (log above, full log: $LOG)"
    fi
    sleep 0.2
  done
  ip addr replace "$HOST_IP/30" dev "$HOST_LINK" && ip link set "$HOST_LINK" up ||
    die "could not configure $HOST_LINK in the root namespace"
  log "running: dockerd pid $(dockerd_pid || echo '?'), unix://$SOCK, ports on $ENGINE_IP"
}

stop() {
  [ "$(id -u)" -eq 0 ] || die "stop needs root"
  lock
  local pid
  if pid=$(dockerd_pid); then
    log "stopping dockerd $pid"
    if ! term_wait TERM "$pid"; then log "sending SIGKILL to dockerd $pid"; term_wait KILL "$pid" || true; fi
  else
    log "dockerd not running"
  fi
  cleanup_leftovers
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if answering; then echo "engine: running (unix://$SOCK)"; exit 0; fi
    echo "engine: not running" >&2; exit 1 ;;
  env)
    echo "export DOCKER_HOST=unix://$SOCK"
    echo "export TESTCONTAINERS_RYUK_DISABLED=true"
    echo "export TESTCONTAINERS_HOST_OVERRIDE=$ENGINE_IP" ;;
  __in_namespace) in_namespace "${2:?root pid}" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
