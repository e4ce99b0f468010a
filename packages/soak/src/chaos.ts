import type { SeededRandom } from './seeded-random.js';
import { SOAK_SETTINGS } from './settings.js';
import type { SoakChild } from './soak-child.js';

export interface ChaosCounts {
  kills: number;
  /** Of the kills, those of a process holding the lock. */
  holderKills: number;
  stops: number;
  /** Of the stops, those of a process holding the lock. */
  holderStops: number;
  /** Stops left out because enough processes were stopped already. */
  skipped: number;
}

/**
 * The chaos of the soak: at seeded random times, SIGKILL a child (the runner respawns its slot
 * as a new process) or SIGSTOP it and SIGCONT it after a seeded pause. Most of the events (SOAK_SETTINGS.holderShare) aim
 * at the current holder when there is one (the parent knows it from the children's reports),
 * the rest at any child, waiters included. Every event draws the same numbers whatever it
 * finds, so one seed gives one sequence of decisions (which process they hit depends on who
 * holds the lock at that moment, which no seed fixes).
 */
export class Chaos {
  readonly counts: ChaosCounts = { kills: 0, holderKills: 0, stops: 0, holderStops: 0, skipped: 0 };
  readonly #random: SeededRandom;
  readonly #children: () => readonly SoakChild[];
  readonly #onKill: (child: SoakChild) => void;
  readonly #resumes = new Map<SoakChild, NodeJS.Timeout>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    random: SeededRandom,
    children: () => readonly SoakChild[],
    onKill: (child: SoakChild) => void,
  ) {
    this.#random = random;
    this.#children = children;
    this.#onKill = onKill;
  }

  start(): void {
    this.#timer = setTimeout(() => {
      this.#event();
      this.start();
    }, this.#random.exponential(SOAK_SETTINGS.chaosMeanIntervalMs));
  }

  /** No more events; every stopped child is continued now. */
  stop(): void {
    clearTimeout(this.#timer);
    for (const [child, timer] of this.#resumes) {
      clearTimeout(timer);
      child.resume();
    }
    this.#resumes.clear();
  }

  /** How many children are stopped right now. */
  get stoppedNow(): number {
    return this.#resumes.size;
  }

  #event(): void {
    const random = this.#random;
    const kill = random.chance(SOAK_SETTINGS.killShare);
    const atHolder = random.chance(SOAK_SETTINGS.holderShare);
    const pick = random.next();
    const pauseMs = random.integer(SOAK_SETTINGS.stopMs.min, SOAK_SETTINGS.stopMs.max);
    const alive = this.#children().filter((child) => child.running);
    // A kill may hit a stopped process (a crash while paused); a stop only a running one.
    const pool = kill ? alive : alive.filter((child) => !child.stopped);
    const holders = pool.filter((child) => child.holding !== undefined);
    const targets = atHolder && holders.length > 0 ? holders : pool;
    const target = targets[Math.floor(pick * targets.length)];
    if (target === undefined) return;
    if (kill) this.#kill(target);
    else if (this.#resumes.size >= SOAK_SETTINGS.maxStopped) this.counts.skipped += 1;
    else this.#stop(target, pauseMs);
  }

  #kill(child: SoakChild): void {
    this.counts.kills += 1;
    if (child.holding !== undefined) this.counts.holderKills += 1;
    clearTimeout(this.#resumes.get(child));
    this.#resumes.delete(child);
    child.kill();
    this.#onKill(child);
  }

  #stop(child: SoakChild, pauseMs: number): void {
    this.counts.stops += 1;
    if (child.holding !== undefined) this.counts.holderStops += 1;
    child.stop();
    this.#resumes.set(
      child,
      setTimeout(() => {
        this.#resumes.delete(child);
        child.resume();
      }, pauseMs),
    );
  }
}
