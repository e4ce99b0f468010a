import { it } from 'vitest';
import { expectNoViolations, PROOF_SEEDS } from './proof.js';

it(
  `linklock: no violation in ${PROOF_SEEDS} seeds of the 'nfs' profile`,
  () => expectNoViolations('nfs'),
  1_800_000,
);
