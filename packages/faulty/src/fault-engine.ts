import type { Clock } from '@linklock/core';
import { errorCode } from '@linklock/core';
import { formatHistory, type HistoryEntry } from './history.js';
import { LatencyModel, type LatencyOptions } from './latency.js';
import { type CallContext, type PathPattern, type Phase, pathMatches } from './ops.js';
import { Gate, type PauseHandle, type PauseSpec } from './pause.js';
import { ArmedRule, type FaultRule } from './rules.js';
import { SeededRandom } from './seeded-random.js';

/** Which calls `history()` lists: those of an operation, on a path, or both. */
export interface EngineHistoryFilter<O extends string> {
  op?: O;
  /** Matched as rules match it: a string exactly, a RegExp tested, against the call's subject path. */
  path?: PathPattern;
}

export interface FaultEngineOptions<O extends string, R extends FaultRule<O>> {
  /** The operation names rules, pauses and latency may name. */
  ops: readonly O[];
  seed?: number | string | undefined;
  rules?: R[] | undefined;
  latency?: LatencyOptions<O> | undefined;
  clock?: Clock | undefined;
  /** The path a call is "about", which rules and pauses match. */
  subject(op: O, paths: string[]): string;
  /** The error an errno rule injects (`note` names the seed and the rule), or a translation. */
  injected(code: string, call: CallContext<O>, note: string): Error;
}

/**
 * A rule may carry `partial`: so many bytes of the call's data take effect before it fails (a
 * disk that fills up half way). The caller says what that means for its call.
 */
export type PartialEffect<T> = (bytes: number, error: Error) => T;

/**
 * The fault machinery shared by `FaultyFs` and the `node:fs` facade: rules (tried in order, the
 * first that fires decides), pause gates, latency spent on the clock, and the history of every
 * call. It knows nothing of what the operations do: each call hands it a function that does it.
 */
export class FaultEngine<O extends string, R extends FaultRule<O> = FaultRule<O>> {
  readonly seed: number;
  readonly random: SeededRandom;
  readonly clock: Clock | undefined;
  readonly #options: FaultEngineOptions<O, R>;
  readonly #rules: ArmedRule<O, R>[];
  readonly #latency: LatencyModel<O>;
  readonly #gates: Gate<O>[] = [];
  readonly #history: HistoryEntry<O>[] = [];

  constructor(options: FaultEngineOptions<O, R>) {
    this.#options = options;
    this.random = new SeededRandom(options.seed ?? 1);
    this.seed = this.random.seed;
    this.#rules = (options.rules ?? []).map(
      (rule, index) => new ArmedRule(rule, index, options.ops),
    );
    this.#latency = new LatencyModel(options.latency ?? {});
    this.clock = options.clock;
    if (this.#latency.enabled && this.clock === undefined) {
      throw new TypeError('FaultyFs: `latency` and `delayUnlink` need a `clock` to spend time on');
    }
  }

  addRule(rule: R): void {
    this.#rules.push(new ArmedRule(rule, this.#rules.length, this.#options.ops));
  }

  pause(spec: PauseSpec<O>): PauseHandle<O> {
    const gate = new Gate(spec, this.#options.ops);
    this.#gates.push(gate);
    return gate;
  }

  history(filter: EngineHistoryFilter<O> = {}): HistoryEntry<O>[] {
    return this.#history
      .filter(
        (entry) =>
          (filter.op === undefined || entry.op === filter.op) &&
          pathMatches(filter.path, this.#options.subject(entry.op, entry.paths)),
      )
      .map((entry) => ({ ...entry }));
  }

  /** The seed and the history as text, headed by `name` (`FaultyFs`, `faulty node:fs`). */
  describe(name: string): string {
    return `${name} seed ${this.seed} (replay with { seed: ${this.seed} }), ${this.#history.length} calls:\n${formatHistory(this.#history)}`;
  }

  /** One asynchronous call: gates, latency, rules around `run`, recorded in the history. */
  async run<T>(
    op: O,
    paths: string[],
    details: Record<string, unknown>,
    run: () => Promise<T>,
    partial?: PartialEffect<Promise<T>>,
  ): Promise<T> {
    const { call, entry } = this.#arrive(op, paths, details);
    try {
      const result = await this.#attempt(call, entry, run, partial);
      entry.outcome = 'ok';
      return result;
    } catch (error) {
      entry.outcome = errorCode(error) ?? 'error';
      throw error;
    } finally {
      if (this.clock !== undefined) entry.endedAt = this.clock.now();
    }
  }

  /**
   * One synchronous call: the same rules, but no gate can hold it and no latency is spent (a
   * synchronous function cannot wait on a clock).
   */
  runSync<T>(
    op: O,
    paths: string[],
    details: Record<string, unknown>,
    run: () => T,
    partial?: PartialEffect<T>,
  ): T {
    const { call, entry } = this.#arrive(op, paths, details);
    try {
      const result = this.#attemptSync(call, entry, run, partial);
      entry.outcome = 'ok';
      return result;
    } catch (error) {
      entry.outcome = errorCode(error) ?? 'error';
      throw error;
    } finally {
      if (this.clock !== undefined) entry.endedAt = this.clock.now();
    }
  }

  #arrive(op: O, paths: string[], details: Record<string, unknown>) {
    const call: CallContext<O> = {
      op,
      path: this.#options.subject(op, paths),
      paths,
      call: this.#history.length + 1,
      now: this.clock?.now(),
    };
    const entry: HistoryEntry<O> = {
      call: call.call,
      op,
      paths,
      details,
      outcome: 'pending',
      injected: false,
    };
    if (call.now !== undefined) entry.startedAt = call.now;
    this.#history.push(entry);
    return { call, entry };
  }

  async #attempt<T>(
    call: CallContext<O>,
    entry: HistoryEntry<O>,
    run: () => Promise<T>,
    partial: PartialEffect<Promise<T>> | undefined,
  ): Promise<T> {
    await this.#hold(call, 'before');
    await this.#spendLatency(call.op, entry);
    const before = this.#firing(call, 'before');
    if (before !== undefined) return this.#failBefore(before, call, entry, partial);
    let result: T;
    try {
      result = await run();
    } catch (error) {
      const reported = this.#translated(call, error, entry);
      entry.outcome = errorCode(reported) ?? 'error';
      await this.#hold(call, 'after');
      throw reported;
    }
    const after = this.#firing(call, 'after');
    if (after !== undefined) {
      const injected = this.#failAfter(after, call, entry);
      entry.outcome = errorCode(injected) ?? 'error';
      await this.#hold(call, 'after');
      throw injected;
    }
    entry.outcome = 'ok'; // a call paused after taking effect shows its outcome meanwhile
    await this.#hold(call, 'after');
    return result;
  }

  #attemptSync<T>(
    call: CallContext<O>,
    entry: HistoryEntry<O>,
    run: () => T,
    partial: PartialEffect<T> | undefined,
  ): T {
    const before = this.#firing(call, 'before');
    if (before !== undefined) return this.#failBefore(before, call, entry, partial);
    let result: T;
    try {
      result = run();
    } catch (error) {
      throw this.#translated(call, error, entry);
    }
    const after = this.#firing(call, 'after');
    if (after !== undefined) throw this.#failAfter(after, call, entry);
    return result;
  }

  /** A `before` fault: the call fails without effect, or with part of it (`partial`). */
  #failBefore<T>(
    armed: ArmedRule<O, R>,
    call: CallContext<O>,
    entry: HistoryEntry<O>,
    partial: PartialEffect<T> | undefined,
  ): T {
    const error = this.#inject(armed, call, entry);
    const bytes = (armed.rule as { partial?: number }).partial;
    if (bytes === undefined || partial === undefined) throw error;
    entry.details = { ...entry.details, partialBytes: bytes };
    return partial(bytes, error);
  }

  #failAfter(armed: ArmedRule<O, R>, call: CallContext<O>, entry: HistoryEntry<O>): Error {
    entry.tookEffect = true;
    return this.#inject(armed, call, entry);
  }

  async #hold(call: CallContext<O>, phase: Phase): Promise<void> {
    for (const gate of this.#gates) await gate.hold(call, phase);
  }

  async #spendLatency(op: O, entry: HistoryEntry<O>): Promise<void> {
    if (!this.#latency.enabled) return;
    const ms = this.#latency.draw(op, this.random);
    entry.latencyMs = ms;
    if (ms > 0) await this.clock!.sleep(ms);
  }

  /** The first errno rule of this phase that fires on the call. */
  #firing(call: CallContext<O>, phase: Phase): ArmedRule<O, R> | undefined {
    return this.#firstFiring(
      call,
      (armed) => armed.rule.errno !== undefined && armed.phase === phase,
    );
  }

  /** Counts the call for every rule of the kind that concerns it; the first that fires decides. */
  #firstFiring(
    call: CallContext<O>,
    kind: (armed: ArmedRule<O, R>) => boolean,
  ): ArmedRule<O, R> | undefined {
    const concerned = this.#rules.filter((armed) => kind(armed) && armed.concerns(call));
    for (const armed of concerned) armed.count();
    return concerned.find((armed) => armed.fires(this.random));
  }

  #inject(armed: ArmedRule<O, R>, call: CallContext<O>, entry: HistoryEntry<O>): Error {
    entry.injected = true;
    entry.fault = armed.label;
    const took = armed.phase === 'after' ? ', after it took effect' : '';
    const note = `injected by FaultyFs seed ${this.seed}, ${armed.label}${took}`;
    return this.#options.injected(armed.rule.errno!, call, note);
  }

  #translated(call: CallContext<O>, error: unknown, entry: HistoryEntry<O>): unknown {
    const code = errorCode(error);
    const injectedBy = (error as { injectedBy?: string } | null | undefined)?.injectedBy;
    if (injectedBy !== undefined) {
      entry.injected = true;
      entry.fault = injectedBy;
    }
    if (code === undefined) return error;
    const armed = this.#firstFiring(call, (rule) => rule.rule.translate?.from === code);
    if (armed === undefined) return error;
    entry.injected = true;
    entry.fault = armed.label;
    const note = `${code} translated by FaultyFs seed ${this.seed}, ${armed.label}`;
    return this.#options.injected(armed.rule.translate!.to, call, note);
  }
}
