import { acquireReleaseCases } from './acquire-release.js';
import { expiryCases } from './expiry.js';
import type { LockCase } from './lock-case.js';
import { ownershipCases } from './ownership.js';
import { waitingCases } from './waiting.js';

/** The lock's behaviour over an adapter, grouped as `describe` blocks. */
export const LOCK_CASES: readonly { name: string; cases: readonly LockCase[] }[] = [
  { name: 'acquire and release', cases: acquireReleaseCases },
  { name: 'waiting', cases: waitingCases },
  { name: 'expiry and break', cases: expiryCases },
  { name: 'ownership', cases: ownershipCases },
];
