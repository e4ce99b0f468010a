// An append-only journal that checks fencing tokens: the resource of stopped-holder.test.ts,
// written the way docs/guarantees.md ("Fencing tokens") asks a resource to use them. Each
// write carries the writer's token; a write whose token is lower than the highest accepted so
// far is refused, one with an equal or higher token is accepted.
//
// The journal is one file, one JSON line per write: {"token":7,"id":"4242.1","text":"..."}.
// A write is a single append (O_APPEND, one write(2) of one short line, which a local
// filesystem never interleaves with another), so the order of the lines is the order of the
// writes, and whether a line counts is decided by the lines before it alone. The comparison
// and the write are thereby one atomic step (the docs' point 4) without a lock of the
// journal's own: no late writer can slip in between another's check and its write. A refused
// line stays in the file but never counts; readJournal() and the writer's verdict agree.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';

let writes = 0;

/**
 * Appends `text` under fencing token `token`; returns 'accepted' or 'refused' (an earlier
 * write carried a higher token).
 * @param {string} path @param {number} token @param {string} text
 */
export function appendEntry(path, token, text) {
  writes += 1;
  const id = `${process.pid}.${writes}`;
  appendFileSync(path, `${JSON.stringify({ token, id, text })}\n`, { flag: 'a' });
  const { accepted } = readJournal(path);
  return accepted.some((entry) => entry.id === id) ? 'accepted' : 'refused';
}

/**
 * The journal's writes in order, split into those that count and those refused.
 * @param {string} path
 */
export function readJournal(path) {
  const accepted = [];
  const refused = [];
  if (!existsSync(path)) return { accepted, refused };
  let highest = Number.NEGATIVE_INFINITY;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line);
    if (entry.token >= highest) {
      highest = entry.token;
      accepted.push(entry);
    } else {
      refused.push(entry);
    }
  }
  return { accepted, refused };
}
