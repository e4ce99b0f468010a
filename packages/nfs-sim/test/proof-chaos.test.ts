import { proveProfile } from './proof.js';

proveProfile('chaos', 'linklock');
