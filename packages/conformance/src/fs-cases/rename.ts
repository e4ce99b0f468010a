import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/**
 * Release and break move the lock file aside to a fresh tombstone name (atomic: the name is
 * decided by the storage), then read the tombstone; the fencing counter is replaced by rename.
 */
export const renameCases: CaseGroup = {
  name: 'rename',
  cases: [
    {
      title: 'rename: onto a free name moves the file (the old name gone)',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('lock'), 'record');
        await fs.rename(path('lock'), path('tomb'));
        expect(await outcomeOf(fs.stat(path('lock'))), 'rename: the old name must be gone').toBe(
          'ENOENT',
        );
        const { data } = await fs.read(path('tomb'), { maxBytes: 64 });
        expect(data, 'rename: the new name must show the moved content').toBe('record');
      },
    },
    {
      title: 'rename: over an existing file replaces it',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('fence.new'), '42');
        await fs.writeFile(path('fence'), '41');
        await fs.rename(path('fence.new'), path('fence'));
        const { data } = await fs.read(path('fence'), { maxBytes: 64 });
        expect(data, 'rename: over an existing file must replace its content').toBe('42');
        expect(
          await outcomeOf(fs.stat(path('fence.new'))),
          'rename: over an existing file, the old name must be gone',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'rename: the moved name stays a name of the same file (hard links kept)',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'nonce AAAA');
        await fs.link(path('claim'), path('lock'));
        await fs.rename(path('lock'), path('tomb'));
        await fs.writeAt(path('claim'), 6, 'BBBB');
        const { data } = await fs.read(path('tomb'), { maxBytes: 64 });
        expect(data, 'rename: the renamed name must still be the same file as its links').toBe(
          'nonce BBBB',
        );
      },
    },
    {
      title: 'rename: ENOENT when the old name is missing, the target unchanged',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('tomb'), 'untouched');
        const outcome = await outcomeOf(fs.rename(path('lock'), path('tomb')));
        expect(outcome, 'rename: must fail with ENOENT when the old name is missing').toBe(
          'ENOENT',
        );
        const { data } = await fs.read(path('tomb'), { maxBytes: 64 });
        expect(data, 'rename: a failed rename must leave the target unchanged').toBe('untouched');
      },
    },
  ],
};
