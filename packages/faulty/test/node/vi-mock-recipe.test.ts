// The vi.mock recipe of docs/faulty-node.md, as the guide shows it: code that imports
// node:fs/promises itself, tested against the facade over memfs.
import { createFaultyNodeFs, type FaultyNodeFs, type NodeFaultRule } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import { expect, it, onTestFailed, vi } from 'vitest';
import { loadSettings, saveSettings } from './support/settings.js';

// vi.mock is hoisted above the imports: what its factory uses must be hoisted too.
const disk = vi.hoisted(() => ({ current: undefined as unknown as FaultyNodeFs }));
vi.mock('node:fs/promises', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current, 'promises');
});

/** A fresh volume for each test, seen through a facade with these rules. */
function useDisk(rules: NodeFaultRule[] = []): Volume {
  const volume = new Volume();
  volume.mkdirSync('/etc/app', { recursive: true });
  disk.current = createFaultyNodeFs({ inner: volume, rules });
  disk.current.printOnFailure(onTestFailed);
  return volume;
}

it('keeps the old settings when the disk fills up half way', async () => {
  const volume = useDisk([{ op: 'writeFile', errno: 'ENOSPC', partial: 8 }]);
  volume.writeFileSync('/etc/app/settings.json', '{"theme":"dark"}');

  await expect(saveSettings('/etc/app/settings.json', { theme: 'light' })).rejects.toMatchObject({
    code: 'ENOSPC',
  });

  expect(await loadSettings('/etc/app/settings.json')).toEqual({ theme: 'dark' });
});

it('reports a lost rename reply as a failure, although the settings were saved', async () => {
  useDisk([{ op: 'rename', errno: 'EIO', phase: 'after' }]);

  await expect(saveSettings('/etc/app/settings.json', { theme: 'light' })).rejects.toMatchObject({
    code: 'EIO',
  });

  expect(await loadSettings('/etc/app/settings.json')).toEqual({ theme: 'light' });
  expect(disk.current.history().map((entry) => `${entry.op} ${entry.outcome}`)).toEqual([
    'writeFile ok',
    'rename EIO',
    'unlink ENOENT',
    'readFile ok',
  ]);
});
