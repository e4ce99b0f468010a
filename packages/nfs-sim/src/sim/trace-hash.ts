import type { TraceEvent } from '../trace/trace-event.js';

/**
 * A 64-bit fingerprint of a trace (two FNV-1a hashes of its JSON, as 16 hex digits): the same
 * seed and options must give the same hash, in one process and across processes.
 */
export function traceHash(trace: readonly TraceEvent[]): string {
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  for (const event of trace) {
    const text = JSON.stringify(event);
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      low = Math.imul(low ^ code, 0x01000193) >>> 0;
      high = Math.imul(high ^ code, 0x01000193 + 2) >>> 0;
    }
    low = Math.imul(low ^ 10, 0x01000193) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
