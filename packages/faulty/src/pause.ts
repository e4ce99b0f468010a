import type { CallContext, Op, PathPattern, Phase } from './ops.js';
import { OPS, pathMatches } from './ops.js';

export interface PauseSpec<O extends string = Op> {
  op: O;
  path?: PathPattern;
  /** `before` (default): the call waits before taking effect; `after`: after, before it returns. */
  phase?: Phase;
  /** Pause the n-th matching call (default: the first). */
  nth?: number;
}

/** A paused call: `reached` resolves when it arrives at the gate; `release()` lets it go on. */
export interface PauseHandle<O extends string = Op> {
  readonly reached: Promise<CallContext<O>>;
  release(): void;
}

/** One gate set by `pause()`; `ops` are the operation names a gate may name. */
export class Gate<O extends string = Op> implements PauseHandle<O> {
  readonly reached: Promise<CallContext<O>>;
  readonly #spec: PauseSpec<O>;
  readonly #released: Promise<void>;
  #arrive!: (call: CallContext<O>) => void;
  #release!: () => void;
  #matched = 0;
  #used = false;

  constructor(spec: PauseSpec<O>, ops: readonly O[] = OPS as readonly string[] as O[]) {
    if (!ops.includes(spec.op)) {
      throw new TypeError(
        `FaultyFs pause: unknown op '${String(spec.op)}'; expected one of ${ops.join(', ')}`,
      );
    }
    if (spec.nth !== undefined && !(Number.isInteger(spec.nth) && spec.nth >= 1)) {
      throw new RangeError(`FaultyFs pause: \`nth\` must be an integer >= 1, got ${spec.nth}`);
    }
    if (spec.phase !== undefined && spec.phase !== 'before' && spec.phase !== 'after') {
      throw new TypeError("FaultyFs pause: `phase` must be 'before' or 'after'");
    }
    this.#spec = spec;
    this.reached = new Promise((resolve) => {
      this.#arrive = resolve;
    });
    this.#released = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  release(): void {
    this.#release();
  }

  /** Holds the call if it is the one this gate waits for; resolves when released. */
  async hold(call: CallContext<O>, phase: Phase): Promise<void> {
    if (this.#used || (this.#spec.phase ?? 'before') !== phase) return;
    if (this.#spec.op !== call.op || !pathMatches(this.#spec.path, call.path)) return;
    this.#matched += 1;
    if (this.#matched !== (this.#spec.nth ?? 1)) return;
    this.#used = true;
    this.#arrive(call);
    await this.#released;
  }
}
