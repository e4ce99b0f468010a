import { notCovered } from './node-error.js';

/**
 * Completes an API form with every other name of the real module: its classes and constants
 * as they are, and each function the facade does not cover as one that throws ENOSYS naming
 * itself, so code calling it fails loudly instead of reaching the real filesystem unseen.
 */
export function completeWith(api: Record<string, unknown>, real: object, prefix: string): void {
  for (const [name, value] of Object.entries(real)) {
    if (name === 'default' || name in api) continue;
    if (typeof value !== 'function' || /^[A-Z]/.test(name)) {
      api[name] = value;
      continue;
    }
    api[name] = () => {
      throw notCovered(`${prefix}${name}`);
    };
  }
}
