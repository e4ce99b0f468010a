import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, runCli, type Started, startCli, useExportDirectory } from './support/nfs-cli.js';

// `linklock check nfs://...` against nfs-ganesha: linklock speaks NFSv3 itself, and the test
// looks at the exported directory on the server's own disk.
const scene = useExportDirectory('check');

/** The nfs:// URL of the test's directory (or of `name` in it). */
const directoryUrl = (name = '') => scene.url(name).replace('/?', '?');

interface Finding {
  name: string;
  verdict: string;
  why: string;
  measured: Record<string, unknown>;
}

async function stderrShows(child: Started, text: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!child.output.stderr.includes(text)) {
    if (performance.now() > deadline || child.exitCode !== null) {
      throw new Error(`no ${JSON.stringify(text)} on stderr: ${child.output.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('linklock check nfs://...', () => {
  it('an export of nfs-ganesha: safe with caveats (a soft connection, no watch), every check run, nothing left', async () => {
    const result = await finished(
      scene.track(startCli(['check', directoryUrl(), '--processes', '2', '--json'])),
      180_000,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { verdict: string; checks: Finding[] };
    const byName = new Map(report.checks.map((check) => [check.name, check]));
    expect(report.checks.filter((check) => check.verdict === 'unsafe')).toEqual([]);
    expect(report.verdict).toBe('caveats');
    expect(
      report.checks.filter((check) => check.verdict === 'caveat').map((check) => check.name),
    ).toEqual(['connection', 'directory watch']);
    // The server's rename is atomic; a read racing it may hold the replaced file's handle.
    expect(byName.get('rename over')?.why).toMatch(
      /^atomic: a reader never found the name missing/,
    );
    expect(byName.get('hard links')?.verdict).toBe('ok');
    expect(byName.get('contention run')).toMatchObject({
      verdict: 'ok',
      measured: { overlaps: 0 },
    });
    expect(byName.get('declaration')?.why).toMatch(/^NfsAdapter declares .*: as observed$/);
    expect(readdirSync(scene.local)).toEqual([]);
  }, 200_000);

  it('Ctrl-C: exit 130, the scratch directory removed over NFS', async () => {
    const child = scene.track(startCli(['check', directoryUrl()]));
    await stderrShows(child, 'lock semantics: ');
    expect(readdirSync(scene.local)).toHaveLength(1);
    child.kill('SIGINT');
    expect((await finished(child)).code).toBe(130);
    expect(readdirSync(scene.local)).toEqual([]);
  }, 120_000);

  it('a directory the export does not have: exit 1, naming it on the server', async () => {
    mkdirSync(join(scene.local, 'present'));
    const result = await runCli(['check', directoryUrl('absent')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^linklock: the directory .*\/absent on the NFS server 127\.0\.0\.1:\d+ does not exist \(ENOENT\)$/m,
    );
    expect(readdirSync(scene.local)).toEqual(['present']);
  });
});
