import { counted } from '../plural.js';
import type { CheckEntry, CheckReport, Section, Verdict } from './report.js';
import { SECTIONS } from './report.js';

const TITLES: Record<Section, string> = {
  filesystem: 'filesystem',
  contract: 'adapter contract (@linklock/conformance, case by case)',
  lock: 'lock semantics (two processes, @linklock/conformance)',
  operations: 'operations',
  time: 'time',
  contention: 'contention',
  watch: 'watch',
};

const NAME_WIDTH = 24;

/** The report for people: a section at a time, one line per finding, the verdict last. */
export function formatReport(report: CheckReport, scratchNote: string): string {
  const lines = [`linklock check ${report.target}`];
  if (report.otherView !== null) lines.push(`  other view: ${report.otherView}`);
  lines.push(`  ${scratchNote}`);
  for (const section of SECTIONS) {
    const checks = report.checks.filter((check) => check.section === section);
    if (checks.length === 0) continue;
    lines.push('', TITLES[section]);
    const suite = section === 'contract' || section === 'lock';
    lines.push(...(suite ? suiteLines(checks) : checks.map(findingLine)));
  }
  if (report.skipped.length > 0) lines.push('', `skipped (--quick): ${report.skipped.join('; ')}`);
  lines.push('', verdictLine(report));
  return `${lines.join('\n')}\n`;
}

function findingLine(check: CheckEntry): string {
  return `  ${check.verdict.padEnd(7)} ${check.name.padEnd(NAME_WIDTH)} ${check.why}`;
}

/**
 * The cases of a suite, a line per block ("link: 7 passed"), and every case that did not pass
 * on lines of its own, with its message.
 */
function suiteLines(checks: CheckEntry[]): string[] {
  const groups = new Map<string, CheckEntry[]>();
  for (const check of checks) {
    const group = String(check.measured.group ?? '');
    groups.set(group, [...(groups.get(group) ?? []), check]);
  }
  const width = Math.max(NAME_WIDTH, ...[...groups.keys()].map((group) => group.length));
  const lines: string[] = [];
  for (const [group, cases] of groups) {
    const passed = cases.filter((check) => check.why === 'passed').length;
    const skipped = cases.filter((check) => check.why.startsWith('skipped: '));
    const failed = cases.filter((check) => check.verdict !== 'ok');
    const counts = [
      `${passed} passed`,
      ...(skipped.length > 0 ? [`${skipped.length} skipped${sameReason(skipped)}`] : []),
      ...(failed.length > 0 ? [`${failed.length} failed`] : []),
    ];
    const verdict: Verdict = failed.some((check) => check.verdict === 'unsafe')
      ? 'unsafe'
      : failed.length > 0
        ? 'caveat'
        : 'ok';
    lines.push(`  ${verdict.padEnd(7)} ${group.padEnd(width)} ${counts.join(', ')}`);
    for (const check of failed) {
      lines.push(`  ${check.verdict.padEnd(7)}   ${check.name}`, `            ${check.why}`);
    }
  }
  return lines;
}

/** ` (reason)` when every skip of a block has the same reason. */
function sameReason(skipped: CheckEntry[]): string {
  const reasons = new Set(skipped.map((check) => check.why.slice('skipped: '.length)));
  return reasons.size === 1 ? ` (${[...reasons][0]})` : '';
}

function verdictLine(report: CheckReport): string {
  const count = (verdict: Verdict) =>
    report.checks.filter((check) => check.verdict === verdict).length;
  const seconds = `${(report.elapsedMs / 1000).toFixed(1)} s`;
  switch (report.verdict) {
    case 'safe':
      return `verdict: safe (${seconds})`;
    case 'caveats':
      return `verdict: safe, with ${counted(count('caveat'), 'caveat')} (${seconds})`;
    case 'unsafe':
      return `verdict: UNSAFE: ${counted(count('unsafe'), 'finding')} the lock cannot work with${count('caveat') > 0 ? `, and ${counted(count('caveat'), 'caveat')}` : ''} (${seconds})`;
  }
}
