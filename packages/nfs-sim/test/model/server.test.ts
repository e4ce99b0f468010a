import { describe, expect, it } from 'vitest';
import { NfsServer } from '../../src/server/nfs-server.js';
import { SIM_EPOCH_MS } from '../../src/sim/client-clock.js';
import { DIR, inDir, Rig } from './support/rig.js';

/** A bare server whose clock the test sets. */
function server() {
  const clock = { now: SIM_EPOCH_MS };
  const fs = new NfsServer(() => clock.now, [DIR]);
  return { fs, clock };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const A = inDir('a');
const B = inDir('b');
const C = inDir('c');

describe('NfsServer (the truth)', () => {
  describe('CREATE', () => {
    it('creates a file with one link and the given content', () => {
      const { fs } = server();
      const { attributes } = fs.create(A, 'hello', { exclusive: true });
      expect(attributes).toMatchObject({ type: 'file', nlink: 1, size: 5 });
      expect(fs.read(attributes.ino, A).data).toBe('hello');
    });

    it('answers EEXIST to an exclusive create of an existing name and leaves the file alone', () => {
      const { fs } = server();
      fs.create(A, 'first', { exclusive: true });
      expect(codeOf(() => fs.create(A, 'second', { exclusive: true }))).toBe('EEXIST');
      expect(fs.read(fs.getattrPath(A).ino, A).data).toBe('first');
    });

    it('runs an EXCLUSIVE create again without EEXIST for the same verifier, and only for it', () => {
      // Checked against nfs-ganesha (packages/nfs/test-nfs/model-vs-server.test.ts): a CREATE
      // EXCLUSIVE whose reply was lost and whose retransmission missed the duplicate request
      // cache answers NFS3_OK; GUARDED answers NFS3ERR_EXIST.
      const { fs } = server();
      const first = fs.create(A, 'claim', { exclusive: true, verifier: 'client-a#1' }).attributes;
      const again = fs.create(A, 'claim', { exclusive: true, verifier: 'client-a#1' }).attributes;
      expect(again.ino).toBe(first.ino);
      expect(fs.read(first.ino, A).data).toBe('claim');
      expect(codeOf(() => fs.create(A, 'other', { exclusive: true, verifier: 'client-b#1' }))).toBe(
        'EEXIST',
      );
      expect(codeOf(() => fs.create(A, 'other', { exclusive: true }))).toBe('EEXIST');
    });

    it('replaces the content of an existing file on a non-exclusive create (same inode)', () => {
      const { fs } = server();
      const first = fs.create(A, 'first', { exclusive: true }).attributes;
      const second = fs.create(A, 'second!', { exclusive: false }).attributes;
      expect(second.ino).toBe(first.ino);
      expect(second.size).toBe(7);
      expect(second.change).toBeGreaterThan(first.change);
    });

    it('changes the file, not the directory, when it rewrites an existing name', () => {
      // No name is added: other clients' cached lookups of the directory stay valid.
      const { fs, clock } = server();
      fs.create(A, 'first', { exclusive: true });
      const directory = fs.getattrPath(DIR);
      clock.now += 1_000;
      const reply = fs.create(A, 'second', { exclusive: false });
      expect(fs.getattrPath(DIR)).toEqual(directory);
      expect(reply.directory.before).toBe(directory.change);
      expect(reply.directory.after).toEqual(directory);
    });

    it('answers ENOENT when the directory does not exist', () => {
      const { fs } = server();
      expect(codeOf(() => fs.create('/export/nowhere/a', '', { exclusive: true }))).toBe('ENOENT');
    });

    it("reports the directory's change attribute before and after (wcc data)", () => {
      const { fs } = server();
      const before = fs.getattrPath(DIR).change;
      const { directory } = fs.create(A, '', { exclusive: true });
      expect(directory.path).toBe(DIR);
      expect(directory.before).toBe(before);
      expect(directory.after.change).toBeGreaterThan(before);
      expect(fs.getattrPath(DIR).change).toBe(directory.after.change);
    });
  });

  describe('LINK', () => {
    it('adds a second name for the same inode and counts it', () => {
      const { fs } = server();
      const { ino } = fs.create(A, 'x', { exclusive: true }).attributes;
      const { attributes } = fs.link(A, B);
      expect(attributes.ino).toBe(ino);
      expect(attributes.nlink).toBe(2);
      expect(fs.getattrPath(B)).toEqual(fs.getattrPath(A));
    });

    it('answers EEXIST when the new name exists, changing nothing', () => {
      const { fs } = server();
      fs.create(A, 'a', { exclusive: true });
      fs.create(B, 'b', { exclusive: true });
      const before = fs.getattrPath(A);
      expect(codeOf(() => fs.link(A, B))).toBe('EEXIST');
      expect(fs.getattrPath(A)).toEqual(before);
      expect(fs.getattrPath(B).ino).not.toBe(before.ino);
    });

    it('answers ENOENT when the existing name does not exist', () => {
      const { fs } = server();
      expect(codeOf(() => fs.link(A, B))).toBe('ENOENT');
      expect(fs.exists(B)).toBe(false);
    });

    it("changes the inode's change attribute but not its mtime (a link moves ctime)", () => {
      const { fs, clock } = server();
      const created = fs.create(A, 'x', { exclusive: true }).attributes;
      clock.now += 5_000;
      const linked = fs.link(A, B).attributes;
      expect(linked.mtimeMs).toBe(created.mtimeMs);
      expect(linked.change).toBeGreaterThan(created.change);
    });
  });

  describe('REMOVE', () => {
    it('drops one name; the inode lives on while another name holds it', () => {
      const { fs } = server();
      const { ino } = fs.create(A, 'x', { exclusive: true }).attributes;
      fs.link(A, B);
      fs.remove(A);
      expect(fs.exists(A)).toBe(false);
      expect(fs.getattr(ino, B)).toMatchObject({ ino, nlink: 1 });
    });

    it('frees the inode at the last name: its file handle answers ESTALE', () => {
      const { fs } = server();
      const { ino } = fs.create(A, 'x', { exclusive: true }).attributes;
      expect(fs.remove(A).ino).toBe(ino);
      expect(codeOf(() => fs.getattr(ino, A))).toBe('ESTALE');
      expect(codeOf(() => fs.read(ino, A))).toBe('ESTALE');
    });

    it('answers ENOENT for a missing name', () => {
      const { fs } = server();
      expect(codeOf(() => fs.remove(A))).toBe('ENOENT');
    });
  });

  describe('RENAME', () => {
    it('moves the name, keeping the inode', () => {
      const { fs } = server();
      const { ino } = fs.create(A, 'x', { exclusive: true }).attributes;
      fs.rename(A, B);
      expect(fs.exists(A)).toBe(false);
      expect(fs.getattrPath(B)).toMatchObject({ ino, nlink: 1 });
    });

    it("replaces an existing target atomically: the target's old inode goes stale", () => {
      const { fs } = server();
      const moved = fs.create(A, 'new', { exclusive: true }).attributes.ino;
      const replaced = fs.create(B, 'old', { exclusive: true }).attributes.ino;
      fs.rename(A, B);
      expect(fs.readdir(DIR)).toEqual(['b']);
      expect(fs.getattrPath(B).ino).toBe(moved);
      expect(fs.read(moved, B).data).toBe('new');
      expect(codeOf(() => fs.getattr(replaced, B))).toBe('ESTALE');
    });

    it('keeps a replaced inode that has another name, one link fewer', () => {
      const { fs } = server();
      fs.create(A, 'new', { exclusive: true });
      const replaced = fs.create(B, 'old', { exclusive: true }).attributes.ino;
      fs.link(B, C);
      fs.rename(A, B);
      expect(fs.getattr(replaced, C)).toMatchObject({ nlink: 1 });
    });

    it('does nothing when both names are links to the same file (POSIX)', () => {
      const { fs } = server();
      fs.create(A, 'x', { exclusive: true });
      fs.link(A, B);
      fs.rename(A, B);
      expect(fs.readdir(DIR)).toEqual(['a', 'b']);
      expect(fs.getattrPath(A).nlink).toBe(2);
    });

    it('answers ENOENT when the source is missing', () => {
      const { fs } = server();
      expect(codeOf(() => fs.rename(A, B))).toBe('ENOENT');
    });
  });

  describe('file handles', () => {
    it('are never reused after a removal, so an old handle cannot reach a new file', () => {
      const { fs } = server();
      const seen = new Set<number>();
      for (let round = 0; round < 20; round += 1) {
        const { ino } = fs.create(A, `round ${round}`, { exclusive: true }).attributes;
        expect(seen.has(ino)).toBe(false);
        seen.add(ino);
        fs.remove(A);
      }
      const newest = fs.create(A, 'newest', { exclusive: true }).attributes.ino;
      for (const old of seen) expect(codeOf(() => fs.getattr(old, A))).toBe('ESTALE');
      expect(seen.has(newest)).toBe(false);
    });
  });

  describe('timestamps', () => {
    it("stamps creation and writes with the server's clock", () => {
      const { fs, clock } = server();
      clock.now = SIM_EPOCH_MS + 1_234.5;
      const { ino, mtimeMs } = fs.create(A, 'x', { exclusive: true }).attributes;
      expect(mtimeMs).toBe(SIM_EPOCH_MS + 1_234.5);
      clock.now = SIM_EPOCH_MS + 9_000;
      expect(fs.write(ino, A, 1, 'yz').mtimeMs).toBe(SIM_EPOCH_MS + 9_000);
    });

    it("stamps the directory's mtime when a name is added or removed", () => {
      const { fs, clock } = server();
      clock.now = SIM_EPOCH_MS + 7_000;
      fs.create(A, 'x', { exclusive: true });
      expect(fs.getattrPath(DIR).mtimeMs).toBe(SIM_EPOCH_MS + 7_000);
      clock.now = SIM_EPOCH_MS + 8_000;
      fs.remove(A);
      expect(fs.getattrPath(DIR).mtimeMs).toBe(SIM_EPOCH_MS + 8_000);
    });

    it('stores the mtime a SETATTR sends, whatever the server clock says', () => {
      const { fs, clock } = server();
      const created = fs.create(A, 'x', { exclusive: true }).attributes;
      clock.now = SIM_EPOCH_MS + 60_000;
      const set = fs.setMtime(A, SIM_EPOCH_MS - 3_600_000);
      expect(set.mtimeMs).toBe(SIM_EPOCH_MS - 3_600_000);
      expect(set.change).toBeGreaterThan(created.change);
    });

    describe('through clients whose clocks are wrong', () => {
      it("a file created by a client an hour ahead carries the server's time", async () => {
        const rig = new Rig();
        const ahead = rig.client('ahead', { clock: { offsetMs: 3_600_000 } }).process();
        await rig.advanceTo(10_000);

        await rig.run(ahead.fs.writeFile(A, 'x', { exclusive: true }));
        const createdAt = rig.received('CREATE')[0]!.t;

        expect((await rig.run(ahead.fs.stat(A))).mtimeMs).toBe(SIM_EPOCH_MS + createdAt);
      });

      it("utimes stores the client's own clock reading, not the server's time", async () => {
        const rig = new Rig();
        const behind = rig.client('behind', { clock: { offsetMs: -90_000 } });
        const p = behind.process();
        await rig.advanceTo(10_000);
        await rig.run(p.fs.writeFile(A, 'x', { exclusive: true }));

        const sentAt = rig.now();
        const sent = behind.nfs.now();
        await rig.run(p.fs.utimes(A, sent));

        expect(sent).toBe(SIM_EPOCH_MS + sentAt - 90_000);
        expect(rig.truth.getattrPath(A).mtimeMs).toBe(sent);
        expect((await rig.run(p.fs.stat(A))).mtimeMs).toBe(sent);
      });
    });
  });
});
