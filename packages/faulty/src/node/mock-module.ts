import type { FaultyNodeFs } from './create.js';
import { realFs, realPromises } from './real-modules.js';

/**
 * A module for `vi.mock('node:fs', ...)` (or `'node:fs/promises'`, `form: 'promises'`) whose
 * functions each call the facade `current()` returns at the time of the call. Code under test
 * imports the module once and keeps its functions (`import { rename } from 'node:fs/promises'`),
 * so the test can still give each case a fresh facade with its own rules. The module's
 * `default` export is the module itself, as `import fs from 'node:fs'` expects.
 */
export function mockedFsModule(
  current: () => FaultyNodeFs,
  form: 'fs' | 'promises' = 'fs',
): Record<string, unknown> {
  const real: object = form === 'fs' ? realFs : realPromises;
  const module: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(real)) {
    if (name === 'default') continue;
    const delegates = typeof value === 'function' && !/^[A-Z]/.test(name);
    module[name] = delegates ? delegate(current, form, name) : value;
  }
  if (form === 'fs') module.promises = mockedFsModule(current, 'promises');
  module.default = module;
  return module;
}

function delegate(current: () => FaultyNodeFs, form: 'fs' | 'promises', name: string) {
  const target = () =>
    current()[form] as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (...args: unknown[]) => target()[name]!(...args);
  // util.promisify of these answers what Node's does, from the facade current at the call.
  if (form === 'fs' && PROMISIFIED.has(name)) {
    Object.assign(call, {
      [promisifyCustom]: (...args: unknown[]) =>
        (target()[name] as unknown as Record<symbol, (...a: unknown[]) => unknown>)[
          promisifyCustom
        ]!(...args),
    });
  }
  return call;
}

const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
const PROMISIFIED = new Set(['read', 'write', 'exists']);
