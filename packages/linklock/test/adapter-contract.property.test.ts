// The adapters agree with the FsAdapter contract on any sequence of operations, not only on the
// conformance suite's cases: random sequences run on each adapter and on a reference model of
// the contract (test/support/contract-model.ts); every answer, error code and the whole tree
// after each step must be one the model allows. Property-based (fast-check): a failure prints
// its seed and shrinks to a minimal sequence.
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FsAdapter, FsStats } from '@linklock/core';
import { errorCode } from '@linklock/core';
import { FaultyFs } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import fc from 'fast-check';
import { NodeFsAdapter } from 'linklock';
import { describe, it } from 'vitest';
import {
  type Allowed,
  type Answer,
  ContractModel,
  type Operation,
  type Outcome,
  type Snapshot,
} from './support/contract-model.js';

/** Few names, so that operations keep meeting each other's files; `d` and `e` may be directories. */
const NAMES = ['a', 'b', 'c', 'd', 'e', 'd/a', 'd/b', 'e/a', 'a/x'] as const;
const name = fc.constantFrom(...NAMES);
const data = fc.constantFrom('', 'x', 'hello', 'é', 'expires 0001\n');

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('writeFile'),
      path: name,
      data,
      exclusive: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('read'),
      path: name,
      maxBytes: fc.constantFrom(0, 1, 5, 64),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ op: fc.constant('writeAt'), path: name, offset: fc.nat(6), data }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('link'), from: name, to: name }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('unlink'), path: name }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('rename'), from: name, to: name }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('stat'), path: name }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('readdir'),
      path: fc.constantFrom('', 'd', 'e', 'a', 'd/a'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('mkdir'), path: fc.constantFrom('d', 'e') }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ op: fc.constant('rmdir'), path: fc.constantFrom('d', 'e') }),
    weight: 1,
  },
  // Symlinks lead to `a`, `b` or `c`, never a directory (only `d` and `e` become ones): a path
  // through a symlink always fails, as the model says.
  {
    arbitrary: fc.record({
      op: fc.constant('symlink'),
      target: fc.constantFrom('a', 'b', 'c'),
      path: name,
    }),
    weight: 2,
  },
) as fc.Arbitrary<Operation>;

const sequence = fc.array(operation, { maxLength: 30 });

/** An adapter under test, on an empty directory of its storage, and that storage's own hands. */
interface Subject {
  fs: FsAdapter;
  root: string;
  mkdir(path: string): void;
  rmdir(path: string): void;
  symlink(target: string, path: string): void;
  dispose(): void;
}

function memfsSubject(wrap: (fs: MemfsAdapter) => FsAdapter = (fs) => fs): Subject {
  const memfs = new MemfsAdapter();
  const { volume } = memfs;
  volume.mkdirSync('/root');
  return {
    fs: wrap(memfs),
    root: '/root',
    mkdir: (path) => volume.mkdirSync(path),
    rmdir: (path) => volume.rmdirSync(path),
    symlink: (target, path) => volume.symlinkSync(target, path),
    dispose: () => undefined,
  };
}

function nodeSubject(mode: 'auto' | 'async'): Subject {
  const root = mkdtempSync(join(tmpdir(), 'linklock-contract-'));
  return {
    fs: new NodeFsAdapter({ mode }),
    root,
    mkdir: (path) => mkdirSync(path),
    rmdir: (path) => rmdirSync(path),
    symlink: (target, path) => symlinkSync(target, path),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

const SUBJECTS: [string, () => Subject][] = [
  ['MemfsAdapter', () => memfsSubject()],
  ['FaultyFs without faults, over memfs', () => memfsSubject((fs) => new FaultyFs(fs))],
  ['NodeFsAdapter (a fresh temporary directory per run)', () => nodeSubject('auto')],
  ["NodeFsAdapter in 'async' mode", () => nodeSubject('async')],
];

describe('adapters against the contract model (property-based)', () => {
  for (const [title, create] of SUBJECTS) {
    it(`${title}: every answer, code and tree is one the contract allows`, async () => {
      await fc.assert(
        fc.asyncProperty(sequence, async (operations) => {
          const subject = create();
          try {
            await agreeWithModel(subject, operations);
          } finally {
            subject.dispose();
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

/** Runs `operations` on the subject and the model side by side; throws at the first disagreement. */
async function agreeWithModel(subject: Subject, operations: Operation[]): Promise<void> {
  let model = new ContractModel();
  const withNlink = subject.fs.capabilities.reliableNlink;
  const steps: string[] = [];
  for (const operation of operations) {
    const allowed = model.allowed(operation);
    if (allowed === 'outside') continue;
    const happened = await perform(subject, operation);
    if (operation.op === 'read') await readContentAgrees(subject, operation, happened);
    const tree = await snapshotOf(subject.fs, subject.root, withNlink);
    steps.push(`${spell(operation)} -> ${JSON.stringify(happened)}`);
    const match = allowed.find(
      (option) => agrees(option.outcome, happened, withNlink) && sameTree(option, tree, withNlink),
    );
    if (match === undefined) {
      throw new Error(
        [
          `the adapter did what the contract does not allow, at the last of these steps:`,
          ...steps.map((step) => `  ${step}`),
          `allowed: ${allowed.map((option) => `${JSON.stringify(option.outcome)} leaving ${JSON.stringify(option.after.snapshot(withNlink))}`).join('\n     or: ')}`,
          `tree:    ${JSON.stringify(tree)}`,
        ].join('\n'),
      );
    }
    model = match.after;
  }
}

type Happened = { resolved: Answer } | { rejected: string; path: unknown };

async function perform(subject: Subject, operation: Operation): Promise<Happened> {
  const { fs, root } = subject;
  const at = (path: string) => (path === '' ? root : `${root}/${path}`);
  try {
    switch (operation.op) {
      case 'writeFile':
        await fs.writeFile(at(operation.path), operation.data, { exclusive: operation.exclusive });
        return { resolved: undefined };
      case 'read': {
        const { data, stats } = await fs.read(at(operation.path), { maxBytes: operation.maxBytes });
        return { resolved: { data, size: stats.size, nlink: stats.nlink } };
      }
      case 'writeAt':
        await fs.writeAt(at(operation.path), operation.offset, operation.data);
        return { resolved: undefined };
      case 'link':
        await fs.link(at(operation.from), at(operation.to));
        return { resolved: undefined };
      case 'unlink':
        await fs.unlink(at(operation.path));
        return { resolved: undefined };
      case 'rename':
        await fs.rename(at(operation.from), at(operation.to));
        return { resolved: undefined };
      case 'stat': {
        const stats = await fs.stat(at(operation.path));
        if (stats.isFile())
          return { resolved: { kind: 'file', size: stats.size, nlink: stats.nlink } };
        return { resolved: { kind: kindOf(stats) } };
      }
      case 'readdir':
        return { resolved: [...(await fs.readdir(at(operation.path)))].sort() };
      case 'mkdir':
        subject.mkdir(at(operation.path));
        return { resolved: undefined };
      case 'rmdir':
        subject.rmdir(at(operation.path));
        return { resolved: undefined };
      case 'symlink':
        subject.symlink(at(operation.target), at(operation.path));
        return { resolved: undefined };
    }
  } catch (error) {
    if (['mkdir', 'rmdir', 'symlink'].includes(operation.op)) throw error;
    const code = errorCode(error) ?? `no code: ${String(error)}`;
    const path = (error as { path?: unknown }).path;
    return { rejected: code, path: concerns(operation, path, at) ? 'concerned' : path };
  }
}

/**
 * An adapter's `readContent`, where it has one, answers as its `read` just did: the same
 * content, or the same error concerning the same path (nothing changed the tree in between).
 */
async function readContentAgrees(
  subject: Subject,
  operation: Extract<Operation, { op: 'read' }>,
  read: Happened,
): Promise<void> {
  const { fs, root } = subject;
  if (fs.readContent === undefined) return;
  const path = `${root}/${operation.path}`;
  let happened: { data: string } | { rejected: string; path: unknown };
  try {
    happened = { data: await fs.readContent(path, { maxBytes: operation.maxBytes }) };
  } catch (error) {
    const { path: errorPath } = error as { path?: unknown };
    happened = {
      rejected: errorCode(error) ?? String(error),
      path: errorPath === path ? 'concerned' : errorPath,
    };
  }
  const expected = 'resolved' in read ? { data: (read.resolved as { data: string }).data } : read;
  if (JSON.stringify(happened) !== JSON.stringify(expected)) {
    throw new Error(
      `readContent(${JSON.stringify(operation.path)}) -> ${JSON.stringify(happened)}, but read -> ${JSON.stringify(read)}`,
    );
  }
}

/** Whether an error's `path` names a path of the call (the contract's errors case). */
function concerns(operation: Operation, path: unknown, at: (path: string) => string): boolean {
  const paths =
    'from' in operation
      ? [operation.from, operation.to]
      : 'path' in operation
        ? [operation.path]
        : [];
  return paths.some((one) => at(one) === path);
}

function agrees(outcome: Outcome, happened: Happened, withNlink: boolean): boolean {
  if ('resolves' in outcome) {
    return 'resolved' in happened && sameAnswer(outcome.resolves, happened.resolved, withNlink);
  }
  if (!('rejected' in happened) || happened.path !== 'concerned') return false;
  if ('rejects' in outcome) return outcome.rejects.includes(happened.rejected);
  return /^E[A-Z0-9]+$/.test(happened.rejected);
}

function sameAnswer(expected: Answer, actual: Answer, withNlink: boolean): boolean {
  return (
    JSON.stringify(comparable(expected, withNlink)) ===
    JSON.stringify(comparable(actual, withNlink))
  );
}

/** Link counts are compared only where the adapter promises them (`reliableNlink`). */
function comparable(answer: Answer, withNlink: boolean): Answer {
  if (withNlink || answer === undefined || Array.isArray(answer) || !('nlink' in answer)) {
    return answer;
  }
  const { nlink: _, ...rest } = answer;
  return rest as Answer;
}

function sameTree(option: Allowed, tree: Snapshot, withNlink: boolean): boolean {
  return JSON.stringify(option.after.snapshot(withNlink)) === JSON.stringify(tree);
}

/** The tree under `root`, seen through the adapter alone: readdir, stat (lstat) and read. */
async function snapshotOf(fs: FsAdapter, root: string, withNlink: boolean): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  const visit = async (relative: string): Promise<void> => {
    const directory = relative === '' ? root : `${root}/${relative}`;
    for (const entry of [...(await fs.readdir(directory))].sort()) {
      const path = relative === '' ? entry : `${relative}/${entry}`;
      const stats = await fs.stat(`${root}/${path}`);
      if (stats.isDirectory()) {
        snapshot[path] = { kind: 'dir' };
        await visit(path);
      } else if (stats.isSymbolicLink()) {
        snapshot[path] = { kind: 'symlink' };
      } else {
        const read = await fs.read(`${root}/${path}`, { maxBytes: 1024 });
        snapshot[path] = withNlink
          ? { kind: 'file', data: read.data, nlink: read.stats.nlink }
          : { kind: 'file', data: read.data };
      }
    }
  };
  await visit('');
  return Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => a.localeCompare(b)));
}

function kindOf(stats: FsStats): string {
  if (stats.isDirectory()) return 'dir';
  return stats.isSymbolicLink() ? 'symlink' : 'neither file, directory nor symlink';
}

function spell(operation: Operation): string {
  const { op, ...args } = operation;
  return `${op}(${Object.values(args)
    .map((value) => JSON.stringify(value))
    .join(', ')})`;
}
