"""A process that takes py-filelock 4's SoftReadWriteLock over and over.

The twin of linklock's shared-lock worker (packages/bench/src/rw/worker.ts): the same
arguments, the same checks inside the lock (packages/bench/src/rw/inside-check.ts) and the
same output lines (packages/bench/src/rw/worker-lines.ts), so that both run one workload.

    python3 soft_rw_worker.py <lockfile> <read|write> <iterations>
        [--inside DIR --counter FILE] [--hold-ms MS] [--timeout-ms MS] [--detect] [--start-at NS]

The lock has py-filelock's defaults (heartbeat 30 s, stale after 90 s, poll every 0.25 s):
this is how a user would call it. --detect is accepted and ignored (py-filelock has no such
option). Exit code 0 when every acquisition was made, 3 after a timeout, 1 on an error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from filelock import SoftReadWriteLock, Timeout


def parse_task() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("lockfile")
    parser.add_argument("mode", choices=["read", "write"])
    parser.add_argument("iterations", type=int)
    parser.add_argument("--inside")
    parser.add_argument("--counter")
    parser.add_argument("--hold-ms", type=float, default=0)
    parser.add_argument("--timeout-ms", type=float, default=600_000)
    parser.add_argument("--detect", action="store_true")
    parser.add_argument("--start-at", type=int, default=0)
    return parser.parse_args()


class InsideCheck:
    """Marker files and a counter, checked as inside-check.ts does."""

    def __init__(self, directory: str, counter: str, mode: str) -> None:
        self.directory = directory
        self.counter = counter
        self.mode = mode
        self.name = f"{mode}-{os.getpid()}"
        self.marker = os.path.join(directory, self.name)

    def enter(self) -> tuple[int, list[str], int]:
        os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        counter = self.read_counter()
        if self.mode == "write":
            with open(self.counter, "w") as file:
                file.write(f"{counter + 1}\n")
        readers, problems = self.look("entering")
        return readers, problems, counter

    def leave(self, counter_at_entry: int) -> list[str]:
        _, problems = self.look("leaving")
        if self.mode == "read":
            counter = self.read_counter()
            if counter != counter_at_entry:
                problems.append(f"the counter went from {counter_at_entry} to {counter} while reading")
        os.unlink(self.marker)
        return problems

    def look(self, when: str) -> tuple[int, list[str]]:
        others = [name for name in os.listdir(self.directory) if name != self.name]
        intruders = others if self.mode == "write" else [n for n in others if n.startswith("write-")]
        readers = sum(1 for name in others if name.startswith("read-"))
        role = "reader" if self.mode == "read" else "writer"
        problems = [f"{when} as {role}, found {name} inside" for name in intruders]
        return (readers + 1 if self.mode == "read" else readers), problems

    def read_counter(self) -> int:
        with open(self.counter) as file:
            text = file.read().strip()
        if not text.lstrip("-").isdigit():
            raise RuntimeError(f"counter file holds {text!r}, not an integer")
        return int(text)


def critical(task: argparse.Namespace, inside: InsideCheck | None) -> int:
    readers, problems, counter = inside.enter() if inside else (0, [], 0)
    if task.hold_ms > 0:
        time.sleep(task.hold_ms / 1000)
    if inside:
        problems += inside.leave(counter)
    for problem in problems:
        print(f"violation {os.getpid()} {problem}", flush=True)
    return readers


def main() -> int:
    task = parse_task()
    started = time.monotonic()
    lock = SoftReadWriteLock(task.lockfile)
    acquire = lock.acquire_read if task.mode == "read" else lock.acquire_write
    inside = InsideCheck(task.inside, task.counter, task.mode) if task.inside and task.counter else None
    pid = os.getpid()
    until_start = (task.start_at - time.monotonic_ns()) / 1e9
    if until_start > 0:
        time.sleep(until_start)
    for _ in range(task.iterations):
        requested = time.monotonic_ns()
        try:
            acquire(timeout=task.timeout_ms / 1000)
        except Timeout:
            print(f"timeout {task.mode} {pid} {requested} {time.monotonic_ns()}", flush=True)
            return 3
        acquired = time.monotonic_ns()
        readers = critical(task, inside)
        releasing = time.monotonic_ns()
        lock.release()
        released = time.monotonic_ns()
        print(f"held {task.mode} {pid} {requested} {acquired} {releasing} {released} {readers}", flush=True)
    lock.close()
    print(f"done {pid} {round((time.monotonic() - started) * 1000)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
