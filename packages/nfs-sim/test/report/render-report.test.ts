import { beforeAll, describe, expect, it } from 'vitest';
import {
  layoutRun,
  type ReportData,
  renderReport,
  type SimulationResult,
  simulate,
} from '../../src/index.js';
import { REPORT_SCRIPT } from '../../src/report/report-script.js';
import { loadRuns, type Runs } from './runs.js';

let runs: Runs;

beforeAll(async () => {
  runs = await loadRuns();
}, 120_000);

const DATA_OPEN = '<script type="application/json" id="report-data">';

/** The text of a report's JSON data block. */
function dataBlock(html: string): string {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  return html.slice(start, html.indexOf('</script>', start));
}

/** The JSON data block of a report, parsed back. */
function embedded(html: string): ReportData {
  return JSON.parse(dataBlock(html)) as ReportData;
}

/** Anything the page would fetch: remote URLs, src/href attributes, stylesheets, imports. */
function externalReferences(html: string): string[] {
  return [
    ...html.matchAll(/https?:\/\/|\bsrc\s*=|\bhref\s*=|<link\b|@import|url\(|\bimport\s*\(/gi),
  ].map((match) => match[0]);
}

describe('renderReport', () => {
  it('is one self-contained document: no external URL, inline style and one inline script', () => {
    const html = renderReport([runs.mailmanSafety]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(externalReferences(renderReport([runs.lossy, runs.chaos]))).toEqual([]);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<script\b/g)).toHaveLength(2); // the script and the JSON data block
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('embeds the layout and the trace events as JSON that parses back', () => {
    const result = runs.mailmanSafety;
    const data = embedded(renderReport([result]));
    expect(data.runs).toHaveLength(1);
    expect(data.runs[0]!.events).toEqual(result.trace);
    expect(data.runs[0]!.layout).toEqual(JSON.parse(JSON.stringify(layoutRun(result))));
  });

  it('escapes what would end the data block or the document, and reads it back intact', () => {
    const hostile = '</script><script>alert(1)</script><!-- \u2028\u2029';
    const result: SimulationResult = {
      ...runs.mailmanSafety,
      violations: runs.mailmanSafety.violations.map((v) => ({ ...v, message: hostile })),
      trace: runs.mailmanSafety.trace.map((e) => (e.kind === 'op' ? { ...e, path: hostile } : e)),
    };
    const html = renderReport([result], { title: hostile });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html.includes('<script>alert')).toBe(false);
    // In the HTML text the separators are plain characters; in the data block, escapes.
    expect(/[\u2028\u2029]/.test(dataBlock(html))).toBe(false);
    const data = embedded(html);
    expect(data.title).toBe(hostile);
    expect(data.runs[0]!.layout.violations[0]!.message).toBe(hostile);
    expect(data.runs[0]!.events.find((e) => e.kind === 'op')).toMatchObject({ path: hostile });
  });

  it('keeps its script free of what would end the script element or break its template', () => {
    expect(REPORT_SCRIPT).not.toContain('</');
    expect(REPORT_SCRIPT).not.toContain('`');
    expect(REPORT_SCRIPT).not.toContain('${');
    expect(REPORT_SCRIPT).not.toContain('\\');
    expect(() => new Function(REPORT_SCRIPT)).not.toThrow(); // it parses
  });

  it('inlines its script bundled: one strict classic script, no module syntax, nothing to load', () => {
    expect(renderReport([runs.mailmanSafety])).toContain(`<script>${REPORT_SCRIPT}</script>`);
    expect(REPORT_SCRIPT.startsWith('"use strict";\n(() => {')).toBe(true);
    expect(REPORT_SCRIPT.trimEnd().endsWith('})();')).toBe(true);
    // `new Function` above parses it as a classic script, where import and export are errors;
    // this names what a bundler would have left in: a module statement or a require.
    expect(REPORT_SCRIPT).not.toMatch(/^\s*(import|export)\b/m);
    expect(REPORT_SCRIPT).not.toMatch(/\b(import|require)\s*\(/);
  });

  it('heads the page with the run, its options and the replay command', () => {
    const result = runs.mailmanSafety;
    const html = renderReport([result]);
    expect(html).toContain(
      `<code class="replay-command">linklock simulate --seed ${result.seed} --profile nfs --algorithm mailman21</code>`,
    );
    expect(html).toContain(
      `<section class="run-info" data-run="0" data-seed="${result.seed}" data-profile="nfs" data-algorithm="mailman21">`,
    );
    expect(html).toContain(result.traceHash);
    expect(html).toContain('lookupcache=all');
    expect(html).toContain(
      `<title>linklock simulation: mailman21, nfs, seed ${result.seed}</title>`,
    );
  });

  it('gives a browser test stable hooks: #report, #timeline[data-violations], #detail, violation labels', () => {
    const result = runs.mailmanSafety;
    const html = renderReport([result]);
    expect(html).toContain('<div id="report" data-runs="1" data-initial-run="0">');
    expect(html).toMatch(
      new RegExp(
        `<div id="timeline" class="timeline" data-run="0" data-violations="${result.violations.length}">`,
      ),
    );
    expect(html).toContain('<aside id="detail"');
    for (const id of ['zoom-in', 'zoom-out', 'zoom-fit', 'canvas', 'overlays', 'lane-header'])
      expect(html).toContain(`id="${id}"`);
    // The labels are built by the script from the layout; the script names the hooks (the
    // bundler writes its strings in double quotes).
    const script = REPORT_SCRIPT.replaceAll('"', "'");
    for (const hook of [
      "'lane-label lane-'",
      "'data-pid'",
      "className: 'violation'",
      "'data-checker'",
      "'data-violations'",
    ])
      expect(script).toContain(hook);
    const items = html.match(/<button type="button" class="violation-item"/g);
    expect(items).toHaveLength(result.violations.length);
  });

  it('summarises several runs per algorithm, with a button per run', () => {
    const results = [runs.mailmanSafety, runs.mailmanFirstFailing, runs.cleanLinklock];
    const html = renderReport(results, { title: 'three runs' });
    expect(html).toContain('<h1>three runs</h1>');
    expect(html).toContain(
      '<tr data-algorithm="mailman21"><td>mailman21</td><td class="num">2</td>',
    );
    expect(html).toContain(
      '<tr data-algorithm="linklock"><td>linklock</td><td class="num">1</td><td class="num">0</td>',
    );
    expect(html.match(/class="run-tab/g)).toHaveLength(3);
    expect(html.match(/<section class="run-info"/g)).toHaveLength(3);
    expect(embedded(html).runs.map((run) => run.layout.algorithm)).toEqual([
      'mailman21',
      'mailman21',
      'linklock',
    ]);
  });

  it('opens on the first run with a violation: its header, its tab, its timeline', () => {
    const results = [runs.cleanLinklock, runs.mailmanSafety, runs.mailmanFirstFailing];
    expect(results.map((run) => run.violations.length > 0)).toEqual([false, true, true]);
    const html = renderReport(results);
    expect(embedded(html).initial).toBe(1);
    expect(html).toContain('<div id="report" data-runs="3" data-initial-run="1">');
    expect(html.match(/<section class="run-info" data-run="\d"[^>]*>/g)).toEqual([
      expect.stringMatching(/ hidden>$/),
      expect.not.stringMatching(/hidden/),
      expect.stringMatching(/ hidden>$/),
    ]);
    expect(html).toMatch(/<button type="button" class="run-tab failing active" data-run="1"/);
    expect(html).toContain(
      `<p id="run-note" class="run-note" aria-live="polite">Showing run 2 of 3: mailman21 · nfs · seed ${runs.mailmanSafety.seed}, the first run with a violation`,
    );
    expect(html).toContain(
      `<div id="timeline" class="timeline" data-run="1" data-violations="${runs.mailmanSafety.violations.length}">`,
    );
    // None failed: the first.
    expect(embedded(renderReport([runs.cleanLinklock, runs.lossy])).initial).toBe(0);
  });

  it('rounds the times of its header: the violations, their messages, the facts', () => {
    // Messages as the checkers wrote them before they rounded their own times.
    const message =
      'pid 1002 (client c0, in since 2202.5914753512216 ms) and pid 1004 (client c1) were both in the critical section from 2254.742426479167 ms to 2283.3648116758295 ms';
    const result: SimulationResult = {
      ...runs.mailmanSafety,
      violations: runs.mailmanSafety.violations.map((v) => ({ ...v, message })),
    };
    const html = renderReport([result, runs.cleanLinklock]);
    const header = html
      .slice(0, html.indexOf(DATA_OPEN))
      .replace(/<pre class="options">[^<]*/g, '');
    expect(header).toContain('in since 2202.6 ms) and pid 1004 (client c1) were both in the');
    expect(header).toContain('from 2254.7 ms to 2283.4 ms');
    expect(header.match(/(?<![\w.])\d+\.\d{2,} ?ms/g)).toBeNull();
    expect(header.match(/(?<![\w.])\d+\.\d{4,}/g)).toBeNull();
    const first = result.violations[0]!;
    expect(header).toContain(`${first.checker} at ${Math.round(first.t * 10) / 10} ms`);
  });

  it('stays small and quick for 16 processes and about 10,000 trace events', async () => {
    const result = await simulate({
      seed: 1,
      profile: 'lossy',
      algorithm: 'linklock',
      clients: 4,
      processes: 16,
      // 20: a waiter's polls between looks are a link alone (docs/protocol.md, "Waiting for
      // another host"), so a run needs more turns than it did for this many events.
      iterations: 20,
    });
    expect(result.trace.length).toBeGreaterThan(9_000);
    const started = performance.now();
    const html = renderReport([result]);
    const elapsedMs = performance.now() - started;
    const data = embedded(html);
    expect(data.runs[0]!.layout.lanes.filter((lane) => lane.kind === 'process')).toHaveLength(16);
    expect(data.runs[0]!.events).toHaveLength(result.trace.length);
    expect(html.length).toBeLessThan(4_000_000);
    expect(elapsedMs).toBeLessThan(2_000);
    console.info(
      `report of ${result.trace.length} events, 16 processes: ${(html.length / 1e6).toFixed(2)} MB in ${elapsedMs.toFixed(0)} ms`,
    );
  });
});
