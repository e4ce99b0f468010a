import type { SimulationResult } from '../simulate.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { embedJson } from './embed-json.js';
import { escapeHtml } from './html-escape.js';
import { initialRun } from './initial-run.js';
import { layoutRun } from './layout-run.js';
import type { RunLayout } from './layout-types.js';
import { REPORT_CSS } from './report-css.js';
import { REPORT_SCRIPT } from './report-script.js';
import { runInfoHtml } from './run-info.js';
import { runTabsHtml, summaryHtml } from './summary-table.js';

export interface ReportOptions {
  /** The page's title. @default derived from the runs */
  title?: string;
}

/** What the page's script reads from its data block (`#report-data`). */
export interface ReportData {
  title: string;
  /** The run the page opens on: the first with a violation, else the first (`initialRun`). */
  initial: number;
  runs: { layout: RunLayout; events: TraceEvent[] }[];
}

/**
 * The timeline report of one or more runs: one self-contained HTML document (inline style, one
 * inline script, the layouts and trace events as a JSON data block; no network, no external
 * asset). Each run gets its header (seed, profile, algorithm, options, replay command) and a
 * timeline of its processes grouped by client host; several runs get a summary per algorithm
 * and a button each to switch between them, and the page opens on the first failing one.
 */
export function renderReport(results: SimulationResult[], options: ReportOptions = {}): string {
  const title = options.title ?? defaultTitle(results);
  const layouts = results.map(layoutRun);
  const initial = initialRun(results);
  const data: ReportData = {
    title,
    initial,
    runs: results.map((result, index) => ({ layout: layouts[index]!, events: result.trace })),
  };
  const shown = layouts[initial];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div id="report" data-runs="${results.length}" data-initial-run="${initial}">
<header class="top">
<div class="title-row"><h1>${escapeHtml(title)}</h1>${results.length > 1 ? summaryHtml(results) : ''}</div>
${results.length > 1 ? runTabsHtml(results, initial) : ''}
${layouts.map((layout, index) => runInfoHtml(layout, { index, traceEvents: results[index]!.trace.length, shown: index === initial })).join('\n')}
${results.length === 0 ? '<p>No runs.</p>' : ''}
</header>
<div class="toolbar">
<button type="button" id="zoom-in" title="zoom in (+)">zoom in</button>
<button type="button" id="zoom-out" title="zoom out (-)">zoom out</button>
<button type="button" id="zoom-fit" title="the whole run">fit</button>
<span id="zoom-level" class="readout"></span>
<span id="cursor-time" class="readout"></span>
<span id="legend"></span>
</div>
<div class="main">
<div id="timeline" class="timeline" data-run="${initial}" data-violations="${shown?.violations.length ?? 0}">
<div id="lane-header" class="lane-header"></div>
<div id="plot" class="plot"><canvas id="canvas"></canvas><div id="overlays"></div></div>
</div>
<aside id="detail" class="detail" data-kind="none"></aside>
</div>
<div id="tooltip" hidden></div>
</div>
<script type="application/json" id="report-data">${embedJson(data)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function defaultTitle(results: readonly SimulationResult[]): string {
  if (results.length === 1) {
    const [run] = results;
    return `linklock simulation: ${run!.algorithm}, ${run!.profile}, seed ${run!.seed}`;
  }
  return `linklock simulation: ${results.length} runs`;
}
