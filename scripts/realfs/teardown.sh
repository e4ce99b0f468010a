#!/usr/bin/env bash
# Undoes setup.sh: unmounts the views and the sshfs mount, stops sshd, removes ROOT. Safe to
# run when setup did not (or only partly) run.
#
#   scripts/realfs/teardown.sh [ROOT]   (default: $LINKLOCK_REALFS or /tmp/linklock-realfs)
set -uo pipefail

ROOT=${1:-${LINKLOCK_REALFS:-/tmp/linklock-realfs}}
[ -d "$ROOT" ] || exit 0

# Read from the mount table, not with `mountpoint`: a FUSE mount whose process died cannot be
# stat'ed, and must be unmounted all the same.
for mount in ssh view1 view2; do
  if awk -v dir="$ROOT/$mount" '$5 == dir { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    fusermount -u "$ROOT/$mount" 2>/dev/null || umount "$ROOT/$mount" 2>/dev/null || umount -l "$ROOT/$mount"
  fi
done
if [ -f "$ROOT/sshd/sshd.pid" ]; then
  kill "$(cat "$ROOT/sshd/sshd.pid")" 2>/dev/null || true
fi
# Only once nothing is mounted below it: never delete through a mount into the backing store.
if ! grep -q " $ROOT/" /proc/self/mountinfo; then
  rm -rf "$ROOT"
else
  echo "realfs teardown: something is still mounted under $ROOT; left it in place" >&2
  exit 1
fi
echo "realfs teardown: done"
