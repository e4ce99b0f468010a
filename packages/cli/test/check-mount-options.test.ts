import { describe, expect, it } from 'vitest';
import { mountOptionsEntry } from '../src/check/mount-options.js';

// What `linklock check` makes of a mount's options (as /proc/self/mountinfo lists them).

describe('the mount options finding', () => {
  it('a local disk: nothing that bears on the lock', () => {
    expect(mountOptionsEntry('ext4', ['rw', 'relatime'])).toMatchObject({
      verdict: 'ok',
      why: 'rw,relatime: nothing that bears on the lock',
    });
  });

  it('read-only: unsafe, no lock file can be made', () => {
    expect(mountOptionsEntry('ext4', ['ro', 'relatime'])).toMatchObject({
      verdict: 'unsafe',
      why: expect.stringContaining('read-only (ro): no lock file can be created here'),
    });
  });

  it("NFS with Linux's defaults: caveat for the lookup cache, the attribute cache noted", () => {
    const found = mountOptionsEntry('nfs4', ['rw', 'relatime', 'vers=4.2', 'hard', 'timeo=600']);
    expect(found.verdict).toBe('caveat');
    expect(found.why).toContain('NFS version 4.2');
    expect(found.why).toContain('hard: calls wait for a silent server');
    expect(found.why).toContain('attributes cached (the defaults, 3 to 60 s)');
    expect(found.why).toContain(
      'lookupcache=all (the default): a released lock can look present for up to 60 s',
    );
    expect(found.measured).toMatchObject({ nfsVersion: '4.2', soft: false, lookupcache: 'all' });
  });

  it('NFS soft: a caveat that names how long a silent server takes to fail a refresh', () => {
    const found = mountOptionsEntry('nfs', [
      'soft',
      'timeo=100',
      'retrans=2',
      'noac',
      'lookupcache=none',
    ]);
    expect(found.verdict).toBe('caveat');
    expect(found.why).toContain('soft: a server silent for about 30 s (timeo × (retrans + 1))');
    expect(found.why).toContain('no attribute cache (noac or actimeo=0)');
    expect(found.why).toContain('lookupcache=none: names are looked up every time');
  });

  it('NFS hard, without caches: ok', () => {
    expect(
      mountOptionsEntry('nfs', ['hard', 'actimeo=0', 'lookupcache=none', 'vers=3']).verdict,
    ).toBe('ok');
  });
});
