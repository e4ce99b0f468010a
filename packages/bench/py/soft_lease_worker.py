"""A holder or a waiter of py-filelock 4's SoftFileLease, for the crash-recovery benchmark.

The peer of linklock's expiry (packages/bench/src/workloads/crash-views.ts): a holder takes
the lease and holds it until it is killed; a waiter waits for it and says when it holds it.

    python3 soft_lease_worker.py <hold|wait> <lockfile> <lease-seconds> [--hostname NAME]

--hostname plays a holder on another host: py-filelock breaks a lease at once when its
holder's pid is dead on this host, so the holder writes another host's name into its marker.
Lines on stdout: `held`, `waiting`, `acquired`.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time


def parse_task() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["hold", "wait"])
    parser.add_argument("lockfile")
    parser.add_argument("lease", type=float)
    parser.add_argument("--hostname")
    return parser.parse_args()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    task = parse_task()
    if task.hostname is not None:
        name = task.hostname
        socket.gethostname = lambda: name  # read when the marker is written
    from filelock import SoftFileLease

    lease = SoftFileLease(task.lockfile, lease_duration=task.lease)
    if task.role == "hold":
        lease.acquire()
        say("held")
        while True:
            time.sleep(3600)
    say("waiting")
    lease.acquire()
    say("acquired")
    lease.release()


if __name__ == "__main__":
    main()
