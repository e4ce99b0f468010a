import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GaneshaTarget } from './model-check/ganesha-target.js';
import { ModelTarget } from './model-check/model-target.js';
import { runScript, SCRIPTS } from './model-check/scripts.js';
import type { ServerTarget } from './model-check/server-target.js';
import { EXPORT_DIR, NOAC_EXPORT_DIR, requireGanesha } from './support/ganesha.js';

// The simulator's server model against nfs-ganesha: the same operation sequences, procedure by
// procedure, must get the same answers and leave the same directory (docs/simulator.md,
// "Checked against a real server"). Each script runs on a fresh model, and on ganesha in a fresh
// directory of each export (default caching, and Attr_Expiration_Time = 0).
beforeAll(requireGanesha);

const targets: ServerTarget[] = [];
afterEach(async () => {
  for (const target of targets.splice(0)) await target.close();
});

async function both(exportDir: string) {
  const model = new ModelTarget();
  const ganesha = await GaneshaTarget.start(exportDir);
  targets.push(model, ganesha);
  return { model, ganesha };
}

describe.each([
  ['default caching', EXPORT_DIR],
  ['Attr_Expiration_Time = 0', NOAC_EXPORT_DIR],
])('the model against nfs-ganesha (%s)', (_name, exportDir) => {
  it.each(SCRIPTS.map((script) => [script.title, script] as const))(
    '%s',
    async (_title, script) => {
      const { model, ganesha } = await both(exportDir);
      const expected = await runScript(script, model);
      const actual = await runScript(script, ganesha);
      console.log(
        JSON.stringify({
          exportDir,
          script: script.title,
          steps: script.steps.map((s) => s.label),
          model: expected,
          ganesha: actual,
        }),
      );
      expect(actual).toEqual(expected);
    },
  );
});
