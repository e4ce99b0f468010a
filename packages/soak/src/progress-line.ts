import type { ChaosCounts } from './chaos.js';

export interface ProgressFigures extends ChaosCounts {
  elapsedMs: number;
  totalMs: number;
  acquisitions: number;
  accepted: number;
  refused: number;
  compromised: number;
  breaks: number;
  stoppedNow: number;
}

/** One line of progress: where the run is, what the lock and the chaos have done so far. */
export function progressLine(figures: ProgressFigures): string {
  const f = figures;
  return [
    `soak ${clock(Math.min(f.elapsedMs, f.totalMs))}/${clock(f.totalMs)}`,
    `acquisitions ${f.acquisitions}`,
    `writes ${f.accepted} accepted, ${f.refused} refused`,
    `kills ${f.kills} (${f.holderKills} holding)`,
    `stops ${f.stops} (${f.holderStops} holding, ${f.stoppedNow} stopped now)`,
    `compromised ${f.compromised}`,
    `breaks ${f.breaks}`,
  ].join('  ');
}

/** `m:ss`. */
export function clock(ms: number): string {
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
