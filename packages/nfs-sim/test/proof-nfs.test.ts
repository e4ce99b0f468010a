import { proveProfile } from './proof.js';

proveProfile('nfs', 'linklock');
