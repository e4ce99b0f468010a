import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/** Claims are created exclusively (a name is never taken twice) and complete before linking. */
export const writeFileCases: CaseGroup = {
  name: 'writeFile',
  cases: [
    {
      title: 'writeFile: creates a file holding exactly the data',
      async run({ fs, path, expect }) {
        const line = 'writeFile: creates a file holding exactly the data';
        await fs.writeFile(path('a'), 'hello, lock');
        const { data, stats } = await fs.read(path('a'), { maxBytes: 1024 });
        expect(data, line).toBe('hello, lock');
        expect(stats.isFile(), `${line} (a regular file)`).toBe(true);
      },
    },
    {
      title: 'writeFile: without exclusive, replaces the whole content of an existing file',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('a'), 'a much longer first content');
        await fs.writeFile(path('a'), 'short');
        const { data } = await fs.read(path('a'), { maxBytes: 1024 });
        expect(data, 'writeFile: without exclusive, the old content must be gone (truncated)').toBe(
          'short',
        );
      },
    },
    {
      title: 'writeFile exclusive: creates the file when the name is free',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'record', { exclusive: true });
        const { data } = await fs.read(path('claim'), { maxBytes: 1024 });
        expect(data, 'writeFile exclusive: creates the file when the name is free').toBe('record');
      },
    },
    {
      title: 'writeFile exclusive: EEXIST when the name exists, the file unchanged',
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'first');
        const outcome = await outcomeOf(fs.writeFile(path('claim'), 'second', { exclusive: true }));
        expect(outcome, 'writeFile exclusive: must fail with EEXIST when the name exists').toBe(
          'EEXIST',
        );
        const { data } = await fs.read(path('claim'), { maxBytes: 1024 });
        expect(data, 'writeFile exclusive: a failed create must leave the file unchanged').toBe(
          'first',
        );
      },
    },
    {
      title: 'writeFile exclusive: EEXIST on a symlink, even a dangling one, nothing created',
      needs: ['symlinks'],
      async run({ fs, path, expect, makeSymlink }) {
        await makeSymlink(path('missing-target'), path('claim'));
        const outcome = await outcomeOf(fs.writeFile(path('claim'), 'x', { exclusive: true }));
        expect(outcome, 'writeFile exclusive: must fail with EEXIST on a dangling symlink').toBe(
          'EEXIST',
        );
        expect(
          await outcomeOf(fs.stat(path('missing-target'))),
          'writeFile exclusive: must not create the target of a symlink',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'writeFile: ENOENT in a missing directory',
      async run({ fs, path, expect }) {
        const outcome = await outcomeOf(fs.writeFile(path('no-such-dir/a'), 'x'));
        expect(outcome, 'writeFile: must fail with ENOENT in a missing directory').toBe('ENOENT');
      },
    },
  ],
};
