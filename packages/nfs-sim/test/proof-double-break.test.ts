import { proveProfile } from './proof.js';

proveProfile('double-break', 'linklock');
