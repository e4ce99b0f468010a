import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/sim/scheduler.js';
import { TraceSink } from '../../src/sim/trace-sink.js';
import { runUntilSettled } from './support/rig.js';

describe('TraceSink', () => {
  it("stamps every event with the scheduler's true time when it is added", async () => {
    const scheduler = new Scheduler();
    const trace = new TraceSink(() => scheduler.now());
    trace.add({ kind: 'crash', pid: 1 });
    await runUntilSettled(scheduler, scheduler.sleep(1_500, undefined));
    trace.fault('server-restart', {});

    expect(trace.events).toEqual([
      { t: 0, kind: 'crash', pid: 1 },
      { t: 1_500, kind: 'fault', what: 'server-restart' },
    ]);
  });
});
