import type { CaseContext, Expect, TestFramework } from '@linklock/conformance';

type Hook = () => Promise<void> | void;

interface CapturedCase {
  title: string;
  body: (context: CaseContext) => Promise<void>;
  before: Hook[];
  after: Hook[];
}

export interface CaseResult {
  status: 'passed' | 'failed' | 'skipped';
  /** The failure's message, or the skip's reason. */
  message: string;
}

class Skipped extends Error {}

/**
 * A stand-in for vitest that records what a suite registers and runs its cases on demand,
 * capturing each outcome instead of reporting it: what lets a test assert that a suite fails,
 * and how. Assertions use the real `expect` it is given, so messages are vitest's own.
 */
export class CapturingFramework implements TestFramework {
  readonly expect: Expect;
  readonly #cases: CapturedCase[] = [];
  readonly #before: Hook[][] = [[]];
  readonly #after: Hook[][] = [[]];

  constructor(expect: Expect) {
    this.expect = expect;
  }

  describe(_name: string, body: () => void): void {
    this.#before.push([]);
    this.#after.push([]);
    try {
      body();
    } finally {
      this.#before.pop();
      this.#after.pop();
    }
  }

  it(title: string, body: (context: CaseContext) => Promise<void>): void {
    this.#cases.push({
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

  get titles(): string[] {
    return this.#cases.map((registered) => registered.title);
  }

  /** Runs every registered case in order, with its hooks: title -> outcome. */
  async runAll(): Promise<Map<string, CaseResult>> {
    const results = new Map<string, CaseResult>();
    for (const registered of this.#cases) results.set(registered.title, await run(registered));
    return results;
  }
}

async function run(registered: CapturedCase): Promise<CaseResult> {
  const context: CaseContext = {
    skip: (note) => {
      throw new Skipped(note);
    },
  };
  let result: CaseResult = { status: 'passed', message: '' };
  try {
    for (const hook of registered.before) await hook();
    await registered.body(context);
  } catch (error) {
    result =
      error instanceof Skipped
        ? { status: 'skipped', message: error.message }
        : { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    for (const hook of registered.after) await hook();
  }
  return result;
}

/** The titles of the cases that ended with `status`. */
export function titlesWith(
  results: Map<string, CaseResult>,
  status: CaseResult['status'],
): string[] {
  return [...results].filter(([, result]) => result.status === status).map(([title]) => title);
}
