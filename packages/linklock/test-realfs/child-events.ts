import { fileURLToPath } from 'node:url';
import { type FixtureProcess, spawnProgram } from '../test/support/fixture-process.js';

/**
 * The children of the fault tests (fixtures/*.mjs next to this file) and what they report: one
 * JSON line per event on stdout.
 */

export type FaultFixture = 'fault-contender' | 'fault-holder' | 'fenced-writer';

export interface ChildEvent {
  event: string;
  code?: string;
  cause?: string;
  path?: string;
  inARow?: number;
  acquisitions?: number;
  token?: number;
  write?: 'accepted' | 'refused';
  stillHeld?: boolean;
}

export function spawnFaultFixture(name: FaultFixture, args: readonly string[]): FixtureProcess {
  const script = fileURLToPath(new URL(`fixtures/${name}.mjs`, import.meta.url));
  return spawnProgram(name, [process.execPath, script, ...args]);
}

/** Every event the child reported so far. */
export function eventsOf(child: FixtureProcess): ChildEvent[] {
  return child.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ChildEvent);
}

/** The first event named `name`, waiting for it (rejects with the child's transcript). */
export async function nextEvent(
  child: FixtureProcess,
  name: string,
  timeoutMs: number,
): Promise<ChildEvent> {
  const line = await child.waitForLine(new RegExp(`^\\{"event":"${name}"`), timeoutMs);
  return JSON.parse(line.text) as ChildEvent;
}

/**
 * Polls `condition` every 50 ms (running `meanwhile` before each look) until it holds; throws
 * `what` and the children's transcripts past `timeoutMs`.
 */
export async function until(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
  children: readonly FixtureProcess[],
  meanwhile: () => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    meanwhile();
    if (condition()) return;
    if (Date.now() > deadline) {
      throw new Error(
        `not within ${timeoutMs} ms: ${what}${children.map((child) => child.transcript()).join('')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
