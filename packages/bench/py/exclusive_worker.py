"""A process of the fairness benchmark that takes one of py-filelock 4's exclusive locks.

The twin of linklock's fairness worker (packages/bench/src/fairness/worker.ts): the same
arguments and the same output lines (packages/bench/src/rw/worker-lines.ts), so that both run
one workload.

    python3 exclusive_worker.py <strict|lease> <lockfile> <seconds> --counter FILE [--start-at NS]

strict: StrictSoftFileLock (hard-link claims, a claim directory scanned before each attempt);
lease: SoftFileLease (an expiring marker). Both with py-filelock's defaults (poll 0.05 s;
lease 30 s): this is how a user would call them. From the moment the monotonic clock reads
--start-at, the process asks for the lock again as soon as it has released it, until <seconds>
have passed; inside, it increments the counter file. Exit code 0 after the run, 1 on an error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from filelock import SoftFileLease, StrictSoftFileLock


def parse_task() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["strict", "lease"])
    parser.add_argument("lockfile")
    parser.add_argument("seconds", type=float)
    parser.add_argument("--counter", required=True)
    parser.add_argument("--start-at", type=int, default=0)
    return parser.parse_args()


def increment(counter: str) -> None:
    with open(counter) as file:
        count = int(file.read())
    with open(counter, "w") as file:
        file.write(str(count + 1))


def main() -> None:
    task = parse_task()
    lock = StrictSoftFileLock(task.lockfile) if task.kind == "strict" else SoftFileLease(task.lockfile)
    until_start = (task.start_at - time.monotonic_ns()) / 1e9
    if until_start > 0:
        time.sleep(until_start)
    start = time.monotonic_ns()
    end = start + int(task.seconds * 1e9)
    pid = os.getpid()
    lines = []
    while time.monotonic_ns() < end:
        requested = time.monotonic_ns()
        lock.acquire()
        acquired = time.monotonic_ns()
        increment(task.counter)
        releasing = time.monotonic_ns()
        lock.release()
        released = time.monotonic_ns()
        lines.append(f"held write {pid} {requested} {acquired} {releasing} {released} 0\n")
    sys.stdout.write("".join(lines))
    sys.stdout.write(f"done {pid} {(time.monotonic_ns() - start) // 1_000_000}\n")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - a worker reports any failure on stderr and exits 1
        sys.stderr.write(f"worker {os.getpid()} failed: {error!r}\n")
        sys.exit(1)
