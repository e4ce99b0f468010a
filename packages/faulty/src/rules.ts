import {
  type CallContext,
  OPS,
  type Op,
  type PathPattern,
  type Phase,
  pathMatches,
} from './ops.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * A fault: which calls it concerns, what it does to them, and when it fires.
 *
 * What it does — one of:
 * - `errno`: fail with that code. `phase: 'before'` (the default) fails without doing the
 *   operation; `phase: 'after'` does it, then fails: the lost reply of a network filesystem,
 *   which no other injector can produce;
 * - `translate: { from, to }`: when the operation fails with `from`, report `to` instead
 *   (sshfs reports EEXIST from `link` as EPERM).
 *
 * When it fires, among the calls that match `op`, `path` and `when` (every rule counts the
 * calls it concerns, even those another rule decided; of the rules that would fire on a call,
 * the first one in order decides it):
 * - `nth: n`: from the n-th matching call on (once, unless `times` says more);
 * - `times: k`: at most k times in all;
 * - `probability: p`: each eligible call with probability p, drawn from the seed;
 * - none of these: every matching call.
 */
export interface FaultRule<O extends string = Op> {
  /** Shown in history and in the injected error's message. */
  name?: string;
  op: O | O[] | '*';
  /** A string matches the path exactly, a RegExp is tested. For link: the new name; for rename: the old. */
  path?: PathPattern;
  errno?: string;
  translate?: { from: string; to: string };
  phase?: Phase;
  probability?: number;
  nth?: number;
  times?: number;
  when?: (call: CallContext<O>) => boolean;
}

/**
 * A rule with its counters: how many calls matched it, how often it fired. `ops` are the
 * operation names the rule may name (`OPS` for a `FaultyFs`).
 */
export class ArmedRule<O extends string = Op, R extends FaultRule<O> = FaultRule<O>> {
  readonly rule: R;
  readonly label: string;
  readonly phase: Phase;
  #matched = 0;
  #fired = 0;

  constructor(rule: R, index: number, ops: readonly O[] = OPS as readonly string[] as O[]) {
    checkRule(rule, index, ops);
    this.rule = rule;
    this.label = rule.name ?? `rule #${index + 1}`;
    this.phase = rule.phase ?? 'before';
  }

  get fired(): number {
    return this.#fired;
  }

  /** Whether the rule concerns this call (op, path, `when`), before any trigger is counted. */
  concerns(call: CallContext<O>): boolean {
    const { op } = this.rule;
    const opMatches = op === '*' || op === call.op || (Array.isArray(op) && op.includes(call.op));
    return opMatches && pathMatches(this.rule.path, call.path) && (this.rule.when?.(call) ?? true);
  }

  /** Counts a call the rule concerns: every concerned rule counts it, whichever fires. */
  count(): void {
    this.#matched += 1;
  }

  /** Decides whether the rule fires on the call it last counted. */
  fires(random: SeededRandom): boolean {
    const { nth, times, probability } = this.rule;
    if (nth !== undefined && this.#matched < nth) return false;
    const limit = times ?? (nth !== undefined ? 1 : Number.POSITIVE_INFINITY);
    if (this.#fired >= limit) return false;
    if (probability !== undefined && !random.chance(probability)) return false;
    this.#fired += 1;
    return true;
  }
}

function checkRule<O extends string>(rule: FaultRule<O>, index: number, known: readonly O[]): void {
  const where = `FaultyFs rule #${index + 1}${rule.name ? ` (${rule.name})` : ''}`;
  const ops = rule.op === '*' ? known : Array.isArray(rule.op) ? rule.op : [rule.op];
  for (const op of ops) {
    if (!known.includes(op))
      throw new TypeError(
        `${where}: unknown op '${String(op)}'; expected one of ${known.join(', ')} or '*'`,
      );
  }
  if ((rule.errno === undefined) === (rule.translate === undefined)) {
    throw new TypeError(`${where}: give exactly one of \`errno\` or \`translate\``);
  }
  if (rule.translate !== undefined && rule.phase === 'after') {
    throw new TypeError(
      `${where}: \`translate\` rewrites a failure the operation reports; it has no phase 'after'`,
    );
  }
  if (rule.phase !== undefined && rule.phase !== 'before' && rule.phase !== 'after') {
    throw new TypeError(`${where}: \`phase\` must be 'before' or 'after'`);
  }
  const { probability, nth, times } = rule;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`${where}: \`probability\` must be in [0, 1], got ${probability}`);
  }
  if (nth !== undefined && !(Number.isInteger(nth) && nth >= 1)) {
    throw new RangeError(`${where}: \`nth\` must be an integer >= 1, got ${nth}`);
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 0)) {
    throw new RangeError(`${where}: \`times\` must be an integer >= 0, got ${times}`);
  }
}
