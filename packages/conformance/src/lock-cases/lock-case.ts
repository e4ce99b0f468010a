import type { Expect } from '../test-framework.js';
import type { LockStage } from './lock-stage.js';

/** One behaviour of the lock over the adapter; its title is quoted by its failures. */
export interface LockCase {
  title: string;
  run(stage: LockStage, expect: Expect): Promise<void>;
}
