import { formatMs, roundNumbersIn } from './format-time.js';
import { escapeHtml } from './html-escape.js';
import type { RunLayout } from './layout-types.js';
import { optionsSummary } from './options-summary.js';

/**
 * The header of one run, rendered on the server side so that the facts (seed, profile,
 * algorithm, replay command, violations) read without the script: one section per run, all
 * but the one shown hidden. The violations come right after the replay command, before the
 * facts, so that a small window shows the first of them without scrolling.
 */
export function runInfoHtml(
  layout: RunLayout,
  run: {
    /** The run's place on the page. */
    index: number;
    /** How many events its trace has (the layout keeps marks, not the events). */
    traceEvents: number;
    /** Whether the page opens on it (the others' sections start hidden). */
    shown: boolean;
  },
): string {
  const { index, traceEvents, shown } = run;
  const e = escapeHtml;
  const count = layout.violations.length;
  const verdict =
    count === 0
      ? '<span class="good">no violations</span>'
      : `<span class="bad">${count} violation${count === 1 ? '' : 's'}</span>`;
  const faults = Object.entries(layout.stats.faults)
    .map(([what, n]) => `${what} ${n}`)
    .join(', ');
  const facts: [string, string][] = [
    [
      'simulated',
      `${formatMs(layout.stats.simulatedMs)}${layout.finished ? '' : ' (did not finish)'}`,
    ],
    ['trace events', String(traceEvents)],
    ['file operations', String(layout.stats.fileOperations)],
    ['acquisitions', `${layout.stats.acquisitions} (${layout.stats.failedAcquisitions} failed)`],
    ['crashes', String(layout.stats.crashes)],
    ['pauses', String(layout.stats.pauses)],
    ['faults', faults === '' ? 'none' : faults],
    ['trace hash', layout.traceHash],
  ];
  // The JSON keeps its numbers exact, unlike the rest of the page: a reader copies it to
  // replay the run in code, and a rounded drift or loss rate would draw another run.
  return `<section class="run-info" data-run="${index}" data-seed="${layout.seed}" data-profile="${e(layout.profile)}" data-algorithm="${e(layout.algorithm)}"${shown ? '' : ' hidden'}>
<h2>${e(layout.algorithm)} · ${e(layout.profile)} · seed ${layout.seed} · ${verdict}</h2>
<div class="replay"><span>replay:</span><code class="replay-command">${e(layout.replay)}</code><button type="button" class="copy" data-copy="${e(layout.replay)}">copy</button></div>
${layout.replayNote === null ? '' : `<p class="replay-note">${e(layout.replayNote)}</p>`}
${violationList(layout)}
<div class="run-facts">${facts.map(([k, v]) => `<span>${e(k)}: <b>${e(v)}</b></span>`).join('')}</div>
<details class="options-box"><summary>options</summary>
<dl class="facts">${optionsSummary(layout.options)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(roundNumbersIn(v))}</dd>`)
    .join('')}</dl>
<p class="options-note">As the run had them, unrounded (what simulate({ world }) takes):</p>
<pre class="options">${e(JSON.stringify(layout.options, null, 2))}</pre>
</details>
</section>`;
}

function violationList(layout: RunLayout): string {
  if (layout.violations.length === 0) return '';
  const items = layout.violations.map(
    (v, i) =>
      `<li><button type="button" class="violation-item" data-violation="${i}" data-checker="${v.checker}">${escapeHtml(v.checker)} at ${formatMs(v.start)}</button>: ${escapeHtml(roundNumbersIn(v.message))}</li>`,
  );
  return `<ol class="violation-list">${items.join('')}</ol>`;
}
