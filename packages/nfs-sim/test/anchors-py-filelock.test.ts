import { describe, expect, it } from 'vitest';
import { type SimulationResult, simulate } from '../src/index.js';
import type { TraceEvent, TraceEventOf } from '../src/trace/trace-event.js';

/**
 * What the simulator finds in py-filelock 4's protocols (docs/comparison.md, "py-filelock 4 in
 * the simulator"), kept as regression tests: search the first seeds for the mechanism, replay
 * the seed found, and check the mechanism step by step in the trace.
 *
 * Every finding here is a lock that never frees again, so a run goes on until it is cut off:
 * runs are cut off after 30 simulated seconds, which keeps the search cheap. A slow run may be
 * cut off too, so each test matches its run by the mechanism in the trace, not by the cut-off.
 */
const TIME_LIMIT_MS = 30_000;
const CLAIMS = '/export/locks/jobs.lock.filelock/claims/';

type Op = TraceEventOf<'op'>;

/** The first seed whose run `match`es, replayed (same trace hash), and what `match` found. */
async function firstMatching<T>(
  profile: string,
  algorithm: string,
  seeds: number,
  match: (run: SimulationResult) => T | undefined,
): Promise<{ run: SimulationResult; found: T }> {
  for (let seed = 1; seed <= seeds; seed += 1) {
    const run = await simulate({ seed, profile, algorithm, timeLimitMs: TIME_LIMIT_MS });
    if (match(run) === undefined) continue;
    const replayed = await simulate({ seed, profile, algorithm, timeLimitMs: TIME_LIMIT_MS });
    expect(replayed.traceHash).toBe(run.traceHash);
    return { run: replayed, found: match(replayed) as T };
  }
  throw new Error(`${algorithm} showed no such run in ${profile} within ${seeds} seeds`);
}

function endFiles(trace: readonly TraceEvent[]): string[] {
  const end = trace.findLast((event) => event.kind === 'end');
  return end?.kind === 'end' ? end.files : [];
}

/** The claims left in the claim directory at the end of the run, as full paths. */
function claimsLeft(run: SimulationResult): string[] {
  return endFiles(run.trace)
    .filter((name) => name.startsWith('jobs.lock.filelock/claims/'))
    .map((name) => `/export/locks/${name}`);
}

/** A claim left at the end and the `link` that published it, when that link was answered `result`. */
function leftBy(run: SimulationResult, prefix: string, result: string) {
  for (const claim of claimsLeft(run)) {
    if (!claim.startsWith(`${CLAIMS}${prefix}`)) continue;
    const index = run.trace.findIndex(
      (e) => e.kind === 'op' && e.op === 'link' && e.path === claim && e.result === result,
    );
    if (index >= 0) return { claim, index, link: run.trace[index] as Op };
  }
  return undefined;
}

/** The events between the process's previous operation and its operation at `index`. */
function duringOp(trace: readonly TraceEvent[], index: number): TraceEvent[] {
  const { pid } = trace[index] as Op;
  let start = index - 1;
  while (start >= 0 && !(trace[start]!.kind === 'op' && (trace[start] as Op).pid === pid))
    start -= 1;
  return trace.slice(start + 1, index);
}

function processOps(trace: readonly TraceEvent[], pid: number, after: number): Op[] {
  return trace.slice(after + 1).filter((e): e is Op => e.kind === 'op' && e.pid === pid);
}

function privateOf(claim: string): string {
  return `${CLAIMS}.${claim.slice(CLAIMS.length)}.private-v1-`;
}

/** Nobody removes the claim, nobody enters after it was published, the run is cut off. */
function expectBlockedForGood(run: SimulationResult, claim: string, publishedAt: number): void {
  expect(run.trace.some((e) => e.kind === 'op' && e.op === 'unlink' && e.path === claim)).toBe(
    false,
  );
  expect(claimsLeft(run)).toEqual([claim]);
  expect(run.trace.some((e) => e.kind === 'cs-enter' && e.t > publishedAt)).toBe(false);
  expect(run.finished).toBe(false);
  expect(run.violations.some((v) => v.checker === 'liveness')).toBe(true);
}

describe('py-filelock-strict (StrictSoftFileLock) in the simulator', () => {
  it('nfs: a holder that dies keeps its claims for good; every other process waits until the run is cut off', async () => {
    const { run } = await firstMatching('nfs', 'py-filelock-strict', 20, (r) =>
      r.violations.some((v) => v.checker === 'liveness') ? true : undefined,
    );
    const crash = run.trace.find((event) => event.kind === 'crash');
    expect(crash).toBeDefined();
    const dead = (crash as { pid: number }).pid;
    // It died inside the critical section: its last lock event is an entry, with no exit.
    const own = run.trace.filter((e) => 'pid' in e && e.pid === dead);
    expect(own.findLast((e) => e.kind === 'cs-enter' || e.kind === 'cs-exit')?.kind).toBe(
      'cs-enter',
    );
    // Nobody entered after it: no age breaks a strict claim, only force_break().
    const crashAt = (crash as { t: number }).t;
    expect(run.trace.some((e) => e.kind === 'cs-enter' && e.t > crashAt)).toBe(false);
    expect(run.finished).toBe(false);
    const claims = endFiles(run.trace).filter((name) => name.startsWith('jobs.lock.filelock/'));
    expect(claims.map((name) => name.replace(/[0-9a-f]{32}/, 'T')).sort()).toEqual([
      'jobs.lock.filelock/claims/held-v1-T.claim',
      'jobs.lock.filelock/claims/intent-v1-T.claim',
    ]);
  }, 60_000);

  it("lossy: an intent published by a LINK whose reply was lost, its private file reclaimed by another process, the LINK run again (DRC miss) and failing with ENOENT: the publisher gives the attempt up as 'reclaimed' and leaves the intent for good", async () => {
    const { run, found } = await firstMatching('lossy', 'py-filelock-strict', 10, (r) =>
      leftBy(r, 'intent-', 'ENOENT'),
    );
    const { claim, index, link } = found;
    const during = duringOp(run.trace, index);
    const lost = during.find(
      (e) =>
        e.kind === 'fault' && e.what === 'lost-reply' && e.pid === link.pid && e.detail === 'LINK',
    );
    expect(lost).toBeDefined();
    // The server did link it: the private file had a second name, so another process's scan
    // removed it as an already published record (`_reclaim_private_record`: nlink != 1).
    const reclaim = during.find(
      (e) =>
        e.kind === 'op' &&
        e.op === 'unlink' &&
        e.pid !== link.pid &&
        e.path.startsWith(privateOf(claim)) &&
        e.result === 'ok',
    );
    expect(reclaim).toBeDefined();
    // The retransmission found no reply cached and ran again: its source was gone.
    expect(
      during.some(
        (e) =>
          e.kind === 'fault' &&
          e.what === 'drc-miss' &&
          e.client === link.client &&
          e.t > reclaim!.t &&
          e.detail?.endsWith(' LINK'),
      ),
    ).toBe(true);
    // `_link_private_record`: ENOENT and no private file ⇒ "reclaimed" ⇒ the attempt is
    // discarded with no claim recorded as its own: the publisher never removes the intent.
    expect(processOps(run.trace, link.pid, index)[0]).toMatchObject({
      op: 'stat',
      result: 'ENOENT',
    });
    // Processes that had scanned before the intent appeared, or whose token is smaller, may
    // still enter; once the last of them released, the lock stays free and nobody enters again.
    const lastRelease = run.trace.findLast((e) => e.kind === 'release')!;
    expect(lastRelease).toMatchObject({ result: 'ok' });
    expectBlockedForGood(run, claim, lastRelease.t);
    expect(run.stats.simulatedMs - lastRelease.t).toBeGreaterThan(TIME_LIMIT_MS / 2);
  }, 60_000);

  it('lossy: a held claim linked by a LINK whose reply was lost, run again (DRC miss) and failing with EEXIST: the acquisition raises, withdraws only its intent, and the held claim stays for good', async () => {
    const { run, found } = await firstMatching('lossy', 'py-filelock-strict', 10, (r) =>
      leftBy(r, 'held-', 'EEXIST'),
    );
    const { claim, index, link } = found;
    const during = duringOp(run.trace, index);
    expect(
      during.some(
        (e) =>
          e.kind === 'fault' &&
          e.what === 'lost-reply' &&
          e.pid === link.pid &&
          e.detail === 'LINK',
      ),
    ).toBe(true);
    expect(
      during.some(
        (e) =>
          e.kind === 'fault' &&
          e.what === 'drc-miss' &&
          e.client === link.client &&
          e.detail?.endsWith(' LINK'),
      ),
    ).toBe(true);
    // `_discard_doorway` removes the claims recorded as its own: the intent only, the held
    // claim was to be recorded after the link returned.
    const intent = claim.replace('/held-', '/intent-');
    expect(processOps(run.trace, link.pid, index)[0]).toMatchObject({
      op: 'unlink',
      path: intent,
      result: 'ok',
    });
    const failed = run.trace
      .slice(index)
      .find((e) => e.kind === 'acquire-failed' && e.pid === link.pid);
    expect(failed).toMatchObject({ reason: 'EEXIST' });
    expectBlockedForGood(run, claim, link.t);
  }, 60_000);

  it('chaos: on an sshfs-like mount (one inode number per name) a published intent never matches its private file: the attempt is given up as "replaced" and the intent stays for good', async () => {
    const { run, found } = await firstMatching('chaos', 'py-filelock-strict', 10, (r) => {
      const left = leftBy(r, 'intent-', 'ok');
      const client = r.options.clients.find((c) => c.name === left?.link.client);
      return client?.mount.sshfsLike === true ? left : undefined;
    });
    const { claim, index, link } = found;
    // `_link_private_record`: the identity of the public name, then the private file's is
    // compared (`_close_and_unlink_private_record` looks again and unlinks it); different
    // numbers ⇒ "private publication record was replaced" ⇒ the attempt is discarded before
    // the second scan, with no claim recorded as its own.
    const next = processOps(run.trace, link.pid, index).slice(0, 4);
    expect(
      next.map((op) => [op.op, op.path.startsWith(privateOf(claim)) ? 'private' : op.path]),
    ).toEqual([
      ['stat', claim],
      ['stat', 'private'],
      ['unlink', 'private'],
      ['stat', '/export/locks/jobs.lock.filelock'],
    ]);
    expectBlockedForGood(run, claim, link.t);
  }, 60_000);
});

describe("SoftReadWriteLock: a paused writer's place is given away, and it is not told", () => {
  it('chaos seed 167: a writer paused past the stale threshold still believes it holds the lock while another process is in', async () => {
    const run = await simulate({
      seed: 167,
      profile: 'chaos',
      algorithm: 'py-filelock-rw',
      timeLimitMs: 60_000,
    });

    const overlap = run.violations.find((v) => v.checker === 'safety' || v.checker === 'rw-safety');
    expect(overlap, 'an overlap with the paused writer').toBeDefined();
    const [paused] = overlap!.pids;
    const pause = run.trace.find((e) => e.kind === 'pause' && e.pid === paused);
    expect(pause?.kind === 'pause' && pause.ms).toBeGreaterThan(15_000); // the stale threshold: the lifetime
    expect(pause!.t).toBeLessThan(overlap!.t);
    expect(overlap!.message).toContain(`pid ${paused} was never told its lock was compromised`);
    expect(run.trace.some((e) => e.kind === 'compromised' && e.pid === paused)).toBe(false);
  });
});
