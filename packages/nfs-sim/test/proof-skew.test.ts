import { proveProfile } from './proof.js';

proveProfile('skew', 'linklock');
