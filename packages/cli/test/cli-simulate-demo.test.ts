import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('linklock simulate', () => {
  it('finds mailman21 unsafe: exit 1, and each replay line reruns its seed exactly', async () => {
    const result = await runCli(['simulate', '--seeds', '20', '--algorithm', 'mailman21']);
    expect(result.code).toBe(1);
    const replay = /linklock (simulate --seed (\d+) --profile nfs --algorithm mailman21)/.exec(
      result.stdout,
    );
    expect(replay, result.stdout).not.toBeNull();
    const [, command, seed] = replay as unknown as [string, string, string];
    const again = await runCli([...command.split(' '), '--json']);
    expect(again.code).toBe(1);
    const document = JSON.parse(again.stdout);
    expect(document.runs).toHaveLength(1);
    expect(document.runs[0].seed).toBe(Number(seed));
    expect(document.runs[0].violations.length).toBeGreaterThan(0);
  });

  it('linklock over 10 seeds: exit 0, JSON with each seed and its trace hash, stable across runs and worker counts', async () => {
    const first = await runCli(['simulate', '--seeds', '10', '--profile', 'lossy', '--json']);
    expect(first.code).toBe(0);
    const runs = JSON.parse(first.stdout).runs as {
      seed: number;
      traceHash: string;
      violations: unknown[];
    }[];
    expect(runs.map((run) => run.seed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(
      runs.every((run) => /^[0-9a-f]{8,}$/.test(run.traceHash) && run.violations.length === 0),
    ).toBe(true);
    const second = JSON.parse(
      (
        await runCli([
          'simulate',
          '--seeds',
          '10',
          '--profile',
          'lossy',
          '--workers',
          '3',
          '--json',
        ])
      ).stdout,
    );
    expect(second.runs.map((run: { traceHash: string }) => run.traceHash)).toEqual(
      runs.map((run) => run.traceHash),
    );
  });

  it('tells runs with two holders from the rest, and lists them first', async () => {
    const text = await runCli([
      'simulate',
      '--seeds',
      '40',
      '--profile',
      'lossy',
      '--algorithm',
      'mailman21',
    ]);
    const json = JSON.parse(
      (
        await runCli([
          'simulate',
          '--seeds',
          '40',
          '--profile',
          'lossy',
          '--algorithm',
          'mailman21',
          '--json',
        ])
      ).stdout,
    ) as {
      failingSeeds: number[];
      safetySeeds: number[];
      runs: { seed: number; violations: { checker: string }[] }[];
    };
    expect(json.safetySeeds.length).toBeGreaterThan(0);
    expect(json.failingSeeds.length).toBeGreaterThan(json.safetySeeds.length);
    for (const run of json.runs) {
      const twoHolders = run.violations.some((violation) => violation.checker === 'safety');
      expect(json.safetySeeds.includes(run.seed)).toBe(twoHolders);
    }
    const others = json.failingSeeds.length - json.safetySeeds.length;
    expect(text.stdout).toContain(`${json.safetySeeds.length} with two holders at once (safety)`);
    expect(text.stdout).toContain(`${others} with other violations only`);
    const firstReplay = /replay a run with two holders:\n {2}linklock simulate --seed (\d+)/.exec(
      text.stdout,
    );
    expect(Number(firstReplay?.[1])).toBe(json.safetySeeds[0]);
  });

  it('unknown profile or algorithm: exit 2 listing the valid names', async () => {
    const profile = await runCli(['simulate', '--profile', 'ntfs']);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('seed-race');
    const algorithm = await runCli(['simulate', '--algorithm', 'flock']);
    expect(algorithm.code).toBe(2);
    expect(algorithm.stderr).toContain('mailman21');
    const workers = await runCli(['simulate', '--workers', '0']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('--workers expects a whole number >= 1');
  });
});

describe('linklock demo', () => {
  it('real processes pass every check and linklock has no violation in simulation', async () => {
    const result = await runCli(
      ['demo', '--processes', '3', '--iterations', '30', '--seeds', '20', '--json'],
      {
        timeoutMs: 120_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.contention).toMatchObject({
      acquisitions: 90,
      overlaps: 0,
      counter: { expected: 90, actual: 90 },
      leftoverFiles: [],
      ok: true,
    });
    const linklock = report.simulation.filter(
      (cell: { algorithm: string }) => cell.algorithm === 'linklock',
    );
    expect(linklock).toHaveLength(3);
    expect(linklock.every((cell: { failing: number }) => cell.failing === 0)).toBe(true);
    expect(report.simulation).toHaveLength(9);
  }, 150_000);

  it('puts two holders first, and its "see one" line replays a run with two holders', async () => {
    const result = await runCli(
      ['demo', '--processes', '2', '--iterations', '5', '--seeds', '24'],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('runs in which two processes held the lock at once');
    expect(result.stdout).toMatch(
      /runs with other violations only .*\n {3}mailman21 \d+, flufl \d+, linklock 0/,
    );
    const seeOne =
      /see one: linklock (replay --seed (\d+) --profile (\S+) --algorithm all --report (\S+))/.exec(
        result.stdout,
      );
    expect(seeOne, result.stdout).not.toBeNull();
    const [, , seed, profile] = seeOne as unknown as [string, string, string, string];
    const replayed = JSON.parse(
      (
        await runCli([
          'replay',
          '--seed',
          seed,
          '--profile',
          profile,
          '--algorithm',
          'all',
          '--json',
        ])
      ).stdout,
    ) as { runs: { algorithm: string; violations: { checker: string }[] }[] };
    const twoHolders = replayed.runs.filter((run) =>
      run.violations.some((violation) => violation.checker === 'safety'),
    );
    expect(twoHolders.length).toBeGreaterThan(0);
    expect(twoHolders.map((run) => run.algorithm)).not.toContain('linklock');
  }, 150_000);
});

describe('linklock replay and --report', () => {
  it('replay reruns one seed for every algorithm; --report writes one self-contained page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linklock-cli-report-'));
    try {
      const file = join(dir, 'nested', 'seed-12.html');
      const result = await runCli([
        'replay',
        '--seed',
        '12',
        '--algorithm',
        'all',
        '--report',
        file,
        '--json',
      ]);
      expect(result.code).toBe(1); // mailman21 and flufl break on this seed
      const document = JSON.parse(result.stdout);
      expect(document.runs.map((run: { algorithm: string }) => run.algorithm)).toEqual([
        'linklock',
        'linklock-fair',
        'mailman21',
        'flufl',
        'naive-excl',
        'py-filelock-strict',
        'py-filelock-rw',
        'linklock-rw',
        'naive-rw',
      ]);
      expect(document.runs[0].violations).toEqual([]);
      expect(document.runs[1].violations).toEqual([]); // linklock-fair
      expect(document.runs[7].violations).toEqual([]); // linklock-rw
      const html = readFileSync(file, 'utf8');
      expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/(src|href)=["']?https?:/);
      for (const run of document.runs) expect(html).toContain(run.traceHash);
      expect(readdirSync(join(dir, 'nested'))).toEqual(['seed-12.html']); // no temporary file left
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('simulate --report draws the failing seeds; replay without --seed is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linklock-cli-report-'));
    try {
      const file = join(dir, 'failing.html');
      const result = await runCli([
        'simulate',
        '--seeds',
        '20',
        '--algorithm',
        'mailman21',
        '--report',
        file,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`report: ${file}`);
      const replayLines = result.stdout.match(/--seed \d+/g) ?? [];
      const html = readFileSync(file, 'utf8');
      for (const line of replayLines.slice(0, 5)) expect(html).toContain(line);
      const usage = await runCli(['replay', '--algorithm', 'flufl']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('missing --seed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
