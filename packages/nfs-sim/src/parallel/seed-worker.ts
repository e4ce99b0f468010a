import { type PortableOptions, type RunSummary, summarize } from '../run-seeds.js';
import { simulate } from '../simulate.js';

/** What a worker thread is sent for one run: the batch's options (plain data) and the seed. */
export interface SeedTask {
  options: PortableOptions;
  seed: number;
}

/** A worker thread's task (tinypool calls the default export): one seed, its summary back. */
export default async function runSeed(task: SeedTask): Promise<RunSummary> {
  return summarize(await simulate({ ...task.options, seed: task.seed }));
}
