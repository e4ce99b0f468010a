import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/leftovers.mjs', import.meta.url));

describe('after unlock, nothing of the lock is left running', () => {
  it('no timer, no directory watcher, no pending request, after an uncontended and a waited lock', () => {
    const output = execFileSync(process.execPath, [FIXTURE], { encoding: 'utf8', timeout: 20_000 });
    expect(JSON.parse(output)).toEqual([]);
  });
});
