import { type CheckResult, MAX_VIOLATIONS } from './checks/check-result.js';
import type { ChildReport } from './child-protocol.js';
import { FencedJournal } from './fenced-journal.js';
import { type Mount, placementOf } from './placement.js';
import { describeStops, type SoakChild } from './soak-child.js';
import type { Tenure } from './tenure.js';

/** Lines of the lock's log kept for the summary. */
const LOCK_LOG_KEPT = 20;

/**
 * What a soak run's children did, as they reported it: the tenures, the journal their writes
 * went to (the fenced resource, kept here), the counts, the problems and the lock's log lines.
 * The checks at the end read it.
 */
export class RunLedger {
  readonly journal = new FencedJournal();
  readonly tenures = new Map<string, Tenure>();
  readonly problems: string[] = [];
  readonly lockLog: string[] = [];
  readonly counts = {
    acquisitions: 0,
    releases: 0,
    compromised: 0,
    lostWhileAcquiring: 0,
    breaks: 0,
    writesAcceptedAfterSuccessorEntered: 0,
    respawns: 0,
  };
  readonly acquisitionsByMount: Record<Mount, number> = { backing: 0, view1: 0, view2: 0, ssh: 0 };
  lockLogCount = 0;
  #highestAcquiredToken = 0;

  /** Records one report; `finishing`: the chaos is over, so a child just started is told to finish. */
  onReport(child: SoakChild, report: ChildReport, finishing: boolean): void {
    switch (report.type) {
      case 'ready':
        if (finishing) child.send({ type: 'finish' });
        return;
      case 'acquired':
        this.onAcquired(child, report);
        return;
      case 'write':
        this.#onWrite(child, report);
        return;
      case 'released':
        this.counts.releases += 1;
        if (child.holding === report.tenure) child.holding = undefined;
        this.#tenureOf(report.tenure, (tenure) => {
          tenure.releasedAtMs = report.atMs;
        });
        return;
      case 'compromised':
        this.#tenureOf(report.tenure, (tenure) => {
          if (!tenure.compromised) this.counts.compromised += 1;
          tenure.compromised = true;
        });
        return;
      case 'lost-while-acquiring':
        this.counts.lostWhileAcquiring += 1;
        return;
      case 'broke':
        this.counts.breaks += 1;
        return;
      case 'problem':
        this.problems.push(
          `slot ${child.task.slot} (pid ${child.pid}${report.tenure === undefined ? '' : `, tenure ${report.tenure}`}, ${describeStops(child)}): ${report.code}: ${report.message}`,
        );
        return;
      case 'log':
        this.lockLogCount += 1;
        if (this.lockLog.length < LOCK_LOG_KEPT) {
          this.lockLog.push(
            `${report.level} slot ${child.task.slot} pid ${child.pid}: ${report.message}`,
          );
        }
        return;
    }
  }

  onAcquired(child: SoakChild, report: Extract<ChildReport, { type: 'acquired' }>): void {
    // The sweep's sacrificed holders take the lock too, after the checks of the tenures: their
    // tokens count for the witnesses kept, their acquisitions not for the run's.
    if (child.task.role === 'contender') {
      this.counts.acquisitions += 1;
      this.acquisitionsByMount[placementOf(child.task.slot).mount] += 1;
    }
    child.holding = report.tenure;
    this.#highestAcquiredToken = Math.max(this.#highestAcquiredToken, report.token);
    this.tenures.set(report.tenure, {
      id: report.tenure,
      slot: child.task.slot,
      pid: child.pid,
      token: report.token,
      lockCalledAtMs: report.lockCalledAtMs,
      acquiredAtMs: report.atMs,
      compromised: false,
      killed: false,
    });
  }

  /** A child was SIGKILLed: the tenure it held, if any, ended by a kill. */
  onKilled(child: SoakChild): void {
    if (child.holding !== undefined)
      this.#tenureOf(child.holding, (tenure) => {
        tenure.killed = true;
      });
  }

  /** The highest fencing token any tenure got (0 before the first). */
  highestToken(): number {
    return Math.max(0, ...[...this.tenures.values()].map((tenure) => tenure.token));
  }

  /** The processes check: no child error but ECOMPROMISED, every child exited by itself. */
  processCheck(): CheckResult {
    return {
      name: 'processes',
      checked: `${this.counts.acquisitions} acquisitions, ${this.counts.respawns} respawns`,
      violations:
        this.problems.length <= MAX_VIOLATIONS
          ? this.problems
          : [
              ...this.problems.slice(0, MAX_VIOLATIONS),
              `… and ${this.problems.length - MAX_VIOLATIONS} more`,
            ],
    };
  }

  #onWrite(child: SoakChild, report: Extract<ChildReport, { type: 'write' }>): void {
    const accepted = this.journal.write({
      slot: child.task.slot,
      pid: child.pid,
      tenure: report.tenure,
      token: report.token,
    });
    if (accepted && report.token < this.#highestAcquiredToken) {
      this.counts.writesAcceptedAfterSuccessorEntered += 1;
    }
    child.send({ type: 'written', sequence: report.sequence, accepted });
  }

  #tenureOf(id: string, update: (tenure: Tenure) => void): void {
    const tenure = this.tenures.get(id);
    if (tenure !== undefined) update(tenure);
  }
}
