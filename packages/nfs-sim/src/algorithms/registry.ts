import type { LockAlgorithm } from './algorithm.js';
import { flufl } from './flufl.js';
import { linklock } from './linklock.js';
import { linklockFair } from './linklock-fair.js';
import { linklockRw } from './linklock-rw.js';
import { mailman21 } from './mailman21.js';
import { naiveExcl } from './naive-excl.js';
import { naiveRw } from './naive-rw.js';
import { pyFilelockRw } from './py-filelock-rw.js';
import { pyFilelockStrict } from './py-filelock-strict.js';

/** The algorithms a simulation can run, by name. */
export const ALGORITHMS: Readonly<Record<string, LockAlgorithm>> = {
  linklock,
  'linklock-fair': linklockFair,
  mailman21,
  flufl,
  'naive-excl': naiveExcl,
  'py-filelock-strict': pyFilelockStrict,
  'py-filelock-rw': pyFilelockRw,
  'linklock-rw': linklockRw,
  'naive-rw': naiveRw,
};

export function algorithmNamed(name: string): LockAlgorithm {
  const algorithm = ALGORITHMS[name];
  if (algorithm === undefined) {
    throw new TypeError(
      `Unknown algorithm '${name}'; expected one of ${Object.keys(ALGORITHMS).join(', ')}`,
    );
  }
  return algorithm;
}
