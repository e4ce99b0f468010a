import type { CaseContext, Expect, TestFramework } from '../test-framework.js';
import { builtInExpect } from './built-in-expect.js';
import type { CaseResult, RunnerOptions } from './case-result.js';

type Hook = () => Promise<void> | void;

interface RegisteredCase {
  path: readonly string[];
  title: string;
  body: (context: CaseContext) => Promise<void>;
  before: Hook[];
  after: Hook[];
}

class Skipped extends Error {}

const DEFAULT_CASE_TIMEOUT_MS = 120_000;

/**
 * The built-in runner's stand-in for a test framework: a suite registers its cases with it as
 * it would with vitest, then {@link runAll} runs them in order with their hooks, on the
 * built-in `expect`, and returns each outcome instead of reporting it.
 */
export class RecordingFramework implements TestFramework {
  readonly expect: Expect = builtInExpect;
  readonly #cases: RegisteredCase[] = [];
  readonly #path: string[] = [];
  readonly #before: Hook[][] = [[]];
  readonly #after: Hook[][] = [[]];

  describe(name: string, body: () => void): void {
    this.#path.push(name);
    this.#before.push([]);
    this.#after.push([]);
    try {
      body();
    } finally {
      this.#path.pop();
      this.#before.pop();
      this.#after.pop();
    }
  }

  it(title: string, body: (context: CaseContext) => Promise<void>): void {
    this.#cases.push({
      path: [...this.#path],
      title,
      body,
      before: this.#before.flat(),
      after: this.#after.flat().reverse(),
    });
  }

  beforeEach(hook: Hook): void {
    this.#before.at(-1)!.push(hook);
  }

  afterEach(hook: Hook): void {
    this.#after.at(-1)!.push(hook);
  }

  /** Runs every registered case in order; `advisory(title)` marks the results it concerns. */
  async runAll(
    options: RunnerOptions,
    advisory: (title: string) => boolean = () => false,
  ): Promise<CaseResult[]> {
    const results: CaseResult[] = [];
    const timeoutMs = options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
    for (const registered of this.#cases) {
      const started = performance.now();
      const outcome = await runOne(registered, timeoutMs);
      const result: CaseResult = {
        // The outermost block is the suite's own ("FsAdapter contract: name").
        groups: registered.path.slice(1),
        title: registered.title,
        ...outcome,
        advisory: advisory(registered.title),
        durationMs: Math.round(performance.now() - started),
      };
      results.push(result);
      options.onResult?.(result, results.length, this.#cases.length);
    }
    return results;
  }
}

async function runOne(
  registered: RegisteredCase,
  timeoutMs: number,
): Promise<Pick<CaseResult, 'status' | 'message'>> {
  const context: CaseContext = {
    skip: (note) => {
      throw new Skipped(note ?? 'skipped');
    },
  };
  let outcome: Pick<CaseResult, 'status' | 'message'> = { status: 'passed', message: '' };
  try {
    await withTimeout(
      (async () => {
        for (const hook of registered.before) await hook();
        await registered.body(context);
      })(),
      timeoutMs,
      registered.title,
    );
  } catch (error) {
    outcome =
      error instanceof Skipped
        ? { status: 'skipped', message: error.message }
        : { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  // Cleanup runs however the case ended; a cleanup that fails fails the case (its storage may
  // not be empty for the next one).
  for (const hook of registered.after) {
    try {
      await withTimeout(Promise.resolve().then(hook), timeoutMs, `${registered.title} (cleanup)`);
    } catch (error) {
      if (outcome.status !== 'failed') {
        outcome = { status: 'failed', message: `cleanup failed: ${(error as Error).message}` };
      }
    }
  }
  return outcome;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, title: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${title}: no answer within ${timeoutMs} ms (hung)`)),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
