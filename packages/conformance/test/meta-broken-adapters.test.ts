import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import {
  type BrokenAdapterClass,
  CopyingLinkFs,
  OverwritingCreateFs,
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
    createAdapters: () => {
      const shared = new Volume();
      return [new Adapter(shared), new Adapter(shared)];
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
    expect(results.size).toBe(41);
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
