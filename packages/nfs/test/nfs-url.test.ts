import { describe, expect, it } from 'vitest';
import { chooseExport, insideOf } from '../src/adapter/export-choice.js';
import { isNfsUrl, parseNfsUrl } from '../src/adapter/nfs-url.js';

describe('nfs:// URLs', () => {
  it('reads host, port, the server path and the query', () => {
    expect(
      parseNfsUrl('nfs://nas.example:2049/srv/locks/a%20b.lock?mountport=635&uid=1000&gid=100'),
    ).toEqual({
      host: 'nas.example',
      port: 2049,
      path: '/srv/locks/a b.lock',
      mountPort: 635,
      uid: 1000,
      gid: 100,
    });
    expect(parseNfsUrl('nfs://[::1]/export?timeout=500&retrans=2&soft=1')).toEqual({
      host: '::1',
      path: '/export',
      timeoutMs: 500,
      retrans: 2,
      soft: true,
    });
    expect(parseNfsUrl('NFS://h/x?soft=false').soft).toBe(false);
  });

  it('tells URLs from local paths', () => {
    expect(isNfsUrl('nfs://h/x')).toBe(true);
    expect(isNfsUrl('/tmp/nfs://x')).toBe(false);
    expect(isNfsUrl('./jobs.lock')).toBe(false);
  });

  it('refuses what is not an nfs:// URL, with the form it expects', () => {
    expect(() => parseNfsUrl('http://h/x')).toThrow(
      /not an NFS URL.*expected nfs:\/\/host\[:port\]\/path/,
    );
    expect(() => parseNfsUrl('nfs:relative')).toThrow(TypeError);
    expect(() => parseNfsUrl('nfs://')).toThrow(TypeError);
    expect(() => parseNfsUrl('nfs://h')).toThrow(/names no path/);
    expect(() => parseNfsUrl('nfs://h/x?nfsport=1')).toThrow(
      /unknown parameter "nfsport" \(known: mountport/,
    );
    expect(() => parseNfsUrl('nfs://h/x?mountport=abc')).toThrow(/mountport="abc" is not a number/);
    expect(() => parseNfsUrl('nfs://h/x?soft=maybe')).toThrow(/soft="maybe"/);
    expect(() => parseNfsUrl('nfs://me:pw@h/x')).toThrow(/user name/);
  });

  it('checks every value before any traffic, naming the parameter as the URL spells it', () => {
    expect(() => parseNfsUrl('nfs://h:0/x')).toThrow(RangeError);
    expect(() => parseNfsUrl('nfs://h/x?mountport=70000')).toThrow(
      /the NFS URL "nfs:\/\/h\/x\?mountport=70000": `mountport` must be a port number \(1-65535\), got 70000/,
    );
    expect(() => parseNfsUrl('nfs://h/x?uid=-1')).toThrow(/`uid` must be an integer/);
    expect(() => parseNfsUrl('nfs://h/x?timeout=0')).toThrow(/`timeout` must be a positive number/);
    expect(() => parseNfsUrl('nfs://h/x?retrans=1.5')).toThrow(/`retrans` must be a whole number/);
  });
});

describe('choosing the export', () => {
  const exports = ['/srv', '/srv/locks', '/data/', '/srvx'];

  it('takes the longest export that holds the path, by whole components', () => {
    expect(chooseExport(exports, '/srv/locks/jobs.lock')).toEqual({
      exportPath: '/srv/locks',
      inside: '/jobs.lock',
    });
    expect(chooseExport(exports, '/srv/other/jobs.lock')).toEqual({
      exportPath: '/srv',
      inside: '/other/jobs.lock',
    });
    expect(chooseExport(exports, '/srvx')).toEqual({ exportPath: '/srvx', inside: '/' });
    expect(chooseExport(exports, '/data/a')).toEqual({ exportPath: '/data', inside: '/a' });
    expect(chooseExport(['/'], '/a/b')).toEqual({ exportPath: '/', inside: '/a/b' });
  });

  it('finds none for a path outside every export', () => {
    expect(chooseExport(exports, '/srvy/a')).toBeUndefined();
    expect(chooseExport([], '/srv')).toBeUndefined();
    expect(insideOf('/elsewhere/x', '/srv')).toBeUndefined();
    expect(insideOf('/srv/../etc', '/srv')).toBeUndefined();
  });
});
