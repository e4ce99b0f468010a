import type { SimulationResult } from '../simulate.js';
import { escapeHtml } from './html-escape.js';

const CHECKERS = ['safety', 'liveness', 'hygiene', 'fencing'] as const;

/**
 * When a report holds several runs: per algorithm, how many runs and how many failed, the
 * violations by checker and the work done; then one row per run, each selecting its timeline.
 */
export function summaryHtml(results: readonly SimulationResult[]): string {
  const byAlgorithm = new Map<string, SimulationResult[]>();
  for (const result of results)
    byAlgorithm.set(result.algorithm, [...(byAlgorithm.get(result.algorithm) ?? []), result]);
  const rows = [...byAlgorithm].map(([algorithm, runs]) => {
    const failing = runs.filter((run) => run.violations.length > 0).length;
    const checkerCells = CHECKERS.map(
      (checker) =>
        `<td class="num">${runs.reduce((n, run) => n + run.violations.filter((v) => v.checker === checker).length, 0)}</td>`,
    ).join('');
    return `<tr data-algorithm="${escapeHtml(algorithm)}"><td>${escapeHtml(algorithm)}</td><td class="num">${runs.length}</td><td class="num${failing > 0 ? ' bad' : ''}">${failing}</td>${checkerCells}<td class="num">${sum(runs, (r) => r.reportedOverlaps)}</td><td class="num">${sum(runs, (r) => r.stats.acquisitions)}</td><td class="num">${sum(runs, (r) => r.stats.fileOperations)}</td></tr>`;
  });
  const head = `<tr><th>algorithm</th><th class="num">runs</th><th class="num">failing</th>${CHECKERS.map((c) => `<th class="num">${c}</th>`).join('')}<th class="num">reported overlaps</th><th class="num">acquisitions</th><th class="num">file operations</th></tr>`;
  return `<table id="summary" class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One button per run, to switch the timeline. */
export function runTabsHtml(results: readonly SimulationResult[]): string {
  const tabs = results.map((result, index) => {
    const count = result.violations.length;
    const label = `${result.algorithm} · ${result.profile} · seed ${result.seed}${count > 0 ? ` · ${count} ✗` : ''}`;
    return `<button type="button" class="run-tab${count > 0 ? ' failing' : ''}" data-run="${index}" data-seed="${result.seed}" data-algorithm="${escapeHtml(result.algorithm)}">${escapeHtml(label)}</button>`;
  });
  return `<nav id="runs">${tabs.join('')}</nav>`;
}

function sum(runs: readonly SimulationResult[], of: (run: SimulationResult) => number): number {
  return runs.reduce((total, run) => total + of(run), 0);
}
