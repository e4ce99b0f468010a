import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'linklock';
import { Chaos } from './chaos.js';
import type { CheckResult } from './checks/check-result.js';
import { checkJournalOrder } from './checks/journal-order.js';
import {
  checkLeftoversAfterSweep,
  checkLeftoversBeforeSweep,
  classifyLeftovers,
} from './checks/leftovers.js';
import { checkTokenOrder } from './checks/token-order.js';
import type { ChildTask } from './child-protocol.js';
import { listLockDirectory } from './lock-directory.js';
import type { SoakPlan } from './options.js';
import { placementOf } from './placement.js';
import { progressLine } from './progress-line.js';
import { counted } from './report.js';
import { RunLedger } from './run-ledger.js';
import { SeededRandom } from './seeded-random.js';
import { LOCK_NAME, SOAK_SETTINGS } from './settings.js';
import { describeExit, SoakChild } from './soak-child.js';
import type { SoakOutcome } from './soak-outcome.js';
import { sweepLeftovers } from './sweep.js';

/** How long the mounts' caches may hide the run's new directory. */
const DIRECTORY_VISIBLE_TIMEOUT_MS = 30_000;

/**
 * One soak run: the children, the chaos, the journal, then the checks and the sweep. Each run
 * works in a directory of its own under the backing store, removed at the end unless a check
 * failed (then it keeps the evidence: the journal and the tenures as JSON).
 */
export class SoakRun {
  readonly #plan: SoakPlan;
  readonly #runName = `soak-${process.pid}-${Date.now()}`;
  readonly #backingDirectory: string;
  readonly #ledger = new RunLedger();
  readonly #slots: SoakChild[] = [];
  readonly #killedPids = new Set<number>();
  readonly #chaos: Chaos;
  #incarnations = 0;
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
    const ledger = this.#ledger;
    const checks = [
      checkJournalOrder(ledger.journal.entries),
      checkTokenOrder([...ledger.tenures.values()]),
    ];
    const beforeSweep = this.#leftovers();
    checks.push(checkLeftoversBeforeSweep(beforeSweep));
    report(
      `soak: sweeping what killed processes left (${counted(beforeSweep.ofKilled.length, 'file')})`,
    );
    const sweep = await this.#sweep();
    const afterSweep = this.#leftovers();
    checks.push(checkLeftoversAfterSweep(afterSweep), ledger.processCheck());
    const keptDirectory = this.#cleanUp(checks);
    return {
      seed: this.#plan.seed,
      minutes: this.#plan.minutes,
      processes: this.#plan.processes,
      root: this.#plan.root,
      wallSeconds: Math.round((performance.now() - this.#started) / 100) / 10,
      counts: {
        ...ledger.counts,
        ...this.#chaos.counts,
        writesAccepted: ledger.journal.accepted,
        writesRefused: ledger.journal.refused,
      },
      acquisitionsByMount: ledger.acquisitionsByMount,
      leftovers: { beforeSweep, afterSweep },
      sweep,
      checks,
      lockLog: ledger.lockLog,
      lockLogCount: ledger.lockLogCount,
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
      (report) => this.#ledger.onReport(child, report, this.#finishing),
    );
    this.#slots[slot] = child;
    void child.exited.then(() => this.#onExit(child));
  }

  #onKilled(child: SoakChild): void {
    this.#killedPids.add(child.pid);
    this.#lastKillAtMs = Date.now();
    this.#ledger.onKilled(child);
  }

  #onExit(child: SoakChild): void {
    if (!child.killed && !(this.#finishing && child.exit?.code === 0)) {
      this.#ledger.problems.push(
        `slot ${child.task.slot} (pid ${child.pid}, ${child.hostname ?? 'this host'}) ended with ${describeExit(child.exit)}${tail(child.stderr)}`,
      );
    }
    if (!this.#finishing && this.#slots[child.task.slot] === child) {
      this.#ledger.counts.respawns += 1;
      this.#spawn(child.task.slot);
    }
  }

  /** Chaos over: every child finishes its tenure (or stops waiting), releases, and exits by itself. */
  async #finish(): Promise<void> {
    this.#finishing = true;
    const children = [...SoakChild.live];
    for (const child of children) child.send({ type: 'finish' });
    const timeout = setTimeout(() => {
      for (const child of SoakChild.live) {
        this.#ledger.problems.push(
          `slot ${child.task.slot} (pid ${child.pid}) did not exit within ${SOAK_SETTINGS.finishTimeoutMs / 1_000} s of being told to finish${tail(child.stderr)}`,
        );
        child.kill();
      }
    }, SOAK_SETTINGS.finishTimeoutMs);
    await Promise.all(children.map((child) => child.exited));
    clearTimeout(timeout);
  }

  #leftovers() {
    return classifyLeftovers(
      LOCK_NAME,
      listLockDirectory(this.#backingDirectory, LOCK_NAME),
      this.#killedPids,
      this.#ledger.highestToken(),
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
      warn: (message) => this.#ledger.lockLog.push(`warn sweep: ${message}`),
      error: (message) => this.#ledger.lockLog.push(`error sweep: ${message}`),
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
        this.#ledger.onAcquired(child, report);
        this.#killedPids.add(child.pid);
        child.kill();
        void child.exited.then(() => resolve());
      });
      void child.exited.then(() => {
        if (!child.killed)
          this.#ledger.problems.push(
            `the sweep's sacrificed holder ended with ${describeExit(child.exit)}${tail(child.stderr)}`,
          );
        resolve();
      });
    });
    await acquired;
  }

  #progress(): string {
    return progressLine({
      elapsedMs: performance.now() - this.#started,
      totalMs: this.#plan.minutes * 60_000,
      acquisitions: this.#ledger.counts.acquisitions,
      accepted: this.#ledger.journal.accepted,
      refused: this.#ledger.journal.refused,
      compromised: this.#ledger.counts.compromised,
      breaks: this.#ledger.counts.breaks,
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
    writeFileSync(
      join(evidence, 'journal.json'),
      JSON.stringify(this.#ledger.journal.entries, null, 1),
    );
    writeFileSync(
      join(evidence, 'tenures.json'),
      JSON.stringify([...this.#ledger.tenures.values()], null, 1),
    );
    return this.#backingDirectory;
  }
}

function tail(stderr: string): string {
  const text = stderr.trim();
  return text === '' ? '' : `; stderr: ${text.slice(-500)}`;
}
