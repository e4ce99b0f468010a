#!/usr/bin/env node
// Uncontended acquire + release on a local temporary directory: the median and p95 of
// 2,000 iterations after 200 warm-up, for the default adapter and for forced modes, next to
// the floor of the same system calls made directly. A quick measurement for development;
// `pnpm bench` is the full, side-by-side benchmark.
//
//   node scripts/measure-uncontended.mjs [--iterations N] [--json]
import { promises as fsp, link, mkdtempSync, rmSync, unlink } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLock, NodeFsAdapter } from '../packages/linklock/dist/index.js';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: node scripts/measure-uncontended.mjs [--iterations N] [--json]');
  process.exit(0);
}
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 2_000;
const warmup = 200;

function summarize(samplesNs) {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1_000;
  return { medianUs: at(0.5), p95Us: at(0.95) };
}

async function measure(cycle) {
  for (let i = 0; i < warmup; i += 1) await cycle(i);
  const samples = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await cycle(i);
    samples.push(Number(process.hrtime.bigint() - start));
  }
  return summarize(samples);
}

const dir = mkdtempSync(join(tmpdir(), 'linklock-uncontended-'));
try {
  const results = {};
  for (const mode of ['auto', 'sync', 'async']) {
    const lock = createLock(join(dir, `${mode}.lock`), { fs: new NodeFsAdapter({ mode }) });
    results[`linklock (${mode})`] = await measure(async () => {
      await lock.lock();
      await lock.unlock();
    });
  }
  const linkAsync = promisify(link);
  const unlinkAsync = promisify(unlink);
  results['floor: open wx, write, close, link, unlink x2 (async)'] = await measure(async (i) => {
    const claim = join(dir, `floor.${i}`);
    const lockfile = join(dir, 'floor.lock');
    await fsp.writeFile(claim, 'x', { flag: 'wx' });
    await linkAsync(claim, lockfile);
    await unlinkAsync(lockfile);
    await unlinkAsync(claim);
  });
  if (args.includes('--json')) {
    console.log(JSON.stringify({ iterations, warmup, results }, null, 2));
  } else {
    console.log(
      `uncontended acquire + release, ${iterations} iterations after ${warmup} warm-up (${dir})`,
    );
    for (const [name, { medianUs, p95Us }] of Object.entries(results)) {
      console.log(
        `  ${name.padEnd(56)} median ${medianUs.toFixed(0).padStart(5)} µs   p95 ${p95Us.toFixed(0).padStart(5)} µs`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
