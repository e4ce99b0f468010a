import { describe } from 'vitest';
import { FAIR_PROOF_SEEDS, proveProfile } from './proof.js';

describe('proof', () => proveProfile('nfs', 'linklock-fair', FAIR_PROOF_SEEDS));
