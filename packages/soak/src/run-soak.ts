import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'linklock';
import { Chaos } from './chaos.js';
import { type CheckResult, MAX_VIOLATIONS } from './checks/check-result.js';
import { checkJournalOrder } from './checks/journal-order.js';
import {
  checkLeftoversAfterSweep,
  checkLeftoversBeforeSweep,
  classifyLeftovers,
} from './checks/leftovers.js';
import { checkTokenOrder } from './checks/token-order.js';
import type { ChildReport, ChildTask } from './child-protocol.js';
import { FencedJournal } from './fenced-journal.js';
import { listLockDirectory } from './lock-directory.js';
import type { SoakPlan } from './options.js';
import { type Mount, placementOf } from './placement.js';
import { progressLine } from './progress-line.js';
import { counted } from './report.js';
import { SeededRandom } from './seeded-random.js';
import { LOCK_NAME, SOAK_SETTINGS } from './settings.js';
import { describeExit, describeStops, SoakChild } from './soak-child.js';
import type { SoakOutcome } from './soak-outcome.js';
import { sweepLeftovers } from './sweep.js';
import type { Tenure } from './tenure.js';

/** How long the mounts' caches may hide the run's new directory. */
const DIRECTORY_VISIBLE_TIMEOUT_MS = 30_000;
/** Lines of the lock's log kept for the summary. */
const LOCK_LOG_KEPT = 20;

/**
 * One soak run: the children, the chaos, the journal, then the checks and the sweep. Each run
 * works in a directory of its own under the backing store, removed at the end unless a check
 * failed (then it keeps the evidence: the journal and the tenures as JSON).
 */
export class SoakRun {
  readonly #plan: SoakPlan;
  readonly #runName = `soak-${process.pid}-${Date.now()}`;
  readonly #backingDirectory: string;
  readonly #journal = new FencedJournal();
  readonly #tenures = new Map<string, Tenure>();
  readonly #slots: SoakChild[] = [];
  readonly #killedPids = new Set<number>();
  readonly #problems: string[] = [];
  readonly #lockLog: string[] = [];
  readonly #chaos: Chaos;
  readonly #counts = {
    acquisitions: 0,
    releases: 0,
    compromised: 0,
    lostWhileAcquiring: 0,
    breaks: 0,
    writesAcceptedAfterSuccessorEntered: 0,
    respawns: 0,
  };
  readonly #acquisitionsByMount: Record<Mount, number> = { backing: 0, view1: 0, view2: 0, ssh: 0 };
  #lockLogCount = 0;
  #incarnations = 0;
  #highestAcquiredToken = 0;
  #finishing = false;
  #lastKillAtMs = 0;
  readonly #started = performance.now();

  constructor(plan: SoakPlan) {
    this.#plan = plan;
    this.#backingDirectory = join(plan.root, 'backing', this.#runName);
    this.#chaos = new Chaos(
      new SeededRandom(plan.seed),
      () => this.#slots,
      (child) => this.#onKilled(child),
    );
  }

  /** Ctrl-C, a fatal error: every child killed, the run's directory removed. Synchronous. */
  abandon(): void {
    this.#chaos.stop();
    SoakChild.killAll();
    rmSync(this.#backingDirectory, {
      recursive: true,
      force: true,
      maxRetries: 5,
      retryDelay: 100,
    });
  }

  async run(report: (line: string) => void): Promise<SoakOutcome> {
    mkdirSync(this.#backingDirectory);
    await this.#awaitVisibleEverywhere();
    for (let slot = 0; slot < this.#plan.processes; slot += 1) this.#spawn(slot);
    const progress = setInterval(() => report(this.#progress()), SOAK_SETTINGS.progressIntervalMs);
    this.#chaos.start();
    await sleep(this.#plan.minutes * 60_000);
    this.#chaos.stop();
    clearInterval(progress);
    report(this.#progress());
    report('soak: chaos over; letting every process finish its tenure and exit');
    await this.#finish();
    const checks = [
      checkJournalOrder(this.#journal.entries),
      checkTokenOrder([...this.#tenures.values()]),
    ];
    const beforeSweep = this.#leftovers();
    checks.push(checkLeftoversBeforeSweep(beforeSweep));
    report(
      `soak: sweeping what killed processes left (${counted(beforeSweep.ofKilled.length, 'file')})`,
    );
    const sweep = await this.#sweep();
    const afterSweep = this.#leftovers();
    checks.push(checkLeftoversAfterSweep(afterSweep), this.#processCheck());
    const keptDirectory = this.#cleanUp(checks);
    return {
      seed: this.#plan.seed,
      minutes: this.#plan.minutes,
      processes: this.#plan.processes,
      root: this.#plan.root,
      wallSeconds: Math.round((performance.now() - this.#started) / 100) / 10,
      counts: {
        ...this.#counts,
        ...this.#chaos.counts,
        writesAccepted: this.#journal.accepted,
        writesRefused: this.#journal.refused,
      },
      acquisitionsByMount: this.#acquisitionsByMount,
      leftovers: { beforeSweep, afterSweep },
      sweep,
      checks,
      lockLog: this.#lockLog,
      lockLogCount: this.#lockLogCount,
      keptDirectory,
    };
  }

  /**
   * The views cache "no such name" for 2 s and sshfs longer: a directory just made in the
   * backing store is not there yet for their processes, whose lock() would fail with ENOENT.
   */
  async #awaitVisibleEverywhere(): Promise<void> {
    const mounts = ['view1', 'view2', 'ssh'].map((mount) =>
      join(this.#plan.root, mount, this.#runName),
    );
    const deadline = Date.now() + DIRECTORY_VISIBLE_TIMEOUT_MS;
    while (!mounts.every((path) => existsSync(path))) {
      if (Date.now() > deadline) {
        throw new Error(
          `the run's directory did not appear on every mount within ${DIRECTORY_VISIBLE_TIMEOUT_MS / 1_000} s: ${mounts.join(', ')}`,
        );
      }
      await sleep(100);
    }
  }

  #task(slot: number, role: ChildTask['role']): ChildTask {
    const mount = role === 'sacrifice' ? 'backing' : placementOf(slot).mount;
    this.#incarnations += 1;
    return {
      role,
      incarnation: this.#incarnations,
      lockfile: join(this.#plan.root, mount, this.#runName, LOCK_NAME),
      slot,
      seed: (this.#plan.seed + slot * 7_919) >>> 0,
      lifetimeMs: SOAK_SETTINGS.lifetimeMs,
      clockSlopMs: SOAK_SETTINGS.clockSlopMs,
      retry: SOAK_SETTINGS.retry,
    };
  }

  #spawn(slot: number): void {
    const child: SoakChild = new SoakChild(
      this.#task(slot, 'contender'),
      placementOf(slot).hostname,
      (report) => this.#onReport(child, report),
    );
    this.#slots[slot] = child;
    void child.exited.then(() => this.#onExit(child));
  }

  #onKilled(child: SoakChild): void {
    this.#killedPids.add(child.pid);
    this.#lastKillAtMs = Date.now();
    const tenure = child.holding === undefined ? undefined : this.#tenures.get(child.holding);
    if (tenure !== undefined) tenure.killed = true;
  }

  #onExit(child: SoakChild): void {
    if (!child.killed && !(this.#finishing && child.exit?.code === 0)) {
      this.#problems.push(
        `slot ${child.task.slot} (pid ${child.pid}, ${child.hostname ?? 'this host'}) ended with ${describeExit(child.exit)}${tail(child.stderr)}`,
      );
    }
    if (!this.#finishing && this.#slots[child.task.slot] === child) {
      this.#counts.respawns += 1;
      this.#spawn(child.task.slot);
    }
  }

  #onReport(child: SoakChild, report: ChildReport): void {
    switch (report.type) {
      case 'ready':
        if (this.#finishing) child.send({ type: 'finish' });
        return;
      case 'acquired':
        this.#onAcquired(child, report);
        return;
      case 'write':
        this.#onWrite(child, report);
        return;
      case 'released':
        this.#counts.releases += 1;
        if (child.holding === report.tenure) child.holding = undefined;
        this.#tenureOf(report.tenure, (tenure) => {
          tenure.releasedAtMs = report.atMs;
        });
        return;
      case 'compromised':
        this.#tenureOf(report.tenure, (tenure) => {
          if (!tenure.compromised) this.#counts.compromised += 1;
          tenure.compromised = true;
        });
        return;
      case 'lost-while-acquiring':
        this.#counts.lostWhileAcquiring += 1;
        return;
      case 'broke':
        this.#counts.breaks += 1;
        return;
      case 'problem':
        this.#problems.push(
          `slot ${child.task.slot} (pid ${child.pid}${report.tenure === undefined ? '' : `, tenure ${report.tenure}`}, ${describeStops(child)}): ${report.code}: ${report.message}`,
        );
        return;
      case 'log':
        this.#lockLogCount += 1;
        if (this.#lockLog.length < LOCK_LOG_KEPT) {
          this.#lockLog.push(
            `${report.level} slot ${child.task.slot} pid ${child.pid}: ${report.message}`,
          );
        }
        return;
    }
  }

  #onAcquired(child: SoakChild, report: Extract<ChildReport, { type: 'acquired' }>): void {
    // The sweep's sacrificed holders take the lock too, after the checks of the tenures: their
    // tokens count for the witnesses kept, their acquisitions not for the run's.
    if (child.task.role === 'contender') {
      this.#counts.acquisitions += 1;
      this.#acquisitionsByMount[placementOf(child.task.slot).mount] += 1;
    }
    child.holding = report.tenure;
    this.#highestAcquiredToken = Math.max(this.#highestAcquiredToken, report.token);
    this.#tenures.set(report.tenure, {
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

  #onWrite(child: SoakChild, report: Extract<ChildReport, { type: 'write' }>): void {
    const accepted = this.#journal.write({
      slot: child.task.slot,
      pid: child.pid,
      tenure: report.tenure,
      token: report.token,
    });
    if (accepted && report.token < this.#highestAcquiredToken) {
      this.#counts.writesAcceptedAfterSuccessorEntered += 1;
    }
    child.send({ type: 'written', sequence: report.sequence, accepted });
  }

  #tenureOf(id: string, update: (tenure: Tenure) => void): void {
    const tenure = this.#tenures.get(id);
    if (tenure !== undefined) update(tenure);
  }

  /** Chaos over: every child finishes its tenure (or stops waiting), releases, and exits by itself. */
  async #finish(): Promise<void> {
    this.#finishing = true;
    const children = [...SoakChild.live];
    for (const child of children) child.send({ type: 'finish' });
    const timeout = setTimeout(() => {
      for (const child of SoakChild.live) {
        this.#problems.push(
          `slot ${child.task.slot} (pid ${child.pid}) did not exit within ${SOAK_SETTINGS.finishTimeoutMs / 1_000} s of being told to finish${tail(child.stderr)}`,
        );
        child.kill();
      }
    }, SOAK_SETTINGS.finishTimeoutMs);
    await Promise.all(children.map((child) => child.exited));
    clearTimeout(timeout);
  }

  #leftovers() {
    const highestToken = Math.max(0, ...[...this.#tenures.values()].map((tenure) => tenure.token));
    return classifyLeftovers(
      LOCK_NAME,
      listLockDirectory(this.#backingDirectory, LOCK_NAME),
      this.#killedPids,
      highestToken,
    );
  }

  async #sweep() {
    if (this.#remaining() === 0) return { rounds: 0, killedHolders: 0, notes: [] };
    // The killed processes' records must be past expiry + slop on every host's judgement.
    const expired =
      this.#lastKillAtMs + SOAK_SETTINGS.lifetimeMs + SOAK_SETTINGS.clockSlopMs + 1_500;
    await sleep(Math.max(0, expired - Date.now()));
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: (message) => this.#lockLog.push(`warn sweep: ${message}`),
      error: (message) => this.#lockLog.push(`error sweep: ${message}`),
    };
    return sweepLeftovers({
      lockfile: join(this.#backingDirectory, LOCK_NAME),
      lifetimeMs: SOAK_SETTINGS.lifetimeMs,
      clockSlopMs: SOAK_SETTINGS.clockSlopMs,
      remaining: () => this.#remaining(),
      sacrifice: () => this.#sacrifice(),
      logger,
    });
  }

  /** Files the sweep should remove: those of killed processes, and any unexpected ones it may judge. */
  #remaining(): number {
    const classes = this.#leftovers();
    return classes.ofKilled.length + classes.unexpected.length;
  }

  /** A process of this host that takes the lock and is killed holding it. */
  async #sacrifice(): Promise<void> {
    const acquired = new Promise<void>((resolve) => {
      const child: SoakChild = new SoakChild(this.#task(-1, 'sacrifice'), undefined, (report) => {
        if (report.type !== 'acquired') return;
        this.#onAcquired(child, report);
        this.#killedPids.add(child.pid);
        child.kill();
        void child.exited.then(() => resolve());
      });
      void child.exited.then(() => {
        if (!child.killed)
          this.#problems.push(
            `the sweep's sacrificed holder ended with ${describeExit(child.exit)}${tail(child.stderr)}`,
          );
        resolve();
      });
    });
    await acquired;
  }

  #processCheck(): CheckResult {
    return {
      name: 'processes',
      checked: `${this.#counts.acquisitions} acquisitions, ${this.#counts.respawns} respawns`,
      violations:
        this.#problems.length <= MAX_VIOLATIONS
          ? this.#problems
          : [
              ...this.#problems.slice(0, MAX_VIOLATIONS),
              `… and ${this.#problems.length - MAX_VIOLATIONS} more`,
            ],
    };
  }

  #progress(): string {
    return progressLine({
      elapsedMs: performance.now() - this.#started,
      totalMs: this.#plan.minutes * 60_000,
      acquisitions: this.#counts.acquisitions,
      accepted: this.#journal.accepted,
      refused: this.#journal.refused,
      compromised: this.#counts.compromised,
      breaks: this.#counts.breaks,
      stoppedNow: this.#chaos.stoppedNow,
      ...this.#chaos.counts,
    });
  }

  /** Removes the run's directory, unless a check failed: then the evidence is written into it. */
  #cleanUp(checks: readonly CheckResult[]): string | undefined {
    if (checks.every((check) => check.violations.length === 0)) {
      rmSync(this.#backingDirectory, { recursive: true, force: true });
      return undefined;
    }
    const evidence = `${this.#backingDirectory}.evidence`;
    mkdirSync(evidence, { recursive: true });
    writeFileSync(join(evidence, 'journal.json'), JSON.stringify(this.#journal.entries, null, 1));
    writeFileSync(
      join(evidence, 'tenures.json'),
      JSON.stringify([...this.#tenures.values()], null, 1),
    );
    return this.#backingDirectory;
  }
}

function tail(stderr: string): string {
  const text = stderr.trim();
  return text === '' ? '' : `; stderr: ${text.slice(-500)}`;
}
