import type { FaultKind } from '../trace/fault-kind.js';
import type { StaleView } from './layout-types.js';

/**
 * Reads a staleness fault's detail apart into the client's view and the server's truth, as
 * `StalenessNotes` writes them: `<path>: nlink 2/1, mtime 5/9` (cached/true per field) for
 * attributes, `<path>: client absent, server present` for a name. Anything else: null.
 */
export function staleView(what: FaultKind, detail: string | undefined): StaleView | null {
  if (detail === undefined || (what !== 'stale-attributes' && what !== 'stale-lookup')) return null;
  const colon = detail.lastIndexOf(': ');
  if (colon < 0) return null;
  const path = detail.slice(0, colon);
  const parts = detail.slice(colon + 2).split(', ');
  return what === 'stale-lookup' ? lookupView(path, parts) : attributeView(path, parts);
}

function attributeView(path: string, parts: string[]): StaleView | null {
  const fields: StaleView['fields'] = [];
  for (const part of parts) {
    const match = /^(\S+) (.*)\/(.*)$/.exec(part);
    if (match === null) return null;
    fields.push({ name: match[1]!, client: match[2]!, server: match[3]! });
  }
  return { path, fields };
}

function lookupView(path: string, parts: string[]): StaleView | null {
  const client = /^client (\S+)$/.exec(parts[0] ?? '');
  const server = /^server (\S+)$/.exec(parts[1] ?? '');
  if (client === null || server === null) return null;
  return { path, fields: [{ name: 'name', client: client[1]!, server: server[1]! }] };
}
