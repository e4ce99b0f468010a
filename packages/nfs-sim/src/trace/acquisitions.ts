import { runEndMs } from './time-order.js';
import type { TraceEvent } from './trace-event.js';

/**
 * One acquisition of the lock as the trace shows it: from a `cs-enter` to the end of its
 * critical section and, separately, to the release call (or crash) that ended the holding. A
 * process still holds the lock after `cs-exit` until its `release` returns. The checkers judge
 * these and the report draws them (holding, then releasing), so both read one derivation.
 * Positions (`…Index`) are in the time-ordered trace the acquisitions were collected from.
 */
export interface Acquisition {
  pid: number;
  /** The client the process ran on, from its `cs-enter`. */
  client: string;
  token: number | undefined;
  /** A reader's place in a shared lock (`read`), or the lock alone (`write`). */
  mode: 'read' | 'write';
  /** Position of the `cs-enter` in the time-ordered trace. */
  enterIndex: number;
  enterMs: number;
  /**
   * The end of the critical section: the pid's next `cs-exit`; its crash; its next `cs-enter`
   * (a trace that never exited); or the end of the run.
   */
  exitMs: number;
  /** Position of the event that ended the critical section; `undefined` when the run ended first. */
  exitIndex: number | undefined;
  /** The first `release` of the pid after this `cs-enter` and before its next one. */
  releaseIndex: number | undefined;
  releaseMs: number | undefined;
  /** When the pid crashed while holding (after this `cs-enter`, before any release). */
  crashMs: number | undefined;
  crashIndex: number | undefined;
  /** Position of the pid's next `cs-enter`, or the trace's length: bounds what belongs here. */
  nextEnterIndex: number;
}

/** Every acquisition in the time-ordered trace, in the order of their `cs-enter` events. */
export function collectAcquisitions(events: readonly TraceEvent[]): Acquisition[] {
  const endMs = runEndMs(events);
  const all: Acquisition[] = [];
  const latest = new Map<number, Acquisition>();
  const inside = new Map<number, Acquisition>();
  events.forEach((event, index) => {
    switch (event.kind) {
      case 'cs-enter': {
        const previous = latest.get(event.pid);
        if (previous !== undefined) previous.nextEnterIndex = index;
        closeSection(inside, event.pid, event.t, index);
        const acquisition: Acquisition = {
          pid: event.pid,
          client: event.client,
          token: event.token,
          mode: event.mode ?? 'write',
          enterIndex: index,
          enterMs: event.t,
          exitMs: endMs,
          exitIndex: undefined,
          releaseIndex: undefined,
          releaseMs: undefined,
          crashMs: undefined,
          crashIndex: undefined,
          nextEnterIndex: events.length,
        };
        all.push(acquisition);
        latest.set(event.pid, acquisition);
        inside.set(event.pid, acquisition);
        break;
      }
      case 'cs-exit':
        closeSection(inside, event.pid, event.t, index);
        break;
      case 'release': {
        const acquisition = stillHolding(latest, event.pid);
        if (acquisition !== undefined) {
          acquisition.releaseIndex = index;
          acquisition.releaseMs = event.t;
        }
        break;
      }
      case 'crash': {
        closeSection(inside, event.pid, event.t, index);
        const acquisition = stillHolding(latest, event.pid);
        if (acquisition !== undefined) {
          acquisition.crashMs = event.t;
          acquisition.crashIndex = index;
        }
        break;
      }
      default:
        break;
    }
  });
  return all;
}

/** When the holding ended (release or crash), or `undefined` while it lasts. */
export function holdingEndMs(acquisition: Acquisition): number | undefined {
  return acquisition.releaseMs ?? acquisition.crashMs;
}

function closeSection(
  inside: Map<number, Acquisition>,
  pid: number,
  atMs: number,
  index: number,
): void {
  const acquisition = inside.get(pid);
  if (acquisition === undefined) return;
  acquisition.exitMs = atMs;
  acquisition.exitIndex = index;
  inside.delete(pid);
}

function stillHolding(latest: Map<number, Acquisition>, pid: number): Acquisition | undefined {
  const acquisition = latest.get(pid);
  return acquisition !== undefined && holdingEndMs(acquisition) === undefined
    ? acquisition
    : undefined;
}
