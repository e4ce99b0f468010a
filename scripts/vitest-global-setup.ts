import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the packages once before the tests: process tests run the built JavaScript in children. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
