/**
 * The planned crashes of holders (`WorldOptions.crashes` with `holding`): each kills its process
 * at the process's first entry into the critical section at or after the planned time. What
 * decides the moment is the process entering, so the workload reports its entries
 * (`runProcess`'s `entered`) and the crash strikes right there, before the process goes on: a
 * holder dies with its lock.
 */
export class HolderCrashes {
  readonly #plans = new Map<number, { atMs: number; done: boolean }[]>();
  readonly #now: () => number;
  readonly #crash: (pid: number) => void;

  constructor(now: () => number, crash: (pid: number) => void) {
    this.#now = now;
    this.#crash = crash;
  }

  /** Plans to kill `pid` at its first entry from `atMs` on. */
  plan(pid: number, atMs: number): void {
    this.#plans.set(pid, [...(this.#plans.get(pid) ?? []), { atMs, done: false }]);
  }

  /** `pid` just entered its critical section: the plans that are due strike, once each. */
  entered(pid: number): void {
    for (const plan of this.#plans.get(pid) ?? []) {
      if (plan.done || this.#now() < plan.atMs) continue;
      plan.done = true;
      this.#crash(pid);
    }
  }
}
