import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { FsError } from '@linklock/core';

export type Op =
  | 'writeFile'
  | 'read'
  | 'writeAt'
  | 'link'
  | 'unlink'
  | 'rename'
  | 'stat'
  | 'readdir';
export type Phase = 'before' | 'after';

interface Match {
  op: Op;
  /** Matches the call's first path (a substring or a pattern). */
  path?: string | RegExp;
  /** Only the n-th matching call (1-based). */
  nth?: number;
}

export interface Gate {
  /** Resolves when a matching call arrives at the gate (before or after it took effect). */
  readonly reached: Promise<void>;
  /** Lets the paused call go on. */
  release(): void;
}

export interface Call {
  op: Op;
  path: string;
  outcome: string;
}

interface Rule extends Match {
  seen: number;
  phase: Phase;
  action: (call: { op: Op; path: string }) => Promise<void> | void;
  spent: boolean;
}

/**
 * A wrapping adapter for scripted interleavings and faults in tests of the lock:
 * - `pause({ op, path, phase })`: the matching call stops before (or after) taking effect
 *   until the test releases it, so a test can put another process's steps in between;
 * - `fail({ op, path, code, phase })`: the matching call fails with `code`, before it takes
 *   effect or, with `phase: 'after'`, after it did (a lost reply);
 * - `calls`: every call with its outcome, for assertions and for failure messages.
 */
export class ScriptedFs implements FsAdapter {
  readonly #inner: FsAdapter;
  readonly #rules: Rule[] = [];
  readonly #translations: (Match & { from: string; to: string })[] = [];
  readonly calls: Call[] = [];
  capabilities: FsCapabilities;
  /** Present exactly when the wrapped adapter can watch. */
  readonly watch?: (directory: string, onChange: (filename: string | null) => void) => () => void;

  constructor(inner: FsAdapter, capabilities?: Partial<FsCapabilities>) {
    this.#inner = inner;
    this.capabilities = { ...inner.capabilities, ...capabilities };
    if (inner.watch !== undefined)
      this.watch = (directory, onChange) => inner.watch!(directory, onChange);
  }

  pause(match: Match & { phase?: Phase }): Gate {
    let arrive!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#add(match, match.phase ?? 'before', async () => {
      arrive();
      await released;
    });
    return { reached, release };
  }

  fail(match: Match & { code: string; phase?: Phase; times?: number }): void {
    const times = match.times ?? 1;
    for (let i = 0; i < times; i += 1) {
      this.#add(
        { ...match, ...(match.nth === undefined ? {} : { nth: match.nth + i }) },
        match.phase ?? 'before',
        ({ op, path }) => {
          throw new FsError(match.code, { syscall: op, path });
        },
      );
    }
  }

  /** Reports every `from` error of a matching call as `to` instead (sshfs: EEXIST as EPERM). */
  translate(match: Match & { from: string; to: string }): void {
    this.#translations.push(match);
  }

  /** Runs `action` once when a matching call arrives (e.g. another process's step). */
  on(match: Match & { phase?: Phase }, action: () => Promise<void> | void): void {
    this.#add(match, match.phase ?? 'before', action);
  }

  count(op: Op, path?: string | RegExp): number {
    return this.calls.filter((call) => call.op === op && matches(path, call.path)).length;
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call('writeFile', path, () => this.#inner.writeFile(path, data, options));
  }
  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call('read', path, () => this.#inner.read(path, options));
  }
  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call('writeAt', path, () => this.#inner.writeAt(path, offset, data));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', newPath, () => this.#inner.link(existingPath, newPath));
  }
  unlink(path: string): Promise<void> {
    return this.#call('unlink', path, () => this.#inner.unlink(path));
  }
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', oldPath, () => this.#inner.rename(oldPath, newPath));
  }
  stat(path: string): Promise<FsStats> {
    return this.#call('stat', path, () => this.#inner.stat(path));
  }
  readdir(path: string): Promise<string[]> {
    return this.#call('readdir', path, () => this.#inner.readdir(path));
  }

  #add(match: Match, phase: Phase, action: Rule['action']): void {
    this.#rules.push({ ...match, phase, action, seen: 0, spent: false });
  }

  async #fire(op: Op, path: string, phase: Phase): Promise<void> {
    for (const rule of this.#rules) {
      if (rule.spent || rule.phase !== phase || rule.op !== op || !matches(rule.path, path))
        continue;
      rule.seen += 1;
      if (rule.nth !== undefined && rule.seen !== rule.nth) continue;
      rule.spent = true;
      await rule.action({ op, path });
    }
  }

  #translated(op: Op, path: string, error: unknown): unknown {
    const rule = this.#translations.find(
      (t) => t.op === op && t.from === codeOf(error) && matches(t.path, path),
    );
    return rule === undefined ? error : new FsError(rule.to, { syscall: op, path, cause: error });
  }

  async #call<T>(op: Op, path: string, run: () => Promise<T>): Promise<T> {
    const call: Call = { op, path, outcome: 'pending' };
    this.calls.push(call);
    try {
      await this.#fire(op, path, 'before');
    } catch (error) {
      call.outcome = `injected ${(error as FsError).code}`;
      throw error;
    }
    let result: T;
    try {
      result = await run();
    } catch (error) {
      const failure = this.#translated(op, path, error);
      call.outcome = (failure as { code?: string }).code ?? 'error';
      await this.#fire(op, path, 'after');
      throw failure;
    }
    call.outcome = 'ok';
    try {
      await this.#fire(op, path, 'after');
    } catch (error) {
      call.outcome = `ok, then injected ${(error as FsError).code}`;
      throw error;
    }
    return result;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}
