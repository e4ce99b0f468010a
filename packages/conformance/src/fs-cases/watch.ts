import type { FsAdapter } from '@linklock/core';
import { waitUntil } from '../support/wait-until.js';
import type { CaseGroup } from './adapter-case.js';

/**
 * A waiter watches the lock's directory so that a release wakes it at once. The watch is
 * optional (without it waiters back off), but one that is present must not miss a change.
 */
export const watchCases: CaseGroup = {
  name: 'watch',
  cases: [
    {
      title: 'watch: calls back when a name is created in the directory',
      needs: ['watch'],
      advisory: true,
      async run({ fs, root, path, expect }) {
        const seen = await changesDuring(fs, root, () => fs.writeFile(path('lock'), 'x'));
        expect(seen, 'watch: must call back when a name is created in the directory').toBe(true);
      },
    },
    {
      title: 'watch: calls back when a name is renamed away or removed (a release)',
      needs: ['watch'],
      advisory: true,
      async run({ fs, root, path, expect }) {
        await fs.writeFile(path('lock'), 'x');
        const renamed = await changesDuring(fs, root, () =>
          fs.rename(path('lock'), path('lock.tomb')),
        );
        expect(renamed, 'watch: must call back when a name is renamed').toBe(true);
        const removed = await changesDuring(fs, root, () => fs.unlink(path('lock.tomb')));
        expect(removed, 'watch: must call back when a name is removed').toBe(true);
      },
    },
  ],
};

/** Whether a watch of `directory` called back (within a generous bound) after `change`. */
async function changesDuring(
  fs: FsAdapter,
  directory: string,
  change: () => Promise<void>,
): Promise<boolean> {
  let calls = 0;
  const stop = fs.watch!(directory, () => {
    calls += 1;
  });
  try {
    await change();
    return await waitUntil(() => calls > 0);
  } finally {
    stop();
  }
}
