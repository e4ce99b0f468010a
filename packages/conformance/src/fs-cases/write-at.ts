import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/**
 * Refresh rewrites the fixed-width expiry of the holder's own claim in place: the lock file is
 * another name of that claim, so everyone reading the lock sees the new expiry; a truncation
 * would let a reader see a half record, a create would resurrect a removed claim.
 */
export const writeAtCases: CaseGroup = {
  name: 'writeAt',
  cases: [
    {
      title: 'writeAt: writes in place, without truncating',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'abcdefgh');
        await fs.writeAt(path('claim'), 2, 'XY');
        const { data } = await fs.read(path('claim'), { maxBytes: 64 });
        expect(data, 'writeAt: must overwrite in place and keep the rest (no truncation)').toBe(
          'abXYefgh',
        );
      },
    },
    {
      title: 'writeAt: ENOENT for a missing file, nothing created',
      async run({ fs, path, expect }) {
        expect(
          await outcomeOf(fs.writeAt(path('claim'), 0, 'x')),
          'writeAt: must fail with ENOENT for a missing file',
        ).toBe('ENOENT');
        expect(
          await outcomeOf(fs.stat(path('claim'))),
          'writeAt: must not create a missing file',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'writeAt: the other name of a hard-linked file sees the change',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'expires 0001');
        await fs.link(path('claim'), path('lock'));
        await fs.writeAt(path('lock'), 8, '0002');
        const { data } = await fs.read(path('claim'), { maxBytes: 64 });
        expect(data, 'writeAt: the other name of a hard-linked file must see the change').toBe(
          'expires 0002',
        );
      },
    },
    {
      title: 'writeAt: refuses a symlink, its target unchanged',
      needs: ['symlinks'],
      async run({ fs, path, expect, makeSymlink }) {
        await fs.writeFile(path('target'), 'precious');
        await makeSymlink(path('target'), path('claim'));
        const outcome = await outcomeOf(fs.writeAt(path('claim'), 0, 'XX'));
        expect(outcome, 'writeAt: must refuse a symlink (ELOOP)').toBe('ELOOP');
        const { data } = await fs.read(path('target'), { maxBytes: 64 });
        expect(data, 'writeAt: the target of a symlink must stay unchanged').toBe('precious');
      },
    },
  ],
};
