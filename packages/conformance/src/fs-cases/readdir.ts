import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/** The sweep finds leftover claims and tombstones by listing the lock's directory. */
export const readdirCases: CaseGroup = {
  name: 'readdir',
  cases: [
    {
      title: 'readdir: lists exactly the names in the directory (no . or ..)',
      async run({ fs, root, path, expect }) {
        await fs.writeFile(path('jobs.lock.claim.a'), 'x');
        await fs.writeFile(path('jobs.lock.tomb.b'), 'y');
        const names = [...(await fs.readdir(root))].sort();
        expect(names, 'readdir: must list exactly the names in the directory').toEqual([
          'jobs.lock.claim.a',
          'jobs.lock.tomb.b',
        ]);
      },
    },
    {
      title: 'readdir: ENOENT for a missing directory',
      async run({ fs, path, expect }) {
        expect(
          await outcomeOf(fs.readdir(path('no-such-dir'))),
          'readdir: must fail with ENOENT for a missing directory',
        ).toBe('ENOENT');
      },
    },
  ],
};
