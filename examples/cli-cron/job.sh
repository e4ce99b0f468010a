#!/bin/sh
# job.sh: runs a cron job's work under a linklock lock, so that two runs never overlap, on this
# host or on any host that shares the lock's directory (NFS included).
#
#   job.sh <lockfile> <command> [args...]
#
# When the previous run still holds the lock, this run is skipped: exit 0, and the one line
# linklock writes on stderr, naming the holder. Otherwise the command's exit code is passed
# through, so that whatever watches the job sees its failures.
#
# Environment:
#   LINKLOCK        how to run linklock (default: `linklock` on PATH). Split into words, so it
#                   may be "node /opt/linklock/packages/cli/dist/bin.js".
#   JOB_TIMEOUT_MS  wait this long for the previous run before skipping (default: skip at once)
set -u

if [ "$#" -lt 2 ]; then
  echo 'usage: job.sh <lockfile> <command> [args...]' >&2
  exit 2
fi
lockfile=$1
shift

if [ -n "${JOB_TIMEOUT_MS:-}" ]; then
  wait_for="--timeout=$JOB_TIMEOUT_MS"
else
  wait_for=--nonblock
fi

# linklock exits 75 (EX_TEMPFAIL) when it did not get the lock, and passes the command's exit
# code through, so a command that exits 75 itself would look like a skip. The command removes
# this file as it starts, which tells the two apart.
not_started=$(mktemp) || exit 1
trap 'rm -f "$not_started"' EXIT

status=0
# shellcheck disable=SC2086 # $LINKLOCK is split into words on purpose
${LINKLOCK:-linklock} run "$lockfile" "$wait_for" -- \
  sh -c 'rm -f "$0" && exec "$@"' "$not_started" "$@" || status=$?

if [ "$status" -eq 75 ] && [ -e "$not_started" ]; then
  exit 0 # the previous run still holds the lock: not a failure of this one
fi
exit "$status"
