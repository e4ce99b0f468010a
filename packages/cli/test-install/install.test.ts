// The published packages as a user gets them, until they are on the npm registry
// (docs/getting-started.md, "Install"): packed from the built workspace with `pnpm pack`,
// installed with npm from the tarballs into a project in a temporary directory outside the
// workspace (every @linklock package comes from its tarball; memfs, inversify, reflect-metadata
// and the like from the registry), then used there as a user would: `import` and `require` of
// linklock, a lock taken and released, the examples the package READMEs mark as runnable, and
// the `linklock` bin. Packed once, installed once, by one npm command.
//
// Also `pnpm linklock` on a fresh clone: the root script builds first (`pnpm build`,
// incremental), because a user who just cloned, or pulled, should get the command of the sources
// they have, not a raw "Cannot find module .../dist/bin.js" or yesterday's build; when the build
// is up to date it only compares timestamps and the page bundle's text (well under a second) and
// writes nothing.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The packages a user installs: every packages/* whose package.json is not `private`. */
const PUBLISHED: Manifest[] = readdirSync(join(ROOT, 'packages'))
  .map((dir) => join(ROOT, 'packages', dir, 'package.json'))
  .filter((path) => existsSync(path))
  .map((path) => readJson<Manifest>(path))
  .filter((manifest) => manifest.private !== true)
  .sort((a, b) => a.name.localeCompare(b.name));
const PUBLISHED_NAMES = new Set(PUBLISHED.map((manifest) => manifest.name));
const CLI = PUBLISHED.find((manifest) => manifest.name === '@linklock/cli');

/** `@linklock/core` 0.1.0 → `linklock-core-0.1.0.tgz`, as pnpm and npm name tarballs. */
function tarballName(manifest: Manifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

/** Names each package's README (and docs) use: the installed entry point must export them. */
const README_NAMES: Record<string, string[]> = {
  linklock: [
    'createLock',
    'Lock',
    'NodeFsAdapter',
    'systemClock',
    'nodeRandom',
    'nodeIdentity',
    'LockTimeoutError',
  ],
  '@linklock/core': [
    'Lock',
    'LockTimeoutError',
    'LockCompromisedError',
    'ForeignLockFileError',
    'silentLogger',
  ],
  '@linklock/memfs': ['MemfsAdapter'],
  '@linklock/faulty': ['FaultyFs'],
  '@linklock/conformance': ['describeFsAdapter', 'describeLockSemantics'],
  '@linklock/nfs': ['NfsAdapter', 'NfsConnectionError'],
  '@linklock/nfs-sim': [
    'simulate',
    'runSeeds',
    'shrink',
    'renderReport',
    'StandaloneNfs',
    'PROFILES',
    'SCENARIOS',
    'ALGORITHMS',
  ],
  '@linklock/inversify': ['createLinklockContainer', 'LINKLOCK'],
};

/** A README code block preceded by this line is run, as an ES module, in the scratch project. */
const RUN_MARK = '<!-- run by pnpm test:install -->';

/**
 * This environment without what pnpm and vitest set for their own children (`npm_config_*`,
 * `npm_package_*`, `pnpm_config_*`), so that npm and pnpm behave as in a user's shell.
 */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_config_)/i.test(key)),
  ),
  npm_config_update_notifier: 'false',
};

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end (killed after `timeoutMs`); never rejects for a non-zero exit. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `run`, failing with the command's output unless it exits 0. */
async function runOk(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<Result> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.code}\n` +
        `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  return result;
}

/** Every string in an `exports` map: the files it points to. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

const ESM_CHECK = `
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLock } from 'linklock';

const path = join(process.argv[2], 'esm.lock');
const lock = createLock(path);
await lock.lock({ timeout: 10_000 });
const whileHeld = { held: lock.held, state: await lock.state(), file: existsSync(path) };
await lock.unlock();
const afterUnlock = { held: lock.held, state: await lock.state(), file: existsSync(path) };
const exportsOf = {};
for (const name of process.argv.slice(3)) exportsOf[name] = Object.keys(await import(name));
console.log(JSON.stringify({ whileHeld, afterUnlock, exportsOf }));
`;

const CJS_CHECK = `
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { createLock } = require('linklock');

(async () => {
  const path = join(process.argv[2], 'cjs.lock');
  const lock = createLock(path);
  await lock.lock({ timeout: 10_000 });
  const whileHeld = { held: lock.held, state: await lock.state(), file: existsSync(path) };
  await lock.unlock();
  const afterUnlock = { held: lock.held, state: await lock.state(), file: existsSync(path) };
  const exportsOf = {};
  for (const name of process.argv.slice(3)) exportsOf[name] = Object.keys(require(name));
  console.log(JSON.stringify({ whileHeld, afterUnlock, exportsOf }));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

interface CheckOutput {
  whileHeld: { held: boolean; state: string; file: boolean };
  afterUnlock: { held: boolean; state: string; file: boolean };
  exportsOf: Record<string, string[]>;
}

describe('the published packages, packed and installed with npm outside the workspace', () => {
  let scratch = '';
  let project = '';
  let locks = '';
  /** The published packages that have an entry point (the CLI is a bin only). */
  const importable = PUBLISHED.filter((m) => m.exports !== undefined || m.main !== undefined);

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'linklock-install-'));
    expect(scratch.startsWith(ROOT)).toBe(false);
    const packs = join(scratch, 'tarballs');
    project = join(scratch, 'project');
    locks = join(scratch, 'locks');
    for (const dir of [packs, project, locks]) mkdirSync(dir);

    const filters = PUBLISHED.flatMap((manifest) => ['--filter', manifest.name]);
    await runOk('pnpm', ['-r', ...filters, 'pack', '--pack-destination', packs], { cwd: ROOT });
    expect(readdirSync(packs).sort()).toEqual(PUBLISHED.map(tarballName).sort());

    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'linklock-install-check', version: '1.0.0', private: true })}\n`,
    );
    await runOk(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...PUBLISHED.map((manifest) => join(packs, tarballName(manifest))),
      ],
      { cwd: project, timeoutMs: 280_000 },
    );
    writeFileSync(join(project, 'esm-check.mjs'), ESM_CHECK);
    writeFileSync(join(project, 'cjs-check.cjs'), CJS_CHECK);
  });

  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('installs each package once, from its tarball, with its README and every file its manifest names', () => {
    const lockfile = readJson<{
      packages: Record<string, { resolved?: string; version?: string }>;
    }>(join(project, 'package-lock.json'));
    for (const published of PUBLISHED) {
      const copies = Object.keys(lockfile.packages).filter((key) =>
        key.endsWith(`node_modules/${published.name}`),
      );
      // One copy: one `Lock` class, one `instanceof` for errors, whoever imports it.
      expect(copies, published.name).toEqual([`node_modules/${published.name}`]);
      const entry = lockfile.packages[`node_modules/${published.name}`];
      expect(entry?.resolved, published.name).toMatch(/^file:.*\.tgz$/);

      const dir = join(project, 'node_modules', published.name);
      const installed = readJson<Manifest>(join(dir, 'package.json'));
      expect(installed.version).toBe(published.version);
      expect(existsSync(join(dir, 'README.md')), `${published.name}: README.md`).toBe(true);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
        for (const [name, range] of Object.entries(installed[field] ?? {})) {
          expect(range, `${published.name} ${field}.${name}`).not.toMatch(/^workspace:/);
          // A workspace dependency must be published too, at the version given to npm.
          if (name === 'linklock' || name.startsWith('@linklock/')) {
            expect(PUBLISHED_NAMES.has(name), `${published.name} → ${name}`).toBe(true);
            expect(range).toBe(PUBLISHED.find((m) => m.name === name)?.version);
          }
        }
      }
      const bins =
        typeof installed.bin === 'string' ? [installed.bin] : Object.values(installed.bin ?? {});
      const named = [installed.main, installed.types, ...exportTargets(installed.exports), ...bins];
      for (const file of named.filter((f): f is string => f !== undefined)) {
        expect(existsSync(join(dir, file)), `${published.name}: ${file}`).toBe(true);
      }
    }
  });

  it.each([
    ['imports linklock as an ES module', 'esm-check.mjs'],
    [
      'requires linklock from CommonJS (require of ES modules: Node 20.19 and later, no flag)',
      'cjs-check.cjs',
    ],
  ])('%s and takes and releases a lock in a real directory', async (_how, script) => {
    const names = importable.map((manifest) => manifest.name);
    const { stdout } = await runOk('node', [script, locks, ...names], { cwd: project });
    const output = JSON.parse(stdout) as CheckOutput;
    expect(output.whileHeld).toEqual({ held: true, state: 'ours', file: true });
    expect(output.afterUnlock).toEqual({ held: false, state: 'unlocked', file: false });
    for (const name of names) {
      expect(output.exportsOf[name], name).toEqual(
        expect.arrayContaining(README_NAMES[name] ?? []),
      );
    }
  });

  it("runs the examples the packages' READMEs mark as runnable, against the installed packages", async () => {
    const examples: { name: string; code: string }[] = [];
    for (const published of PUBLISHED) {
      const readme = readFileSync(
        join(project, 'node_modules', published.name, 'README.md'),
        'utf8',
      );
      const blocks = readme.split(RUN_MARK).slice(1);
      for (const block of blocks) {
        const code = /^\s*```(?:ts|js)\n([\s\S]*?)\n```/.exec(block)?.[1];
        expect(code, `${published.name}: a code block after the mark`).toBeDefined();
        examples.push({ name: published.name, code: code ?? '' });
      }
    }
    expect(examples.map((example) => example.name)).toEqual(
      expect.arrayContaining(['@linklock/core', '@linklock/memfs', '@linklock/nfs-sim']),
    );
    for (const [index, example] of examples.entries()) {
      const file = `readme-example-${index}.mjs`;
      writeFileSync(join(project, file), example.code);
      const result = await run('node', [file], { cwd: project });
      expect(result, `the README example of ${example.name}`).toMatchObject({ code: 0 });
    }
  });

  it('runs the installed linklock bin: --version, and a command under a lock', async () => {
    expect(CLI).toBeDefined();
    const bin = join(project, 'node_modules', '.bin', 'linklock');
    const version = await runOk(bin, ['--version'], { cwd: project });
    expect(version.stdout).toBe(`${CLI?.version}\n`);

    const lockfile = join(locks, 'bin.lock');
    const ran = await run(bin, ['run', lockfile, '--', 'true'], { cwd: project });
    expect(ran).toMatchObject({ code: 0 });
    // The lock file exists while the command runs; the command's exit code is passed through.
    const probe = `process.exit(require('node:fs').existsSync(process.argv[1]) ? 3 : 4)`;
    const held = await run(bin, ['run', lockfile, '--', process.execPath, '-e', probe, lockfile], {
      cwd: project,
    });
    expect(held).toMatchObject({ code: 3 });
    expect(existsSync(lockfile)).toBe(false);

    // npx, as docs/getting-started.md says for an install in a project.
    const npx = await runOk('npx', ['--no-install', 'linklock', '--version'], { cwd: project });
    expect(npx.stdout).toBe(`${CLI?.version}\n`);
  });

  it('pnpm linklock on a fresh clone builds first, then runs; once built it rebuilds nothing', async () => {
    const clone = join(scratch, 'clone');
    await runOk('git', ['clone', '--quiet', ROOT, clone], { cwd: scratch });
    // The script under test is the one in this working tree (committed or not).
    const manifestPath = join(clone, 'package.json');
    const manifest = readJson<Manifest>(manifestPath);
    const script = readJson<Manifest>(join(ROOT, 'package.json')).scripts?.linklock;
    expect(script).toBeDefined();
    manifest.scripts = { ...manifest.scripts, linklock: script ?? '' };
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await runOk('pnpm', ['install', '--offline', '--frozen-lockfile'], {
      cwd: clone,
      timeoutMs: 120_000,
    });

    const bin = join(clone, 'packages', 'cli', 'dist', 'bin.js');
    expect(existsSync(bin)).toBe(false);
    const cliVersion = readJson<Manifest>(join(clone, 'packages', 'cli', 'package.json')).version;
    const first = await run('pnpm', ['linklock', '--version'], { cwd: clone, timeoutMs: 120_000 });
    expect(first, first.stderr).toMatchObject({ code: 0, stdout: `${cliVersion}\n` });

    const builtAt = statSync(bin).mtimeMs;
    const again = await run('pnpm', ['linklock', '--version'], { cwd: clone });
    expect(again, again.stderr).toMatchObject({ code: 0, stdout: `${cliVersion}\n` });
    expect(statSync(bin).mtimeMs).toBe(builtAt);
  });
});
