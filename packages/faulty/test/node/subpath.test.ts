// The published subpath: `tsc -b` emits @linklock/faulty/node with its types, and another
// workspace package resolves it to the built files when run by Node itself (no `source`
// condition; the tests of that package resolve it to the sources through vitest's).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = fileURLToPath(
  new URL('../../../../examples/testing-with-faults/', import.meta.url),
);

it('is built with its types, and resolves from another workspace package to the build', () => {
  expect(existsSync(`${PACKAGE}dist/node/index.js`)).toBe(true);
  expect(existsSync(`${PACKAGE}dist/node/index.d.ts`)).toBe(true);

  const script = `
    const url = import.meta.resolve('@linklock/faulty/node');
    const { createFaultyNodeFs } = await import('@linklock/faulty/node');
    const { Volume } = await import('memfs');
    const { fs } = createFaultyNodeFs({ inner: new Volume(), rules: [{ op: 'mkdir', errno: 'EIO' }] });
    let code;
    try { fs.mkdirSync('/x'); } catch (error) { code = error.code; }
    console.log(JSON.stringify({ url, code }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: EXAMPLE,
    encoding: 'utf8',
  });

  const { url, code } = JSON.parse(output) as { url: string; code: string };
  expect(url).toMatch(/packages\/faulty\/dist\/node\/index\.js$/);
  expect(code).toBe('EIO');
});
