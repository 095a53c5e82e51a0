#!/usr/bin/env bash
# Builds the weft node image `weft-node:<TAG>` for the private engine (deploy/engine.sh), from
# local files only: no registry, no Dockerfile, a rootfs tarball fed to `docker import`.
#
#   deploy/node-image.sh DIST_DIR [TAG]
#
# DIST_DIR is an unpacked weft distribution (bin/weft, bin/weftd, lib/...). TAG defaults to a
# short sha256 over DIST_DIR's content, this script and the JDK version, so an unchanged dist is
# not rebuilt; an existing image with that tag is reused. Progress goes to stderr; the last line
# on stdout is the image reference (weft-node:<TAG>).
#
# Rootfs (usr-merged: /bin, /sbin, /lib, /lib64 link into /usr):
#   /bin       busybox (busybox-static) and its applet links; /bin/sh is the host's dash, because
#              busybox sh runs its own applets (ip, tc, ...) before PATH, so `sh -c "ip ..."`
#              would silently get busybox's limited ip; `ash` still is busybox's shell
#   /sbin      the host's ip, bridge, tc (iproute2) and nft, copied with cp -L, plus every library
#              ldd names and the dynamic loader; /etc/iproute2; xtables modules for nft listing
#   /opt/java  a jlink'ed JRE from $WEFT_JDK, cached in /var/cache/weft/jre-<jdk version>
#   /opt/weft  DIST_DIR; /usr/local/bin/weft{,d} link to /opt/weft/bin/weft{,d}
#   /etc       passwd, group, hosts, nsswitch.conf; /tmp, /var/tmp (1777); /run, /var/lib, /var/log
# ENV JAVA_HOME=/opt/java, PATH; CMD a long sleep (run with --init).
# Environment: DOCKER_HOST (default: the weft engine socket), WEFT_JDK, WEFT_JRE_MODULES.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

JDK=${WEFT_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=${WEFT_JRE_MODULES:-java.se,jdk.unsupported,jdk.crypto.cryptoki,jdk.management}
CACHE=/var/cache/weft
REPO=weft-node
export DOCKER_HOST=${DOCKER_HOST:-unix:///run/weft-engine/docker.sock}
SELF=$(readlink -f "${BASH_SOURCE[0]}")
DOCKER=/usr/bin/docker            # Debian's CLI (20.10), matching the engine's API

log() { echo "node-image: $*" >&2; }
die() { echo "node-image: error: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 DIST_DIR [TAG]" >&2; exit 2; }
DIST=$(readlink -f "$1") || die "no such directory: $1"
[ -d "$DIST" ] || die "DIST_DIR is not a directory: $1"
for b in weft weftd; do [ -e "$DIST/bin/$b" ] || log "warning: $DIST/bin/$b is missing"; done
[ -x "$JDK/bin/jlink" ] || die "no JDK with jlink at $JDK (set WEFT_JDK)"
[ -x "$DOCKER" ] || DOCKER=$(command -v docker) || die "no docker CLI (run deploy/install-deps.sh)"
for t in busybox dash ip bridge tc nft iperf3 ldd tar sha256sum flock unshare chroot; do
  command -v "$t" >/dev/null || die "$t not found (run deploy/install-deps.sh)"
done
timeout 10 "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "no Docker engine answers at $DOCKER_HOST (run deploy/engine.sh start)"

JDK_VERSION=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JDK/release")
[ -n "$JDK_VERSION" ] || die "cannot read JAVA_RUNTIME_VERSION from $JDK/release"
mkdir -p "$CACHE"
exec 9>"$CACHE/node-image.lock"
flock 9                       # one build at a time: the JRE cache and tags stay consistent

if [ $# -eq 2 ]; then
  TAG=$2
else
  TAG=$( { tar -C "$DIST" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . ||
           die "cannot read $DIST"; cat "$SELF"; echo "$JDK_VERSION $MODULES"; } |
         sha256sum | cut -c1-12)
fi
[[ "$TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "invalid image tag: $TAG"
IMAGE=$REPO:$TAG
if "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE exists; not rebuilding"
  echo "$IMAGE"; exit 0
fi

# --- the JRE, built once per JDK version (and module list) ------------------------------------
# With a default class-data-sharing archive: each `weft` CLI call is a JVM start, and the archive
# takes a fifth off it. jlink's own archive (--generate-cds-archive) is dumped without the flags
# bin/weft-java always passes, and a JVM started with --enable-native-access then drops the
# archive's optimized module handling ("Mismatched values for property
# jdk.module.enable.native.access"); so the archive is dumped again with those flags.
JRE=$CACHE/jre-$JDK_VERSION-cds-native
[ -z "${WEFT_JRE_MODULES:-}" ] || JRE=$JRE-$(echo "$MODULES" | sha256sum | cut -c1-8)
if [ ! -x "$JRE/bin/java" ]; then
  log "jlink $MODULES -> $JRE"
  rm -rf "$JRE.tmp"
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --output "$JRE.tmp" >&2 || die "jlink failed"
  flags="--enable-native-access=ALL-UNNAMED"   # as bin/weft-java passes them
  [ "${JDK_VERSION%%[!0-9]*}" -lt 24 ] || flags="$flags --sun-misc-unsafe-memory-access=allow"
  "$JRE.tmp/bin/java" $flags -Xshare:dump >/dev/null 2>&1 ||
    die "dumping the JRE's class-data-sharing archive failed"
  mv "$JRE.tmp" "$JRE"
fi

# --- the rootfs --------------------------------------------------------------------------------
ROOT=$(mktemp -d /var/tmp/weft-node-rootfs.XXXXXX)
trap '[ -n "${KEEP_ROOTFS:-}" ] || rm -rf "$ROOT"' EXIT
log "assembling rootfs in $ROOT"
cd "$ROOT"
mkdir -p usr/bin usr/sbin usr/lib usr/lib64 usr/local/bin etc/iproute2 opt root proc sys dev \
  run tmp var/tmp var/lib var/log home
ln -s usr/bin bin; ln -s usr/sbin sbin; ln -s usr/lib lib; ln -s usr/lib64 lib64
ln -s ../run var/run              # so /var/run/netns lives on the --tmpfs /run
chmod 1777 tmp var/tmp; chmod 700 root

# copy FILE...: copies each host file (dereferenced) to the same path in the rootfs.
copy() { local f; for f; do mkdir -p "$ROOT$(dirname "$f")"; cp -L "$f" "$ROOT$f"; done; }
# libs FILE...: the libraries and loader ldd names for the files (missing ones are an error).
libs() {
  ldd "$@" 2>/dev/null | awk '/=> not found/ && $1 != "libjvm.so" { print "MISSING " $1; next }
    $2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u
}

real_tools=(ip bridge tc nft iperf3)
for t in "${real_tools[@]}"; do cp -L "$(command -v "$t")" "usr/sbin/$t"; ln -s "../sbin/$t" "usr/bin/$t"; done
cp -L "$(command -v busybox)" usr/bin/busybox
cp -L "$(command -v dash)" usr/bin/dash
for a in $(busybox --list); do
  [ -e "usr/bin/$a" ] || [ -L "usr/bin/$a" ] || [ -e "usr/sbin/$a" ] || ln -s busybox "usr/bin/$a"
done
rm -f usr/bin/sh; ln -s dash usr/bin/sh
[ -d /etc/iproute2 ] && cp -rL /etc/iproute2/. etc/iproute2/
[ -d /usr/lib/x86_64-linux-gnu/xtables ] && copy /usr/lib/x86_64-linux-gnu/xtables/*.so

log "copying the JRE and the weft distribution"
cp -a "$JRE" opt/java
cp -a "$DIST" opt/weft
ln -s /opt/weft/bin/weft usr/local/bin/weft
ln -s /opt/weft/bin/weftd usr/local/bin/weftd

# Libraries: for the tools and every JRE library except the X11/sound ones (headless only).
mapfile -t objs < <(printf '%s\n' usr/sbin/* usr/bin/dash
  find opt/java -name '*.so' ! -name 'libawt_xawt.so' ! -name 'libjawt.so' \
    ! -name 'libsplashscreen.so' ! -name 'libjsound.so'
  find usr/lib/x86_64-linux-gnu/xtables -name '*.so' 2>/dev/null)
mapfile -t deps < <(libs "${objs[@]}")
missing=$(printf '%s\n' "${deps[@]}" | sed -n 's/^MISSING //p')
[ -z "$missing" ] || die "libraries not found on the host: $missing"
copy "${deps[@]}"

cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/bin/false
EOF
cat >etc/group <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >etc/hosts
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >etc/nsswitch.conf
: >etc/resolv.conf
echo weft-node >etc/hostname
printf 'NAME="weft node"\nID=weft-node\nVERSION_ID=%s\n' "$TAG" >etc/os-release

log "verifying the rootfs (chroot with its own /proc)"
check='ip -V && bridge -V && tc -V && nft -v && /opt/java/bin/java -version && ls /bin/ping'
unshare --mount --pid --fork --mount-proc="$ROOT/proc" chroot "$ROOT" /bin/sh -c "$check" >/dev/null 2>&1 ||
  die "rootfs self-check failed; rerun with KEEP_ROOTFS=1 and try: chroot $ROOT /bin/sh -c '$check'"

log "importing $IMAGE ($(du -sh "$ROOT" | cut -f1))"
tar -C "$ROOT" --numeric-owner --owner=0 --group=0 -cf - . |
  "$DOCKER" import \
    -c 'ENV JAVA_HOME=/opt/java' \
    -c 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'WORKDIR /' \
    -c "LABEL org.weft.node-image=$TAG org.weft.jdk=$JDK_VERSION" \
    -c 'CMD ["/bin/sleep", "2147483647"]' \
    -m "weft node image from $DIST" - "$IMAGE" >&2 || die "docker import failed"
log "built $IMAGE"
echo "$IMAGE"
