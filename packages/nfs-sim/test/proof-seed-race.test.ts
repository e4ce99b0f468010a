import { proveProfile } from './proof.js';

proveProfile('seed-race', 'linklock');
