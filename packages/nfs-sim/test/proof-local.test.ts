import { it } from 'vitest';
import { expectNoViolations, PROOF_SEEDS } from './proof.js';

it(
  `linklock: no violation in ${PROOF_SEEDS} seeds of the 'local' profile`,
  () => expectNoViolations('local'),
  1_800_000,
);
