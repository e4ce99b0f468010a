// write-file-atomic 7.0.1 (npm's own writer) is CommonJS and calls require('fs') itself: no
// `fs` option, and vi.mock does not reach a require made inside node_modules, inlined or not.
// This test shows it: with node:fs and fs mocked by a facade that fails every call, it still
// writes to the real disk. So it is not among the libraries run under faults.
import { createRequire } from 'node:module';
import { createFaultyNodeFs, type FaultyNodeFs } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import { afterEach, expect, it, vi } from 'vitest';
import writeFileAtomic from 'write-file-atomic';

const disk = vi.hoisted(() => ({ current: undefined as unknown as FaultyNodeFs }));
vi.mock('node:fs', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current);
});
vi.mock('fs', async () => {
  const { mockedFsModule } = await import('@linklock/faulty/node');
  return mockedFsModule(() => disk.current);
});

const realFs: typeof import('node:fs') = createRequire(import.meta.url)('node:fs');
const { join } = createRequire(import.meta.url)('node:path') as typeof import('node:path');
const { tmpdir } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) realFs.rmSync(dir, { recursive: true, force: true });
});

it('is not reached by vi.mock: it writes to the real disk although the mock fails every call', async () => {
  disk.current = createFaultyNodeFs({ inner: new Volume(), rules: [{ op: '*', errno: 'EIO' }] });
  dir = realFs.mkdtempSync(join(tmpdir(), 'faulty-wfa-'));

  await writeFileAtomic(join(dir, 'file'), 'written');

  expect(realFs.readFileSync(join(dir, 'file'), 'utf8')).toBe('written');
  expect(disk.current.history()).toEqual([]);
});
