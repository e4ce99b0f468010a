import { outcomeOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/** The lock is taken by linking a claim to the lock path: link must be atomic and exclusive. */
export const linkCases: CaseGroup = {
  name: 'link',
  cases: [
    {
      title: 'link: the new name shows the same content',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'owner record');
        await fs.link(path('claim'), path('lock'));
        const { data } = await fs.read(path('lock'), { maxBytes: 1024 });
        expect(data, 'link: the new name must show the same content').toBe('owner record');
      },
    },
    {
      title: 'link: the two names are one file (a change through one is seen through the other)',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'expires 0000');
        await fs.link(path('claim'), path('lock'));
        await fs.writeAt(path('claim'), 8, '9999');
        const { data } = await fs.read(path('lock'), { maxBytes: 1024 });
        expect(data, 'link: the new name must be the same file, not a copy').toBe('expires 9999');
      },
    },
    {
      title: 'link: EEXIST when the new name exists, that file unchanged',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'mine');
        await fs.writeFile(path('lock'), 'theirs');
        const outcome = await outcomeOf(fs.link(path('claim'), path('lock')));
        expect(outcome, 'link: must fail with EEXIST when the new name exists').toBe('EEXIST');
        const { data } = await fs.read(path('lock'), { maxBytes: 1024 });
        expect(data, 'link: a failed link must leave the existing file unchanged').toBe('theirs');
      },
    },
    {
      title: 'link: ENOENT when the existing name is missing, nothing created',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        const outcome = await outcomeOf(fs.link(path('gone'), path('lock')));
        expect(outcome, 'link: must fail with ENOENT when the existing name is missing').toBe(
          'ENOENT',
        );
        expect(
          await outcomeOf(fs.stat(path('lock'))),
          'link: a failed link must not create the new name',
        ).toBe('ENOENT');
      },
    },
    {
      title: 'link: removing one name leaves the other with the content',
      needs: ['hardLinks'],
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'owner record');
        await fs.link(path('claim'), path('lock'));
        await fs.unlink(path('claim'));
        const { data } = await fs.read(path('lock'), { maxBytes: 1024 });
        expect(data, 'link: the other name must survive unlinking one').toBe('owner record');
      },
    },
    {
      title: 'link: both names report one inode number, another file another (reliableIno)',
      needs: ['hardLinks', 'reliableIno'],
      advisory: true,
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'x');
        await fs.writeFile(path('other'), 'y');
        await fs.link(path('claim'), path('lock'));
        const [claim, lock, other] = await Promise.all(
          ['claim', 'lock', 'other'].map((name) => fs.stat(path(name))),
        );
        expect(lock!.ino, 'link: both names must report the same ino').toBe(claim!.ino);
        expect(other!.ino, 'link: a different file must report a different ino').not.toBe(
          claim!.ino,
        );
      },
    },
    {
      title: 'link: nlink counts the names, fresh after link and unlink (reliableNlink)',
      needs: ['hardLinks', 'reliableNlink'],
      advisory: true,
      async run({ fs, path, expect }) {
        await fs.writeFile(path('claim'), 'x');
        expect((await fs.stat(path('claim'))).nlink, 'link: a new file must have nlink 1').toBe(1);
        await fs.link(path('claim'), path('lock'));
        expect((await fs.stat(path('claim'))).nlink, 'link: nlink must be 2 after a link').toBe(2);
        expect(
          (await fs.read(path('lock'), { maxBytes: 16 })).stats.nlink,
          'link: the stats of read() must count both names too',
        ).toBe(2);
        await fs.unlink(path('lock'));
        expect((await fs.stat(path('claim'))).nlink, 'link: nlink must be 1 after unlink').toBe(1);
      },
    },
  ],
};
