import { describe, expect, it } from 'vitest';
import { staleView } from '../../src/report/stale-view.js';

describe('staleView', () => {
  it("reads a stale attribute note as the client's values against the server's", () => {
    expect(
      staleView('stale-attributes', '/export/locks/a: b.lock: nlink 2/1, mtime 5.5/9'),
    ).toEqual({
      path: '/export/locks/a: b.lock',
      fields: [
        { name: 'nlink', client: '2', server: '1' },
        { name: 'mtime', client: '5.5', server: '9' },
      ],
    });
  });

  it('reads a stale name note', () => {
    expect(
      staleView('stale-lookup', '/export/locks/jobs.lock: client absent, server present'),
    ).toEqual({
      path: '/export/locks/jobs.lock',
      fields: [{ name: 'name', client: 'absent', server: 'present' }],
    });
  });

  it('gives null for other faults and for notes it does not recognise', () => {
    expect(staleView('lost-reply', 'LINK')).toBeNull();
    expect(staleView('stale-lookup', undefined)).toBeNull();
    expect(staleView('stale-lookup', 'no separator')).toBeNull();
    expect(staleView('stale-attributes', '/a: nlink two')).toBeNull();
  });
});
