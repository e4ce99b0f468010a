import { proveProfile } from './proof.js';

proveProfile('local', 'linklock');
