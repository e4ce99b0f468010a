#!/usr/bin/env bash
# Undoes setup.sh: stops ganesha (by its pid file), stops rpcbind only if setup started it
# ($ROOT/rpcbind.pid), removes ROOT. Safe to run when setup did not (or only partly) run.
#
#   scripts/nfs/teardown.sh [ROOT]      (default: $LINKLOCK_NFS_ROOT or /tmp/linklock-nfs)
set -uo pipefail

ROOT=${1:-${LINKLOCK_NFS_ROOT:-/tmp/linklock-nfs}}
case $ROOT in
  /*) ;;
  *) ROOT=$PWD/$ROOT ;;
esac
ROOT=${ROOT%/}

fail() {
  echo "nfs teardown: $*" >&2
  exit 1
}

[ -n "$ROOT" ] || fail "ROOT must not be /"

# running PID NAME: PID is a process called NAME that has not exited (zombies do not count).
running() {
  [[ $1 =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] &&
    ! grep -qE '^State:[[:space:]]*[ZX]' "/proc/$1/status" 2>/dev/null
}

# stop PIDFILE NAME: TERM the process in PIDFILE if it is a running NAME, KILL it after 10 s.
stop() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1" 2>/dev/null)
  # A stale pid file may name a process that has nothing to do with us.
  running "$pid" "$2" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    running "$pid" "$2" || return 0
    sleep 0.1
  done
  echo "nfs teardown: $2 (pid $pid) ignored TERM for 10 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null
  for _ in $(seq 50); do
    running "$pid" "$2" || return 0
    sleep 0.1
  done
  fail "$2 (pid $pid) is still running; left $ROOT in place"
}

if [ -d "$ROOT" ]; then
  stop "$ROOT/ganesha.pid" ganesha.nfsd
  stop "$ROOT/rpcbind.pid" rpcbind
  rm -rf "$ROOT"
fi
echo "nfs teardown: done"
