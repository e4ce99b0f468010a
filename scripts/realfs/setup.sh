#!/usr/bin/env bash
# Real filesystems that cache and lie, for `pnpm test:realfs` (docs/guarantees.md):
#   $ROOT/backing      a plain directory (ext4 or whatever /tmp is)
#   $ROOT/view1, view2 two bindfs views of backing with 2 s attribute, entry and negative
#                      caches: two "clients" that see each other's changes late
#   $ROOT/ssh          an sshfs mount of backing through sshd on 127.0.0.1: hard links work,
#                      but nlink is always 1, the names of one file show different inodes, and
#                      attributes can be ~20 s old
#   $ROOT/py           a Python virtual environment with py-filelock 4.0.8, whose
#                      SoftReadWriteLock the shared-lock tests run side by side with ours
# Installs bindfs, sshfs, openssh-server and python3-venv when missing (Debian). Idempotent: what is already
# mounted or running is left as it is. Undo with teardown.sh (same ROOT).
#
#   scripts/realfs/setup.sh [ROOT]      (default: $LINKLOCK_REALFS or /tmp/linklock-realfs)
set -euo pipefail

ROOT=${1:-${LINKLOCK_REALFS:-/tmp/linklock-realfs}}
PORT=${LINKLOCK_REALFS_SSH_PORT:-42022}
SSHD_DIR=$ROOT/sshd

fail() {
  echo "realfs setup: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (FUSE mounts, sshd, apt-get)"
[ -e /dev/fuse ] || fail "/dev/fuse is missing: this kernel or container has no FUSE; the real-filesystem tests cannot run here"

install_missing() {
  local missing=()
  command -v bindfs >/dev/null || missing+=(bindfs)
  command -v sshfs >/dev/null || missing+=(sshfs)
  command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return
  echo "realfs setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1 || fail "apt-get update failed"
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
      fail "could not install ${missing[*]}"
  fi
}

# Whether something is mounted at $1 (also a FUSE mount whose process died, which `mountpoint`
# cannot stat).
is_mounted() {
  awk -v dir="$1" '$5 == dir { found = 1 } END { exit !found }' /proc/self/mountinfo
}

# A FUSE mount whose process died (a killed run) answers "Transport endpoint is not connected"
# to everything: unmount it, so that it can be mounted again.
clear_dead_mount() {
  if is_mounted "$1" && ! stat "$1" >/dev/null 2>&1; then
    echo "realfs setup: $1 was a dead mount; unmounting it"
    fusermount -uz "$1" 2>/dev/null || umount -l "$1" || fail "could not unmount the dead mount $1"
  fi
}

mount_views() {
  clear_dead_mount "$ROOT/view1"
  clear_dead_mount "$ROOT/view2"
  mkdir -p "$ROOT/backing" "$ROOT/view1" "$ROOT/view2"
  for view in view1 view2; do
    mountpoint -q "$ROOT/$view" && continue
    bindfs -o attr_timeout=2,entry_timeout=2,negative_timeout=2 "$ROOT/backing" "$ROOT/$view" ||
      fail "bindfs could not mount $ROOT/$view"
  done
}

start_sshd() {
  mkdir -p "$SSHD_DIR" /run/sshd
  chmod 700 "$SSHD_DIR"
  if [ -f "$SSHD_DIR/sshd.pid" ] && kill -0 "$(cat "$SSHD_DIR/sshd.pid")" 2>/dev/null; then return; fi
  [ -f "$SSHD_DIR/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_key"
  [ -f "$SSHD_DIR/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/client_key"
  cp "$SSHD_DIR/client_key.pub" "$SSHD_DIR/authorized_keys"
  cat >"$SSHD_DIR/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $PORT
HostKey $SSHD_DIR/host_key
PidFile $SSHD_DIR/sshd.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONFIG
  /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" || fail "sshd did not start (port $PORT in use? set LINKLOCK_REALFS_SSH_PORT)"
  for _ in $(seq 50); do
    [ -f "$SSHD_DIR/sshd.pid" ] && return
    sleep 0.1
  done
  fail "sshd wrote no pid file"
}

mount_sshfs() {
  clear_dead_mount "$ROOT/ssh"
  mkdir -p "$ROOT/ssh"
  mountpoint -q "$ROOT/ssh" && return
  sshfs -p "$PORT" \
    -o IdentityFile="$SSHD_DIR/client_key",StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,LogLevel=ERROR \
    "root@127.0.0.1:$ROOT/backing" "$ROOT/ssh" || fail "sshfs could not mount $ROOT/ssh"
}

install_py_filelock() {
  local python=$ROOT/py/bin/python3
  if [ -x "$python" ] && "$python" -c 'import filelock' >/dev/null 2>&1; then return; fi
  python3 -m venv "$ROOT/py" || fail "python3 could not make a virtual environment in $ROOT/py"
  "$python" -m pip install --quiet --disable-pip-version-check filelock==4.0.8 ||
    fail "pip could not install filelock==4.0.8 into $ROOT/py"
}

install_missing
install_py_filelock
mount_views
start_sshd
mount_sshfs
echo "realfs setup: ready in $ROOT (backing, view1, view2 [bindfs, 2 s caches], ssh [sshfs, port $PORT], py [py-filelock 4.0.8])"
