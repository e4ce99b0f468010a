import { describe } from 'vitest';
import { FAIR_PROOF_SEEDS, proveProfile } from './proof.js';

describe('proof', () => proveProfile('local', 'linklock-fair', FAIR_PROOF_SEEDS));
