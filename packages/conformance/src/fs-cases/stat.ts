import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/** What is at a path, as lstat sees it: nothing may follow a planted symlink. (Its mtimes: time.ts.) */
export const statCases: CaseGroup = {
  name: 'stat',
  cases: [
    {
      title: 'stat: a file is a file of its size in bytes',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('a'), 'héllo'); // 6 bytes in UTF-8
        const stats = await fs.stat(path('a'));
        expect(stats.isFile(), 'stat: a file must report isFile()').toBe(true);
        expect(stats.isDirectory(), 'stat: a file must not report isDirectory()').toBe(false);
        expect(stats.isSymbolicLink(), 'stat: a file must not report isSymbolicLink()').toBe(false);
        expect(stats.size, 'stat: size must count bytes of the UTF-8 content').toBe(6);
      },
    },
    {
      title: 'stat: a directory is a directory',
      async run({ fs, root, expect }) {
        const stats = await fs.stat(root);
        expect(stats.isDirectory(), 'stat: a directory must report isDirectory()').toBe(true);
        expect(stats.isFile(), 'stat: a directory must not report isFile()').toBe(false);
      },
    },
    {
      title: 'stat: ENOENT for a missing name',
      async run({ fs, path, expect }) {
        expect(
          await outcomeOf(fs.stat(path('missing'))),
          'stat: must fail with ENOENT for a missing name',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'stat: lstat semantics, a symlink is not followed',
      needs: ['symlinks'],
      async run({ fs, path, expect, makeSymlink }) {
        await fs.writeFile(path('target'), 'x');
        await makeSymlink(path('target'), path('link'));
        const stats = await fs.stat(path('link'));
        expect(stats.isSymbolicLink(), 'stat: must report the symlink itself (lstat)').toBe(true);
        expect(stats.isFile(), 'stat: must not follow a symlink to its target').toBe(false);
        const dangling = path('dangling');
        await makeSymlink(path('missing'), dangling);
        expect(
          await outcomeOf(fs.stat(dangling)),
          'stat: a dangling symlink must still be found (lstat)',
        ).toBe('resolved');
      },
    },
  ],
};
