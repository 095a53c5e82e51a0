#!/usr/bin/env bash
# deploy/lab.sh demo: starts a 3-host lab and walks through what weft does so far, showing each
# command and its output. Fails (non-zero) as soon as any step does not behave as shown.
# The lab is removed at the end, and the engine stopped if this demo started it.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
LAB=deploy/lab.sh

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# run hK CMD...: show and run a command on a lab host; it must succeed.
run() { local h=$1; shift; printf '\n%s$ %s\n' "$h" "$*"; "$LAB" exec "$h" "$@"; }
# fails hK TEXT CMD...: the command must fail (exit 1) and say TEXT on stderr.
fails() {
  local h=$1 text=$2 err rc=0; shift 2
  printf '\n%s$ %s\n' "$h" "$*"
  err=$("$LAB" exec "$h" "$@" 2>&1 >/dev/null) || rc=$?
  printf '%s\n' "$err"
  if [ "$rc" -ne 1 ] || ! grep -qF -- "$text" <<<"$err"; then
    echo "demo: expected exit 1 and '$text', got exit $rc" >&2
    exit 1
  fi
}
# until_ok SECONDS hK CMD...: retry a command (quietly) until it succeeds.
until_ok() {
  local limit=$1 h=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$LAB" exec "$h" "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "demo: '$*' on $h did not succeed within ${limit}s" >&2; exit 1; }
    sleep 0.5
  done
}
addr() { "$LAB" exec "$1" sh -c "ip -4 -o addr show eth0 | awk '{print \$4}' | cut -d/ -f1"; }

started_engine=false
bash deploy/engine.sh status 2>/dev/null || started_engine=true
cleanup() {
  "$LAB" down || true
  if $started_engine; then bash deploy/engine.sh stop || true; fi
}
trap cleanup EXIT

bold "Start three hosts (containers with their own network stacks), each running weftd"
"$LAB" up 3

bold "Networks every daemon starts with (seed: 'docker network ls')"
run h1 weft network ls

bold "Default bridge: containers reach each other by address, not by name"
run h1 weft run -d --name alpine1 -- sleep 1d
run h1 weft run -d --name alpine2 -- sleep 1d
IP2=$("$LAB" exec h1 weft inspect alpine2 | grep '"IPAddress"' | head -n 1 | cut -d'"' -f4)
run h1 weft network inspect bridge
run h1 weft exec alpine1 ping -c 2 "$IP2"
fails h1 "bad address" weft exec alpine1 ping -c 1 -W 1 alpine2

bold "A user-defined bridge: names resolve (embedded DNS at 127.0.0.11), other bridges are cut off"
run h1 weft network create --driver bridge alpine-net
run h1 weft run -d --name alpine3 --network alpine-net -- sleep 1d
run h1 weft run -d --name alpine4 --network alpine-net -- sleep 1d
run h1 weft exec alpine3 ping -c 2 alpine4
IP3=$("$LAB" exec h1 weft inspect alpine3 | grep '"IPAddress"' | head -n 1 | cut -d'"' -f4)
fails h1 "" weft exec alpine1 ping -c 1 -W 1 "$IP3"
run h1 weft network connect alpine-net alpine1
run h1 weft exec alpine1 ping -c 1 alpine3
run h1 weft network disconnect alpine-net alpine1
run h1 weft ps

bold "A fixed subnet, a fixed address and a published port (answered on the host's addresses)"
run h1 weft network create -d bridge --subnet 198.18.200.0/24 my_bridge
"$LAB" exec h1 sh -c 'mkdir -p /tmp/www && echo "hello from weft" > /tmp/www/index.html'
run h1 weft run -d --name web --net my_bridge --ip 198.18.200.254 -p 5000:80 -- httpd -f -p 80 -h /tmp/www
H1=$(addr h1)
run h1 wget -q -O - "http://127.0.0.1:5000/"
run h2 wget -q -O - "http://$H1:5000/"

bold "host and none"
run h1 weft run -d --name hostnet --network host -- sleep 1d
run h1 weft exec hostnet hostname
run h1 weft run -d --name nonet --network none -- sleep 1d
run h1 weft exec nonet ip -o link

bold "macvlan on the host's interface; ipvlan and 802.1q need kernel modules this kernel lacks"
PREFIX=${H1%.*}
run h1 weft network create -d macvlan --subnet "$PREFIX.0/24" --gateway "$PREFIX.1" --ip-range "$PREFIX.192/27" -o parent=eth0 macnet
run h1 weft run -d --name mac1 --network macnet -- sleep 1d
MAC1=$("$LAB" exec h1 weft inspect mac1 | grep '"IPAddress"' | head -n 1 | cut -d'"' -f4)
run h2 ping -c 2 "$MAC1"
fails h1 "no support for ipvlan" weft network create -d ipvlan --subnet 198.18.202.0/24 -o parent=eth0 ipv
fails h1 "802.1q" weft network create -d macvlan --subnet 198.18.203.0/24 -o parent=eth0.50 vlan50

bold "Clean up: remove the containers, then prune the unused networks"
run h1 weft rm -f alpine1 alpine2 alpine3 alpine4 web hostnet nonet mac1
run h1 weft network prune -f
run h1 weft network ls

bold "A fresh daemon is not in a swarm"
run h1 weft info
fails h1 "not a swarm manager" weft node ls

bold "Initialize a swarm on h1 (root CA, join tokens, a one-manager Raft group)"
run h1 weft swarm init
MANAGER_TOKEN=$("$LAB" exec h1 weft swarm join-token -q manager)
WORKER_TOKEN=$("$LAB" exec h1 weft swarm join-token -q worker)
run h1 weft swarm join-token manager

bold "h2 joins as a manager, h3 as a worker (each pins the CA by the token's digest)"
run h2 weft swarm join --token "$MANAGER_TOKEN" "$H1:2377"
run h3 weft swarm join --token "$WORKER_TOKEN" "$H1:2377"
sleep 1.5
run h1 weft node ls
run h2 weft node ls
fails h3 "This node is not a swarm manager" weft node ls

bold "Nodes by hostname or ID prefix; labels; inspect as JSON or pretty"
run h1 weft node update --label-add zone=east h3
run h1 weft node inspect --pretty h3
run h2 weft node ls --filter role=manager --format json

bold "What must be refused is refused, and nothing changes"
fails h2 "already part of a swarm" weft swarm init
fails h1 "not down" weft node rm h3
fails h1 "not found" weft node inspect no-such-node
run h1 weft swarm join-token --rotate worker

bold "An attachable overlay across hosts (seed: overlay networking for standalone containers)"
run h1 weft network create --driver=overlay --attachable test-net
run h1 weft run -d --name ov1 --network test-net -- sleep 1d
run h3 weft network ls
if "$LAB" exec h3 weft network ls | grep -q test-net; then echo "demo: h3 lists test-net too early" >&2; exit 1; fi
run h3 weft run -d --name ov2 --network test-net -- sleep 1d
run h3 weft network ls
until_ok 10 h1 weft exec ov1 ping -c 1 -W 1 ov2
run h1 weft exec ov1 ping -c 2 ov2
run h3 weft network inspect test-net
fails h1 "active endpoints" weft network rm test-net
run h3 weft rm -f ov2
run h1 weft rm -f ov1
run h3 weft network ls
run h1 weft network rm test-net

bold "A service on a user-defined overlay, published through the routing mesh (seed: services on overlay networks)"
for h in h1 h2 h3; do "$LAB" exec "$h" sh -c "mkdir -p /www && echo served-by-$h > /www/index.html"; done
run h1 weft network ls
run h1 weft network create -d overlay nginx-net
# Each task serves a page naming its host and itself (a task's hostname is its task id).
PAGE='d=/tmp/www-$(hostname); mkdir -p $d; { cat /www/index.html; echo task-$(hostname); } > $d/index.html; echo "serving task-$(hostname) on port 80"; exec httpd -f -p 80 -h $d'
run h1 weft service create --name my-web --publish target=80,published=8080 --replicas 5 --network nginx-net -- sh -c "$PAGE"
run h1 weft service ls
run h1 weft service ps my-web
bold "Each task's output, gathered from the hosts that run them"
run h1 weft service logs my-web
bold "Port 8080 answers on every host, balanced over all five tasks (nftables numgen, no IPVS)"
for h in h1 h2 h3; do
  run h1 sh -c "for i in 1 2 3 4 5; do printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 2 $(addr $h) 8080 | grep '^task-'; done"
done
N=$("$LAB" exec h1 sh -c "for h in $(addr h1) $(addr h2) $(addr h3); do for i in \$(seq 20); do printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 2 \$h 8080 | grep '^task-'; done; done | sort -u | wc -l")
[ "$N" -eq 5 ] || { echo "demo: 60 requests through the mesh reached $N tasks, not 5" >&2; exit 1; }
echo "60 requests over h1, h2 and h3 reached all $N tasks"
TASK=$("$LAB" exec h1 sh -c "weft ps | awk '/my-web\./{print \$NF; exit}'")
bold "Inside a task: the service name is its virtual IP, tasks.my-web the five tasks"
run h1 weft exec "$TASK" nslookup my-web
run h1 weft exec "$TASK" nslookup tasks.my-web
run h1 weft exec "$TASK" sh -c 'for i in 1 2 3 4 5; do printf "GET /index.html HTTP/1.0\r\n\r\n" | nc -w 2 my-web 80 | grep "^task-"; done'
fails h1 "has active endpoints (my-web." weft network rm nginx-net
run h1 weft service scale my-web=2
until_ok 15 h1 sh -c "[ \$(weft service ps -q my-web | wc -l) -eq 2 ]"
run h1 weft service ps my-web
run h1 weft service rm my-web
until_ok 15 h2 sh -c "! nft list tables | grep -q weftm_"
run h2 sh -c "nft list tables; ip netns list"
run h1 weft network rm nginx-net

bold "Promote h3: three managers, so the swarm survives losing one"
run h1 weft node promote h3
until_ok 30 h3 weft node ls
run h3 weft node ls

bold "Crash the leader (kill -9 of h1's weftd): a new leader takes over and writes go on"
"$LAB" kill h1
sleep 1.5
run h2 weft node update --label-add after-crash=yes h3
sleep 3
run h2 weft node ls

bold "Restart h1's weftd: it rejoins from its data root and catches up"
"$LAB" start h1
until_ok 60 h1 sh -c 'weft node inspect h3 | grep -q after-crash'
sleep 1
run h1 weft node ls
run h1 weft info

bold "Demo complete: the lab is removed now"
