#!/usr/bin/env bash
# A real NFS server for the tests: nfs-ganesha (FSAL VFS) serving two directories, NFSv3 and
# NFSv4 over TCP, on 127.0.0.1 only:
#   $ROOT/export       exported with ganesha's default caching (its MDCACHE trusts attributes
#                      and names for 60 s: changes made on the server's own disk reach NFS
#                      clients late). Mode 0777: the tests write into it directly too.
#                      NFSv3: nfs://127.0.0.1:$PORT$ROOT/export (mount protocol on $MPORT)
#                      NFSv4: pseudo path /linklock
#   $ROOT/export-noac  the same with Attr_Expiration_Time = 0 (ganesha checks the disk at every
#                      request): for processes on the server's disk and NFS clients together
#                      NFSv4: pseudo path /linklock-noac
#   $ROOT/ganesha.conf, ganesha.log, ganesha.pid
#   $ROOT/rpcbind.pid  only when setup started rpcbind itself (no portmapper was answering);
#                      ganesha cannot register NFSv3 without one and exits
# Installs nfs-ganesha, nfs-ganesha-vfs, rpcbind and libnfs-utils when missing (Debian).
# Idempotent: a ganesha that is already running from this ROOT is left as it is. Undo with
# teardown.sh (same ROOT).
#
#   scripts/nfs/setup.sh [ROOT]         (default: $LINKLOCK_NFS_ROOT or /tmp/linklock-nfs)
#   ports: $LINKLOCK_NFS_PORT (default 42049), $LINKLOCK_NFS_MOUNT_PORT (default 42050)
set -euo pipefail

ROOT=${1:-${LINKLOCK_NFS_ROOT:-/tmp/linklock-nfs}}
PORT=${LINKLOCK_NFS_PORT:-42049}
MPORT=${LINKLOCK_NFS_MOUNT_PORT:-42050}
READY_TIMEOUT_S=30

fail() {
  echo "nfs setup: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (ganesha, rpcbind, apt-get)"
case $ROOT in
  /*) ;;
  *) ROOT=$PWD/$ROOT ;;
esac
ROOT=${ROOT%/}
[ -n "$ROOT" ] || fail "ROOT must not be /"
# The path goes into ganesha.conf and into an nfs:// URL unquoted.
case $ROOT in
  *[!A-Za-z0-9._/-]*) fail "ROOT may only contain letters, digits and . _ - / (got '$ROOT')" ;;
esac
for port in "$PORT" "$MPORT"; do
  [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || fail "not a port: '$port'"
done
[ "$PORT" != "$MPORT" ] || fail "the NFS port and the mount port must differ (both $PORT)"

EXPORT=$ROOT/export
EXPORT_NOAC=$ROOT/export-noac
CONF=$ROOT/ganesha.conf
LOG=$ROOT/ganesha.log
PIDFILE=$ROOT/ganesha.pid
RPCBIND_PIDFILE=$ROOT/rpcbind.pid
URL="nfs://127.0.0.1$EXPORT?nfsport=$PORT&mountport=$MPORT&version=3"

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_missing() {
  local missing=()
  for package in nfs-ganesha nfs-ganesha-vfs rpcbind libnfs-utils; do
    installed "$package" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "nfs setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1 || fail "apt-get update failed"
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
      fail "could not install ${missing[*]}"
  fi
}

# running PID NAME: PID is a process called NAME that has not exited (zombies do not count).
running() {
  [[ $1 =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] &&
    ! grep -qE '^State:[[:space:]]*[ZX]' "/proc/$1/status" 2>/dev/null
}

# alive PIDFILE NAME: the pid in PIDFILE is a running process called NAME.
alive() {
  [ -f "$1" ] && running "$(cat "$1" 2>/dev/null)" "$2"
}

portmapper_answers() {
  timeout 5 rpcinfo -p 127.0.0.1 >/dev/null 2>&1
}

start_rpcbind() {
  if portmapper_answers; then
    # Ours from an earlier run, or someone else's (then not recorded: teardown leaves it alone).
    alive "$RPCBIND_PIDFILE" rpcbind || rm -f "$RPCBIND_PIDFILE"
    return
  fi
  rm -f "$RPCBIND_PIDFILE"
  local before after pid
  before=$(pgrep -x rpcbind | sort) || true
  # rpcbind forks once its sockets are bound and writes no pid file: the new process is ours.
  rpcbind -w || fail "rpcbind did not start"
  after=$(pgrep -x rpcbind | sort) || true
  pid=$(comm -13 <(echo "$before") <(echo "$after") | tail -n 1)
  [ -n "$pid" ] || pid=$(pgrep -n -x rpcbind) || fail "rpcbind started but is not running"
  echo "$pid" >"$RPCBIND_PIDFILE"
  for _ in $(seq 50); do
    portmapper_answers && return
    sleep 0.1
  done
  fail "rpcbind (pid $pid) does not answer on 127.0.0.1:111"
}


check_port_free() {
  command -v ss >/dev/null || return 0
  local users
  users=$(ss -Htlnp "sport = :$1" 2>/dev/null) || return 0
  [ -z "$users" ] || fail "port $1 is taken by something else (set LINKLOCK_NFS_PORT / LINKLOCK_NFS_MOUNT_PORT): $users"
}

# export_block ID PATH PSEUDO [EXTRA]: one EXPORT of a directory.
export_block() {
  cat <<BLOCK
EXPORT {
  Export_Id = $1;
  Path = $2;
  Pseudo = $3;
  Access_Type = RW;
  Squash = No_Root_Squash;
  Protocols = 3, 4;
  Transports = TCP;
  SecType = sys;${4:+
  $4}
  FSAL {
    Name = VFS;
  }
}
BLOCK
}

# The configuration for these ports and this ROOT, on stdout.
config() {
  cat <<CONFIG
# Written by scripts/nfs/setup.sh; rewritten whenever ganesha is (re)started.
NFS_CORE_PARAM {
  Protocols = 3, 4;
  NFS_Port = $PORT;
  MNT_Port = $MPORT;
  Enable_NLM = false;
  Enable_RQUOTA = false;
  Enable_UDP = false;
  Bind_addr = 127.0.0.1;
}
NFSV4 {
  Graceless = true;
  RecoveryRoot = $ROOT/recovery;
}
CONFIG
  export_block 1 "$EXPORT" /linklock
  export_block 2 "$EXPORT_NOAC" /linklock-noac 'Attr_Expiration_Time = 0;'
}

log_tail() {
  echo "--- last lines of $LOG:"
  tail -n 20 "$LOG" 2>/dev/null || echo "(no log)"
}

start_ganesha() {
  if alive "$PIDFILE" ganesha.nfsd; then
    [ "$(config)" = "$(cat "$CONF" 2>/dev/null)" ] ||
      fail "ganesha (pid $(cat "$PIDFILE")) is already running from $ROOT with another configuration (other ports, or an older setup.sh); run scripts/nfs/teardown.sh $ROOT first"
    return
  fi
  rm -f "$PIDFILE"
  check_port_free "$PORT"
  check_port_free "$MPORT"
  mkdir -p "$ROOT/recovery"
  config >"$CONF"
  # Logs CRIT lines about D-Bus and Kerberos at start: harmless here.
  ganesha.nfsd -f "$CONF" -L "$LOG" -p "$PIDFILE" || fail "ganesha.nfsd did not start: $(log_tail)"
}

registered() {
  timeout 5 rpcinfo -t 127.0.0.1 100003 3 >/dev/null 2>&1 &&
    timeout 5 rpcinfo -t 127.0.0.1 100005 3 >/dev/null 2>&1
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ]; do
    if timeout 5 nfs-ls "$URL" >/dev/null 2>&1; then
      registered && return
      # Serving but unknown to the portmapper: a ganesha stopping elsewhere unregistered it.
      fail "ganesha serves on $PORT but is not registered with the portmapper (another ganesha on this rpcbind stopped?); run scripts/nfs/teardown.sh $ROOT, then setup again"
    fi
    # The pid file appears shortly after the start; once it is there, the process must be too.
    if [ -f "$PIDFILE" ] && ! alive "$PIDFILE" ganesha.nfsd; then
      fail "ganesha exited
$(log_tail)"
    fi
    sleep 0.5
  done
  fail "the export does not answer after ${READY_TIMEOUT_S} s ($URL)
$(log_tail)"
}

install_missing
mkdir -p "$EXPORT" "$EXPORT_NOAC"
chmod 0777 "$EXPORT" "$EXPORT_NOAC"
start_rpcbind
start_ganesha
wait_ready
echo "nfs setup: ready: nfs://127.0.0.1:$PORT$EXPORT and nfs://127.0.0.1:$PORT$EXPORT_NOAC (mount port $MPORT)"
