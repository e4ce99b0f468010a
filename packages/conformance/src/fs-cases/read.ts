import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

const LIMIT = { maxBytes: 1024 };

/**
 * Every decision of the lock rests on reading the lock file: the content and the stats must be
 * one file's (one open), bounded (a huge foreign file is refused, not loaded), and never
 * through a symlink (a planted symlink is foreign, its target untouched).
 */
export const readCases: CaseGroup = {
  name: 'read',
  cases: [
    {
      title: "read: the file's content, with its own stats",
      async run({ fs, path, expect }) {
        await fs.writeFile(path('lock'), 'host wéb1\n');
        const { data, stats } = await fs.read(path('lock'), LIMIT);
        expect(data, 'read: must return the content as UTF-8 text').toBe('host wéb1\n');
        expect(stats.isFile(), 'read: the stats must be those of the file read').toBe(true);
        expect(stats.size, 'read: stats.size must be the size of the content read').toBe(11);
      },
    },
    {
      title: 'read: the stats belong to the file read (same inode as stat) (reliableIno)',
      needs: ['reliableIno'],
      advisory: true,
      async run({ fs, path, expect }) {
        await fs.writeFile(path('a'), 'a');
        await fs.writeFile(path('b'), 'b');
        const read = await fs.read(path('b'), LIMIT);
        expect(read.stats.ino, 'read: stats.ino must be the inode of the file read').toBe(
          (await fs.stat(path('b'))).ino,
        );
      },
    },
    {
      title: 'read: EFBIG over maxBytes (counted in bytes), the whole file at exactly maxBytes',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('big'), 'ééééé'); // 10 bytes, 5 characters
        expect(
          await outcomeOf(fs.read(path('big'), { maxBytes: 9 })),
          'read: must fail with EFBIG when the file has more than maxBytes bytes',
        ).toBe('EFBIG');
        const { data } = await fs.read(path('big'), { maxBytes: 10 });
        expect(data, 'read: a file of exactly maxBytes bytes must be read whole').toBe('ééééé');
      },
    },
    {
      title: 'read: ELOOP on a symlink, not followed',
      needs: ['symlinks'],
      async run({ fs, path, expect, makeSymlink }) {
        await fs.writeFile(path('target'), 'not the lock');
        await makeSymlink(path('target'), path('lock'));
        expect(
          await outcomeOf(fs.read(path('lock'), LIMIT)),
          'read: must fail with ELOOP on a symlink (opened without following it)',
        ).toBe('ELOOP');
      },
    },
    {
      title: 'read: EISDIR on a directory',
      async run({ fs, root, expect }) {
        expect(
          await outcomeOf(fs.read(root, LIMIT)),
          'read: must fail with EISDIR on anything not a regular file',
        ).toBe('EISDIR');
      },
    },
    {
      title: 'read: ENOENT for a missing file',
      async run({ fs, path, expect }) {
        expect(
          await outcomeOf(fs.read(path('missing'), LIMIT)),
          'read: must fail with ENOENT for a missing file',
        ).toBe('ENOENT');
      },
    },
  ],
};
