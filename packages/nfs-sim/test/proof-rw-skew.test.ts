import { proveProfile } from './proof.js';

// The shared lock: readers and writers mixed (docs/simulator.md, "Reference algorithms").
proveProfile('skew', 'linklock-rw');
