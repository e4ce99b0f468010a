import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/** Release and cleanup unlink; ENOENT tells "already gone" (a lost reply, a sweep) from failure. */
export const unlinkCases: CaseGroup = {
  name: 'unlink',
  cases: [
    {
      title: 'unlink: removes the name',
      async run({ fs, root, path, expect }) {
        await fs.writeFile(path('a'), 'x');
        await fs.unlink(path('a'));
        expect(await outcomeOf(fs.stat(path('a'))), 'unlink: the name must be gone').toBe('ENOENT');
        expect(await fs.readdir(root), 'unlink: readdir must no longer list it').not.toContain('a');
      },
    },
    {
      title: 'unlink: ENOENT when the name is already gone',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('a'), 'x');
        await fs.unlink(path('a'));
        expect(
          await outcomeOf(fs.unlink(path('a'))),
          'unlink: must fail with ENOENT when the name is gone',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'unlink: removes a symlink itself, not its target',
      needs: ['symlinks'],
      async run({ fs, path, expect, makeSymlink }) {
        await fs.writeFile(path('target'), 'keep me');
        await makeSymlink(path('target'), path('link'));
        await fs.unlink(path('link'));
        expect(await outcomeOf(fs.stat(path('link'))), 'unlink: the symlink must be gone').toBe(
          'ENOENT',
        );
        const { data } = await fs.read(path('target'), { maxBytes: 64 });
        expect(data, 'unlink: the target of a symlink must stay').toBe('keep me');
      },
    },
  ],
};
