import { it } from 'vitest';
import { expectNoViolations, PROOF_SEEDS } from './proof.js';

it(
  `linklock: no violation in ${PROOF_SEEDS} seeds of the 'double-break' profile`,
  () => expectNoViolations('double-break'),
  1_800_000,
);
