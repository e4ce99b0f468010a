// What a shared-lock worker prints, one line per event: linklock's worker (worker.ts) and
// py-filelock's (packages/bench/py/soft_rw_worker.py) print the same lines, so one parser
// reads both. Times are nanoseconds of CLOCK_MONOTONIC, one clock for every process of the
// machine (process.hrtime.bigint() in Node, time.monotonic_ns() in Python).
//
//   held <mode> <pid> <requested> <acquired> <releasing> <released> <readers seen>
//   violation <pid> <what was seen>
//   timeout <mode> <pid> <requested> <gave up>
//   done <pid> <elapsed ms>

export type Mode = 'read' | 'write';

/** One acquisition, from asking for the lock to its release returning. */
export interface HeldSection {
  mode: Mode;
  pid: number;
  requestedNs: bigint;
  acquiredNs: bigint;
  releasingNs: bigint;
  releasedNs: bigint;
  /** Readers inside when it entered, itself included for a reader (marker files). */
  readersSeen: number;
}

export interface WorkerReport {
  sections: HeldSection[];
  violations: string[];
  timeouts: { mode: Mode; pid: number; waitedMs: number }[];
  done: boolean;
  /** Lines that are none of the above. */
  unknown: string[];
}

export function heldLine(section: HeldSection): string {
  const { mode, pid, requestedNs, acquiredNs, releasingNs, releasedNs, readersSeen } = section;
  return `held ${mode} ${pid} ${requestedNs} ${acquiredNs} ${releasingNs} ${releasedNs} ${readersSeen}\n`;
}

const HELD = /^held (read|write) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$/;
const VIOLATION = /^violation (\d+) (.*)$/;
const TIMEOUT = /^timeout (read|write) (\d+) (\d+) (\d+)$/;
const DONE = /^done (\d+) (\d+)$/;

/** Reads a worker's stdout. */
export function parseWorkerLines(text: string): WorkerReport {
  const report: WorkerReport = {
    sections: [],
    violations: [],
    timeouts: [],
    done: false,
    unknown: [],
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const held = HELD.exec(line);
    const violation = VIOLATION.exec(line);
    const timeout = TIMEOUT.exec(line);
    if (held !== null) report.sections.push(heldSection(held));
    else if (violation !== null) report.violations.push(`pid ${violation[1]}: ${violation[2]}`);
    else if (timeout !== null) {
      const waitedNs = BigInt(timeout[4] as string) - BigInt(timeout[3] as string);
      report.timeouts.push({
        mode: timeout[1] as Mode,
        pid: Number(timeout[2]),
        waitedMs: Number(waitedNs) / 1e6,
      });
    } else if (DONE.test(line)) report.done = true;
    else report.unknown.push(line);
  }
  return report;
}

function heldSection(match: RegExpExecArray): HeldSection {
  return {
    mode: match[1] as Mode,
    pid: Number(match[2]),
    requestedNs: BigInt(match[3] as string),
    acquiredNs: BigInt(match[4] as string),
    releasingNs: BigInt(match[5] as string),
    releasedNs: BigInt(match[6] as string),
    readersSeen: Number(match[7]),
  };
}
