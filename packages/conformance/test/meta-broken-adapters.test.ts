import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import {
  type BrokenAdapterClass,
  CopyingLinkFs,
  FlooredMtimeFs,
  OverwritingCreateFs,
  SecondsMtimeFs,
  StuckMtimeFs,
  UnboundedReadFs,
  UnfinishedReaddirFs,
} from './support/broken-adapters.js';
import { CapturingFramework, type CaseResult, titlesWith } from './support/capturing-framework.js';

// The suites must catch a broken adapter, and say where: each is run here against adapters
// with one defect, through a recording stand-in for vitest, and its failures are inspected.

async function runFsSuite(Adapter: BrokenAdapterClass): Promise<Map<string, CaseResult>> {
  const framework = new CapturingFramework(expect);
  let volume = new Volume();
  describeFsAdapter({
    vitest: framework,
    createAdapter: () => {
      volume = new Volume();
      return new Adapter(volume);
    },
    makeSymlink: (target, path) => volume.symlinkSync(target, path),
  });
  return framework.runAll();
}

async function runLockSuite(Adapter: BrokenAdapterClass): Promise<Map<string, CaseResult>> {
  const framework = new CapturingFramework(expect);
  describeLockSemantics({
    vitest: framework,
    // Stamped on the case's clock: the cases in filesystem time run on virtual time.
    createAdapters: ({ clock }) => {
      const shared = new Volume();
      return [new Adapter(shared, { clock }), new Adapter(shared, { clock })];
    },
  });
  return framework.runAll();
}

function messageOf(results: Map<string, CaseResult>, title: string): string {
  return results.get(title)?.message ?? `(no case titled '${title}')`;
}

describe('the conformance suites against deliberately broken adapters', () => {
  it('pass a correct adapter completely (the baseline the failures below differ from)', async () => {
    const results = await runFsSuite(MemfsAdapter);
    expect(titlesWith(results, 'failed')).toEqual([]);
    expect(titlesWith(results, 'skipped')).toEqual([]);
    expect(results.size).toBe(43);
  });

  it('a link that copies: fails the cases that need one file under two names, and says so', async () => {
    const results = await runFsSuite(CopyingLinkFs);
    expect(titlesWith(results, 'failed')).toEqual([
      'link: the two names are one file (a change through one is seen through the other)',
      'link: both names report one inode number, another file another (reliableIno)',
      'link: nlink counts the names, fresh after link and unlink (reliableNlink)',
      'writeAt: the other name of a hard-linked file sees the change',
      'rename: the moved name stays a name of the same file (hard links kept)',
    ]);
    expect(
      messageOf(
        results,
        'link: the two names are one file (a change through one is seen through the other)',
      ),
    ).toMatch(/^link: the new name must be the same file, not a copy: expected 'expires 0000'/);
    expect(
      messageOf(results, 'writeAt: the other name of a hard-linked file sees the change'),
    ).toContain('writeAt: the other name of a hard-linked file must see the change');
    // A copy does show the same content: that case rightly passes.
    expect(results.get('link: the new name shows the same content')?.status).toBe('passed');
  });

  it('a link that copies: the lock loses a refreshed lease to a breaker', async () => {
    const results = await runLockSuite(CopyingLinkFs);
    expect(titlesWith(results, 'failed')).toEqual([
      'lock: refresh() moves the expiry forward for the other process too',
      'lock: refresh() moves the expiry forward for the other process too (filesystem time, skewed clocks)',
    ]);
    expect(
      messageOf(results, 'lock: refresh() moves the expiry forward for the other process too'),
    ).toContain(
      'lock: a refreshed lock must not be broken (the new expiry must reach the lock file)',
    );
  });

  it('an exclusive create that overwrites: fails the EEXIST line, naming it', async () => {
    const results = await runFsSuite(OverwritingCreateFs);
    expect(titlesWith(results, 'failed')).toEqual([
      'writeFile exclusive: EEXIST when the name exists, the file unchanged',
      'writeFile exclusive: EEXIST on a symlink, even a dangling one, nothing created',
    ]);
    expect(
      messageOf(results, 'writeFile exclusive: EEXIST when the name exists, the file unchanged'),
    ).toMatch(
      /^writeFile exclusive: must fail with EEXIST when the name exists: expected 'resolved' to be 'EEXIST'/,
    );
  });

  it('a read that ignores maxBytes: fails the EFBIG line, naming it', async () => {
    const results = await runFsSuite(UnboundedReadFs);
    expect(titlesWith(results, 'failed')).toEqual([
      'read: EFBIG over maxBytes (counted in bytes), the whole file at exactly maxBytes',
    ]);
    expect(
      messageOf(
        results,
        'read: EFBIG over maxBytes (counted in bytes), the whole file at exactly maxBytes',
      ),
    ).toMatch(/^read: must fail with EFBIG when the file has more than maxBytes bytes/);
  });

  it('an operation that throws an error without a code: the failure still names the line', async () => {
    const results = await runFsSuite(UnfinishedReaddirFs);
    const title = 'readdir: lists exactly the names in the directory (no . or ..)';
    expect(results.get(title)?.status).toBe('failed');
    expect(messageOf(results, title)).toBe(
      `${title}: broken by an unexpected error: readdir is not implemented yet`,
    );
  });

  it('mtimes in seconds: fails the unit line, and in filesystem time a lapsed lease is never seen', async () => {
    const results = await runFsSuite(SecondsMtimeFs);
    const unit = 'time: mtimeMs counts milliseconds since 1970 (not seconds, not microseconds)';
    expect(titlesWith(results, 'failed')).toContain(unit);
    expect(messageOf(results, unit)).toMatch(
      /^time: mtimeMs must count milliseconds since 1970 .*: expected 'seconds \(\d+ is \d{4}-/,
    );
    const lock = await runLockSuite(SecondsMtimeFs);
    // Local time never looks at mtimes; filesystem time reads the server's clock from them,
    // which then crawls a thousand times too slow: the lease seems never to end.
    expect(titlesWith(lock, 'failed')).toEqual([
      'lock: an expired lock is broken and taken; its old owner gets ECOMPROMISED at unlock, the new lock untouched (filesystem time, skewed clocks)',
    ]);
    expect(
      messageOf(
        lock,
        'lock: an expired lock is broken and taken; its old owner gets ECOMPROMISED at unlock, the new lock untouched (filesystem time, skewed clocks)',
      ),
    ).toMatch(/^lock: past lifetime \+ slop the lock must be breakable: expected 'theirs'/);
  });

  it('mtimes floored to seconds while declaring 1 ms: fails the resolution line, naming the step', async () => {
    const results = await runFsSuite(FlooredMtimeFs);
    const resolution = 'time: mtimes are as fine as capabilities.mtimeResolutionMs declares';
    // Only the false claim: the mtimes still move forward, a second later.
    expect(titlesWith(results, 'failed')).toEqual([resolution]);
    expect(messageOf(results, resolution)).toMatch(
      /^time: capabilities.mtimeResolutionMs must not be finer than the mtimes, which are all whole multiples of 1000 ms: expected 1 to be greater than or equal to 1000/,
    );
  });

  it('mtimes that a write does not move: fails the line about later writes', async () => {
    const results = await runFsSuite(StuckMtimeFs);
    const later = 'time: mtimes move forward (a file written later, a write into a file)';
    expect(titlesWith(results, 'failed')).toEqual([later]);
    expect(messageOf(results, later)).toMatch(
      /^time: writing into a file must move its mtime forward/,
    );
  });

  it('skips, with the reason, the cases an adapter declares it cannot pass', async () => {
    class NoNlinkFs extends CopyingLinkFs {
      constructor(volume: Volume) {
        super(volume, { capabilities: { reliableNlink: false, reliableIno: false } });
      }
    }
    const results = await runFsSuite(NoNlinkFs);
    const nlink = results.get(
      'link: nlink counts the names, fresh after link and unlink (reliableNlink)',
    );
    expect(nlink).toEqual({
      status: 'skipped',
      message: expect.stringContaining('capabilities.reliableNlink false'),
    });
    expect(titlesWith(results, 'skipped')).toHaveLength(3); // nlink, ino of link, ino of read
  });
});
