import type { SimulationResult } from '../simulate.js';
import { escapeHtml } from './html-escape.js';
import { runLabel, runNote } from './initial-run.js';

const CHECKERS = ['safety', 'liveness', 'hygiene', 'fencing'] as const;

/**
 * When a report holds several runs: per algorithm, how many runs and how many failed, the
 * violations by checker and the work done. Folded under one line that says the totals: the
 * tabs already name every run and its violations, and a small window needs the height for the
 * run shown.
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
  const failing = results.filter((run) => run.violations.length > 0).length;
  const line = `Per algorithm (${results.length} runs, ${failing} with violations)`;
  return `<details class="summary-box"><summary>${line}</summary><table id="summary" class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></details>`;
}

/**
 * One button per run, to switch the timeline, the `initial` one pressed; then the note that
 * says which run is shown (each tab carries its note, for the script to show on a switch).
 */
export function runTabsHtml(results: readonly SimulationResult[], initial: number): string {
  const tabs = results.map((result, index) => {
    const count = result.violations.length;
    const label = `${runLabel(result)}${count > 0 ? ` · ${count} ✗` : ''}`;
    const classes = `run-tab${count > 0 ? ' failing' : ''}${index === initial ? ' active' : ''}`;
    const note = escapeHtml(runNote(results, index, initial));
    return `<button type="button" class="${classes}" data-run="${index}" data-seed="${result.seed}" data-algorithm="${escapeHtml(result.algorithm)}" data-note="${note}" aria-pressed="${index === initial}">${escapeHtml(label)}</button>`;
  });
  const note = escapeHtml(runNote(results, initial, initial));
  return `<nav id="runs">${tabs.join('')}</nav>\n<p id="run-note" class="run-note" aria-live="polite">${note}</p>`;
}

function sum(runs: readonly SimulationResult[], of: (run: SimulationResult) => number): number {
  return runs.reduce((total, run) => total + of(run), 0);
}
