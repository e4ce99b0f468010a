import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Found by argv.property.test.ts: the commands were looked up as properties of a plain object,
// so `linklock constructor` failed with "command.run is not a function" (exit 1) and
// `linklock help constructor` printed "undefined".
describe('a word every object has a property for is no command', () => {
  it.each([['constructor'], ['__proto__'], ['toString']])(
    '%s: an unknown command, exit 2 with one line and the hint',
    async (name) => {
      for (const args of [[name], ['help', name]]) {
        const result = await runCli(args);
        expect(result.code, JSON.stringify(args)).toBe(2);
        expect(result.stderr).toBe(
          `linklock: unknown command ${JSON.stringify(name)} (commands: run, status, break, simulate, replay, check, demo)\n(see linklock --help)\n`,
        );
        expect(result.stdout).toBe('');
      }
    },
  );
});
