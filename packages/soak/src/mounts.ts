import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The mounts of scripts/realfs/setup.sh, by name under the root, with their filesystem type. */
const MOUNTS = { view1: 'fuse', view2: 'fuse', ssh: 'fuse.sshfs' } as const;

/**
 * Why the soak cannot run under `root`, with what to run: undefined when the backing directory
 * is there and the two bindfs views and the sshfs mount are mounted. The soak does not run
 * setup.sh itself: it installs packages, starts sshd and needs the network, which a soak
 * should not do behind its user's back, and CI has the mounts up already for test:realfs.
 */
export function missingMounts(root: string, env: NodeJS.ProcessEnv): string | undefined {
  const table = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const missing = Object.entries(MOUNTS)
    .filter(([name, type]) => {
      const point = ` ${join(root, name)} `;
      return !table.some((line) => line.includes(point) && line.includes(` - ${type} `));
    })
    .map(([name]) => join(root, name));
  if (!existsSync(join(root, 'backing'))) missing.unshift(join(root, 'backing'));
  if (missing.length === 0) return undefined;
  const port =
    env.LINKLOCK_REALFS_SSH_PORT === undefined
      ? ''
      : `LINKLOCK_REALFS_SSH_PORT=${env.LINKLOCK_REALFS_SSH_PORT} `;
  return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not mounted: run ${port}bash scripts/realfs/setup.sh ${root} first (and scripts/realfs/teardown.sh ${root} when done)`;
}
