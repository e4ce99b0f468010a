/**
 * The report's stylesheet, inline (the page loads nothing). The timeline fills the window's
 * height beside the detail panel; its lane header stays on top while it scrolls, and the
 * canvas stays in view (sticky) while the plot under it scrolls: the script draws only the
 * rows in view, so the plot can be tall at any zoom. In a small window (900 x 700) the header
 * takes at most 45 % of the height and scrolls, its first lines being the tabs, the replay
 * command and the violations; the replay command wraps rather than run under the edge.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2933; --muted: #5f6b7a; --line: #d5dbe3; --bad: #d00000; --ok: #1b7f3b; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
#report { display: flex; flex-direction: column; height: 100vh; }
header.top { padding: 8px 16px 6px; border-bottom: 1px solid var(--line); max-height: 45vh; overflow: auto; flex: none; }
/* Shadows at the header's edges while there is more to scroll to (the white covers scroll with
   the content and hide them at either end). */
header.top {
  background:
    linear-gradient(#fff 30%, rgba(255,255,255,0)) top / 100% 24px no-repeat local,
    linear-gradient(rgba(255,255,255,0), #fff 70%) bottom / 100% 24px no-repeat local,
    radial-gradient(farthest-side at 50% 0, rgba(0,0,0,0.2), rgba(0,0,0,0)) top / 100% 8px no-repeat scroll,
    radial-gradient(farthest-side at 50% 100%, rgba(0,0,0,0.2), rgba(0,0,0,0)) bottom / 100% 8px no-repeat scroll;
  background-color: #fff;
}
.title-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 16px; }
.title-row details[open] { flex-basis: 100%; }
h1 { font-size: 17px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 6px 0; }
h3 { font-size: 14px; margin: 4px 0 6px; }
h4 { font-size: 12px; margin: 10px 0 4px; color: var(--muted); }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 2px 8px 2px 0; vertical-align: top; }
table.summary th, table.summary td, table.runs th, table.runs td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 0; }
td.num, th.num { text-align: right; }
.bad { color: var(--bad); font-weight: 600; }
.good { color: var(--ok); }
code, pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre.options { max-height: 240px; overflow: auto; background: #f6f8fa; padding: 8px; }
.replay { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; margin: 4px 0; }
.replay code { background: #f1f3f6; padding: 3px 6px; border-radius: 4px; user-select: all; min-width: 0; overflow-wrap: anywhere; }
.options-note { color: var(--muted); margin: 6px 0 2px; }
details.summary-box { margin: 2px 0 4px; }
details.summary-box table { margin: 4px 0; }
summary { cursor: pointer; color: var(--muted); }
.replay-note { color: var(--muted); margin: 2px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 4px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-word; }
.run-facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 4px 0; }
.run-facts span b { font-weight: 600; }
ol.violation-list { margin: 4px 0; padding-left: 24px; max-height: 11em; overflow: auto; }
button.violation-item { all: unset; cursor: pointer; color: var(--bad); }
button.violation-item:hover { text-decoration: underline; }
nav#runs { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0 2px; }
nav#runs button.failing { color: var(--bad); }
nav#runs button.active { background: #1f2933; color: #fff; }
.run-note { color: var(--muted); margin: 2px 0 6px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 6px 16px; border-bottom: 1px solid var(--line); flex: none; }
.toolbar .readout { min-width: 110px; color: var(--muted); font-variant-numeric: tabular-nums; }
#legend { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px; color: var(--muted); font-size: 11px; }
.legend-intervals { display: flex; flex-wrap: wrap; gap: 2px 10px; }
.legend-item { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.token-item { display: inline-flex; align-items: center; gap: 2px; }
details.legend-marks[open] { flex-basis: 100%; }
details.legend-marks .legend-panel { display: flex; flex-wrap: wrap; gap: 2px 10px; padding: 2px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.swatch.shape-circle, .swatch.shape-dot { border-radius: 50%; }
.swatch.shape-diamond { transform: rotate(45deg) scale(0.8); }
.swatch.shape-tick, .swatch.shape-bar { height: 3px; }
.swatch.shape-triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.swatch.shape-cross { clip-path: polygon(0 15%, 15% 0, 50% 35%, 85% 0, 100% 15%, 65% 50%, 100% 85%, 85% 100%, 50% 65%, 15% 100%, 0 85%, 35% 50%); }
.main { display: flex; flex: 1; min-height: 0; }
#timeline { position: relative; overflow: auto; flex: 1; min-width: 0; }
#lane-header { position: sticky; top: 0; z-index: 3; height: 44px; background: #fff; border-bottom: 1px solid var(--line); }
#lane-header .axis-label { position: absolute; left: 8px; bottom: 4px; color: var(--muted); }
#lane-header .host-label { position: absolute; top: 2px; height: 20px; line-height: 20px; text-align: center; font-weight: 600; border-bottom: 2px solid #9aa6b5; overflow: hidden; }
#lane-header .lane-label { position: absolute; bottom: 2px; height: 18px; line-height: 18px; text-align: center; font-size: 11px; overflow: hidden; white-space: nowrap; }
#lane-header .lane-host, #lane-header .lane-server { color: var(--muted); font-size: 10px; }
#plot { position: relative; }
#canvas { position: sticky; display: block; z-index: 1; }
#overlays { position: absolute; inset: 0; z-index: 2; pointer-events: none; }
button.violation { position: absolute; pointer-events: auto; height: 18px; padding: 0 6px; font-size: 11px; font-weight: 600; color: #fff; background: var(--bad); border: 0; border-radius: 9px; cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,0.3); }
button.violation:hover, button.violation:focus { outline: 2px solid #0b63f6; }
aside#detail { width: clamp(240px, 28vw, 380px); flex: none; overflow: auto; border-left: 1px solid var(--line); padding: 10px 14px; background: #fbfcfd; }
#detail .hint { color: var(--muted); }
#detail .explanation { background: #fff1f1; border-left: 3px solid var(--bad); padding: 6px 8px; }
#detail .violation-title { color: var(--bad); }
#detail table.event td { word-break: break-all; }
#detail table.stale { margin-top: 8px; }
#detail table.stale caption { text-align: left; font-weight: 600; padding-bottom: 2px; }
#detail button.related { all: unset; cursor: pointer; color: #0b63f6; }
#tooltip { position: fixed; z-index: 10; max-width: 520px; padding: 4px 8px; background: #1f2933; color: #fff; border-radius: 4px; font-size: 12px; pointer-events: none; }
`;
