import { it } from 'vitest';
import { expectNoViolations, PROOF_SEEDS } from './proof.js';

it(
  `linklock: no violation in ${PROOF_SEEDS} seeds of the 'lossy' profile`,
  () => expectNoViolations('lossy'),
  1_800_000,
);
