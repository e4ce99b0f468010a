import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Where scripts/realfs/setup.sh mounted everything. */
export const ROOT = process.env.LINKLOCK_REALFS ?? '/tmp/linklock-realfs';

const MOUNTS = { view1: 'fuse', view2: 'fuse', ssh: 'fuse.sshfs' } as const;

/** Fails with what to do when the mounts of setup.sh are not there. */
export function requireRealfs(): void {
  const table = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const [name, type] of Object.entries(MOUNTS)) {
    const mounted = table
      .split('\n')
      .some((line) => line.includes(` ${join(ROOT, name)} `) && line.includes(` - ${type} `));
    if (!mounted) {
      throw new Error(
        `${join(ROOT, name)} is not a ${type} mount: run scripts/realfs/setup.sh first (pnpm test:realfs does)`,
      );
    }
  }
}

/** One directory of the backing store, as each "client" reaches it. */
export interface Scene {
  backing: string;
  view1: string;
  view2: string;
  ssh: string;
  /** A file in the backing directory holding 0, for contenders to increment. */
  counter: string;
}

/** A fresh directory per test under the backing store, removed afterwards. */
export function useScene(): () => Scene {
  let scene: Scene | undefined;
  let count = 0;
  afterEach(() => {
    if (scene !== undefined) rmSync(scene.backing, { recursive: true, force: true });
    scene = undefined;
  });
  return () => {
    requireRealfs();
    count += 1;
    const name = `t-${process.pid}-${Date.now()}-${count}`;
    const backing = join(ROOT, 'backing', name);
    mkdirSync(backing);
    const counter = join(backing, 'counter');
    writeFileSync(counter, '0\n');
    scene = {
      backing,
      view1: join(ROOT, 'view1', name),
      view2: join(ROOT, 'view2', name),
      ssh: join(ROOT, 'ssh', name),
      counter,
    };
    return scene;
  };
}
