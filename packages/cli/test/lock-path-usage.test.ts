import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Found by argv.property.test.ts: `linklock break /` exited 1 with the lock's TypeError, as if
// something had gone wrong on the way, where the command line itself cannot be run.
describe('a lock path that can never name a lock file', () => {
  it.each([[['break', '/']], [['status', '/']], [['run', '/', '--', 'true']]])(
    'is a usage error: exit 2, one line and the hint: %j',
    async (args) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^linklock: The lock file path must name a file, got '[^']*'\n\(see linklock [a-z]+ --help\)\n$/,
      );
      expect(result.stdout).toBe('');
    },
  );
});
