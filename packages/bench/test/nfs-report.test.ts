import { describe, expect, it } from 'vitest';
import { breakdownLine, NFS_TITLE, nfsSection } from '../src/nfs/nfs-report.js';
import { markdownReport, terminalReport } from '../src/report.js';
import type { Results } from '../src/results.js';
import type { NfsResult, NfsRow } from '../src/workloads/nfs.js';

const machine = {
  date: '2026-01-01T00:00:00.000Z',
  cpu: 'test',
  cores: 2,
  memoryGiB: 1,
  node: 'v20',
  kernel: 'linux',
  filesystem: 'ext4',
};

function row(label: string, first: Record<string, number>, later: Record<string, number>) {
  const total = (calls: Record<string, number>) =>
    Object.values(calls).reduce((sum, count) => sum + count, 0);
  const nfsRow: NfsRow = {
    id: label,
    label,
    settings: '',
    firstCycle: { total: total(first), byProcedure: first },
    laterCycles: { total: total(later), byProcedure: later, cycles: 120 },
    ms: { count: 100, median: 1.234, p95: 2.5, p99: 3, mean: 1.5 },
    retransmissions: 0,
    connections: 1,
  };
  return nfsRow;
}

const STEADY = { LOOKUP: 2, REMOVE: 2, CREATE: 1, LINK: 1, READ: 1, RENAME: 1, WRITE: 1 };
const measured: NfsResult = {
  status: 'measured',
  server: {
    url: 'nfs://127.0.0.1:42049/tmp/linklock-nfs/export?mountport=42050',
    version: 'nfs-ganesha V4.3 (Debian package 4.3-2)',
    startedByBench: false,
  },
  rows: [
    row('linklock (NFS)', { ...STEADY, LOOKUP: 6, WRITE: 2 }, STEADY),
    row('flufl.lock (NFS)', { LOOKUP: 6, SETATTR: 3 }, { LOOKUP: 6, SETATTR: 3 }),
  ],
};

describe('the nfs section', () => {
  it('tabulates totals and latency, and breaks the calls down by procedure below', () => {
    const section = nfsSection(measured);
    expect(section.title).toBe(NFS_TITLE);
    expect(section.rows.slice(1)).toEqual([
      ['linklock (NFS)', '14', '9', '1.23', '2.50', '1.50', '0', '1'],
      ['flufl.lock (NFS)', '9', '9', '1.23', '2.50', '1.50', '0', '1'],
    ]);
    expect(section.note).toContain('the mean of the 120 cycles after the first');
    expect(section.note).toContain(
      'Server: nfs-ganesha V4.3 (Debian package 4.3-2), nfs://127.0.0.1:42049/tmp/linklock-nfs/export?mountport=42050, already running.',
    );
  });

  it('shows the first cycle only where it differs from the later ones', () => {
    const [linklock, flufl] = measured.status === 'measured' ? measured.rows : [];
    expect(breakdownLine(linklock as NfsRow)).toBe(
      '- linklock (NFS): LOOKUP 2, REMOVE 2, CREATE 1, LINK 1, READ 1, RENAME 1, WRITE 1; first cycle: LOOKUP 6, REMOVE 2, WRITE 2, CREATE 1, LINK 1, READ 1, RENAME 1',
    );
    expect(breakdownLine(flufl as NfsRow)).toBe('- flufl.lock (NFS): LOOKUP 6, SETATTR 3');
  });

  it('reports a skipped run with its reason and no table, in the terminal and the docs', () => {
    const results: Results = {
      machine,
      quick: true,
      settings: {},
      elapsedS: 1,
      nfs: { status: 'skipped', reason: 'nfs setup: needs root (ganesha, rpcbind, apt-get)' },
    };
    expect(terminalReport(results)).toContain(
      `${NFS_TITLE}\n\nSkipped: nfs setup: needs root (ganesha, rpcbind, apt-get)\n\n`,
    );
    expect(markdownReport(results)).toContain(
      `### ${NFS_TITLE}\n\nSkipped: nfs setup: needs root (ganesha, rpcbind, apt-get)\n`,
    );
  });

  it('is described in the method of docs/benchmarks.md', () => {
    const markdown = markdownReport({ machine, quick: false, settings: {}, elapsedS: 1 });
    expect(markdown).toContain('- **NFS**: linklock');
    expect(markdown).toContain('differences of its `statistics()`');
  });
});
