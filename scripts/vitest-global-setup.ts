import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the packages once before the tests, as `pnpm build` does: process tests run the built
 * JavaScript in children, and the report's page script is bundled there (nfs-sim's src imports
 * the bundle, so tests of its sources need it too). Incremental: fast when up to date.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
