// Without faults, the facade changes nothing: random sequences of operations, in random API
// forms, give the same outcomes (error codes, what reads answer) and leave the same tree through
// the facade over memfs, through the facade over the real node:fs, and through node:fs itself
// on a temporary directory. Property-based (fast-check): a failure shrinks to a short sequence.
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaultyNodeFs } from '@linklock/faulty/node';
import fc from 'fast-check';
import { Volume } from 'memfs';
import { expect, it } from 'vitest';

type Fs = typeof realFs;
type Form = 'promise' | 'callback' | 'sync';

/** Names in a small tree, so operations meet each other's files and directories often. */
const NAMES = ['a', 'b', 'd', 'd/a', 'd/e', 'd/e/a'];
const name = fc.constantFrom(...NAMES);
const data = fc.constantFrom('', 'x', 'hello', 'hello world');
const form = fc.constantFrom<Form>('promise', 'callback', 'sync');

/** One operation: its function, its arguments (paths relative to the tree's root), its form. */
const operation = fc.oneof(
  fc.record({ fn: fc.constant('writeFile'), args: fc.tuple(name, data), form }),
  fc.record({ fn: fc.constant('appendFile'), args: fc.tuple(name, data), form }),
  fc.record({ fn: fc.constant('readFile'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('mkdir'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('mkdirRecursive'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('rmdir'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('rmRecursive'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('unlink'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('rename'), args: fc.tuple(name, name), form }),
  fc.record({ fn: fc.constant('link'), args: fc.tuple(name, name), form }),
  fc.record({ fn: fc.constant('copyFile'), args: fc.tuple(name, name), form }),
  fc.record({ fn: fc.constant('truncate'), args: fc.tuple(name, fc.nat(6)), form }),
  fc.record({ fn: fc.constant('stat'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('readdir'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('access'), args: fc.tuple(name), form }),
  fc.record({ fn: fc.constant('exists'), args: fc.tuple(name), form: fc.constant<Form>('sync') }),
);
type Operation = { fn: string; args: (string | number)[]; form: Form };

/** Node's function and arguments for an operation on the tree at `root`. */
function call(op: Operation, root: string): [string, unknown[]] {
  const at = (path: string | number) => join(root, String(path));
  const [first, second] = op.args;
  switch (op.fn) {
    case 'writeFile':
    case 'appendFile':
      return [op.fn, [at(first!), second]];
    case 'readFile':
      return ['readFile', [at(first!), 'utf8']];
    case 'mkdirRecursive':
      return ['mkdir', [at(first!), { recursive: true }]];
    case 'rmRecursive':
      return ['rm', [at(first!), { recursive: true }]];
    case 'rename':
    case 'link':
    case 'copyFile':
      return [op.fn, [at(first!), at(second!)]];
    case 'truncate':
      return ['truncate', [at(first!), second]];
    default:
      return [op.fn, [at(first!)]];
  }
}

/** What an operation answered, comparable across filesystems. */
async function outcome(fs: Fs, op: Operation, root: string): Promise<unknown> {
  const [fn, args] = call(op, root);
  try {
    return summary(fn, await run(fs, fn, args, op.form));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

function run(fs: Fs, fn: string, args: unknown[], form: Form): Promise<unknown> | unknown {
  const api = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
  if (form === 'sync') return api[`${fn}Sync`]!(...args);
  if (form === 'promise') {
    return (fs.promises as unknown as Record<string, (...a: unknown[]) => unknown>)[fn]!(...args);
  }
  return new Promise((resolve, reject) => {
    api[fn]!(...args, (error: unknown, value: unknown) => (error ? reject(error) : resolve(value)));
  });
}

function summary(fn: string, value: unknown): unknown {
  if (fn === 'stat') {
    const stats = value as realFs.Stats;
    return {
      file: stats.isFile(),
      dir: stats.isDirectory(),
      size: stats.isFile() ? stats.size : 0,
    };
  }
  if (fn === 'readdir') return [...(value as string[])].sort();
  if (fn === 'mkdir') return 'ok'; // the first directory made: memfs answers it differently
  return value ?? 'ok';
}

/** The tree under `root`: every path, with a file's content or 'dir'. */
function tree(fs: Fs, root: string, prefix = ''): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of (fs.readdirSync(join(root, prefix)) as string[]).sort()) {
    const path = prefix === '' ? entry : `${prefix}/${entry}`;
    if (fs.statSync(join(root, path)).isDirectory()) {
      entries[path] = 'dir';
      Object.assign(entries, tree(fs, root, path));
    } else {
      entries[path] = String(fs.readFileSync(join(root, path), 'utf8'));
    }
  }
  return entries;
}

const RUNS = 300;
const MAX_OPERATIONS = 25;

it(`the facade over memfs and over node:fs answers as node:fs does (${RUNS} runs of up to ${MAX_OPERATIONS} operations)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { maxLength: MAX_OPERATIONS }), async (operations) => {
      const realRoot = realFs.mkdtempSync(join(tmpdir(), 'fidelity-real-'));
      const facadeRoot = realFs.mkdtempSync(join(tmpdir(), 'fidelity-facade-'));
      try {
        const volume = new Volume();
        volume.mkdirSync('/w');
        const overMemfs = createFaultyNodeFs({ inner: volume }).fs;
        const overReal = createFaultyNodeFs({ inner: realFs, root: facadeRoot }).fs;
        const answers = { real: [] as unknown[], memfs: [] as unknown[], facade: [] as unknown[] };
        for (const op of operations) {
          answers.real.push(await outcome(realFs, op, realRoot));
          answers.memfs.push(await outcome(overMemfs, op, '/w'));
          answers.facade.push(await outcome(overReal, op, facadeRoot));
        }
        expect(answers.facade).toEqual(answers.real);
        expect(answers.memfs).toEqual(answers.real);
        const realTree = tree(realFs, realRoot);
        expect(tree(realFs, facadeRoot)).toEqual(realTree);
        expect(tree(volume as unknown as Fs, '/w')).toEqual(realTree);
      } finally {
        realFs.rmSync(realRoot, { recursive: true, force: true });
        realFs.rmSync(facadeRoot, { recursive: true, force: true });
      }
    }),
    { numRuns: RUNS, seed: 20_261_206 },
  );
});
