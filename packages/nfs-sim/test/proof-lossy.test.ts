import { proveProfile } from './proof.js';

proveProfile('lossy', 'linklock');
