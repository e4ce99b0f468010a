import type { FsAdapter } from '@linklock/core';
import { FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld, rejection } from './support/fixture.js';

function setup() {
  const world = memfsWorld();
  world.volume.writeFileSync('/d/taken', 'someone else');
  const fs = new FaultyFs(world.inner, {
    seed: 77,
    rules: [{ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' }, name: 'sshfs' }],
  });
  return { ...world, fs };
}

describe(FaultyFs, () => {
  describe('rules', () => {
    describe('translate', () => {
      it('reports EPERM where link really failed with EEXIST, like sshfs', async () => {
        const { fs, content } = setup();
        const error = await rejection(fs.link('/d/a', '/d/taken'));
        expect(error).toMatchObject({
          code: 'EPERM',
          errno: -1,
          syscall: 'link',
          path: '/d/taken',
        });
        expect(error.message).toContain('EEXIST translated by FaultyFs seed 77, sshfs');
        expect(content('/d/taken')).toBe('someone else');
        expect(fs.history()[0]).toMatchObject({ outcome: 'EPERM', injected: true, fault: 'sshfs' });
      });

      it('leaves a link that succeeds alone', async () => {
        const { fs, exists } = setup();
        await expect(fs.link('/d/a', '/d/b')).resolves.toBeUndefined();
        expect(exists('/d/b')).toBe(true);
        expect(fs.history()[0]).toMatchObject({ outcome: 'ok', injected: false });
      });

      it('leaves other errors of link alone', async () => {
        const { fs } = setup();
        const error = await rejection(fs.link('/d/missing', '/d/b'));
        expect(error.code).toBe('ENOENT');
        expect(fs.history()[0]).toMatchObject({ outcome: 'ENOENT', injected: false });
        expect(fs.history()[0]?.fault).toBeUndefined();
      });

      it('leaves the same error of other operations alone', async () => {
        const { fs } = setup();
        await expect(fs.writeFile('/d/taken', 'x', { exclusive: true })).rejects.toMatchObject({
          code: 'EEXIST',
        });
      });

      it('obeys triggers, counting only the calls that failed with `from`', async () => {
        const { inner, volume } = memfsWorld();
        volume.writeFileSync('/d/taken', '');
        const fs = new FaultyFs(inner, {
          rules: [{ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' }, nth: 2 }],
        });
        await fs.link('/d/a', '/d/b');
        const codes: Array<string | undefined> = [];
        for (let i = 0; i < 3; i += 1)
          codes.push((await rejection(fs.link('/d/a', '/d/taken'))).code);
        expect(codes).toEqual(['EEXIST', 'EPERM', 'EEXIST']);
      });

      it('leaves an error without a code untouched, even when an errno rule concerns the call', async () => {
        const { inner } = memfsWorld();
        const failure = new Error('not an errno error');
        const broken: FsAdapter = {
          capabilities: inner.capabilities,
          writeFile: (...args) => inner.writeFile(...args),
          read: (...args) => inner.read(...args),
          writeAt: (...args) => inner.writeAt(...args),
          link: () => Promise.reject(failure),
          unlink: (...args) => inner.unlink(...args),
          rename: (...args) => inner.rename(...args),
          stat: (...args) => inner.stat(...args),
          readdir: (...args) => inner.readdir(...args),
        };
        const fs = new FaultyFs(broken, { rules: [{ op: 'link', errno: 'EIO', phase: 'after' }] });
        await expect(fs.link('/d/a', '/d/b')).rejects.toBe(failure);
        expect(fs.history()[0]).toMatchObject({ outcome: 'error', injected: false });
      });
    });
  });
});
