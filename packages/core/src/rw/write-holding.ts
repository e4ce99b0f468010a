import type { Claim } from '../protocol/claim.js';
import { type LockContext, withNames } from '../protocol/context.js';
import { Holding } from '../protocol/holding.js';
import type { HeldLease } from '../protocol/lease-keeper.js';
import type { LockNames } from '../protocol/lock-names.js';

/**
 * A writer's hold on a shared lock: the gate and every reader slot, all names of one claim,
 * so one refresh of the claim renews them all. The gate is checked at each refresh: a slot of
 * ours can only be broken by another writer, and it would have to break our gate first.
 */
export class WriteHolding implements HeldLease {
  readonly #context: LockContext;
  readonly #gate: Holding;
  readonly #slots: readonly LockNames[];

  constructor(context: LockContext, gate: Holding, slots: readonly LockNames[]) {
    this.#context = context;
    this.#gate = gate;
    this.#slots = slots;
  }

  get claim(): Claim {
    return this.#gate.claim;
  }

  get token(): number | undefined {
    return this.#gate.token;
  }

  get lifetime(): number {
    return this.#gate.lifetime;
  }

  set lifetime(lifetime: number) {
    this.#gate.lifetime = lifetime;
  }

  leaseAgeMs(): number {
    return this.#gate.leaseAgeMs();
  }

  refresh(): Promise<void> {
    return this.#gate.refresh();
  }

  /**
   * The slots first, then the gate: a reader that takes the gate after us finds them free.
   * Resolves whether everything was still ours.
   */
  async release(): Promise<boolean> {
    let ours = true;
    try {
      for (const slot of this.#slotHoldings()) ours = (await slot.removeLockFile()) && ours;
    } finally {
      ours = (await this.#gate.release()) && ours;
    }
    return ours;
  }

  async discard(): Promise<void> {
    try {
      for (const slot of this.#slotHoldings()) await slot.discard();
    } finally {
      await this.#gate.discard();
    }
  }

  #slotHoldings(): Holding[] {
    return this.#slots.map((names) => {
      const slot = new Holding(withNames(this.#context, names), this.#gate.claim);
      slot.lifetime = this.#gate.lifetime;
      return slot;
    });
  }
}
