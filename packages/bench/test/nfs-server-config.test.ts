import { describe, expect, it } from 'vitest';
import {
  exportDirectory,
  exportUrl,
  serverConfigFrom,
  universalAddress,
} from '../src/nfs/server-config.js';
import { describeGaneshaVersion } from '../src/nfs/server-version.js';

describe('the NFS server configuration', () => {
  it("defaults to scripts/nfs/setup.sh's root and ports", () => {
    const config = serverConfigFrom({});
    expect(config).toEqual({ root: '/tmp/linklock-nfs', port: 42049, mountPort: 42050 });
    expect(exportDirectory(config)).toBe('/tmp/linklock-nfs/export');
    expect(exportUrl(config)).toBe('nfs://127.0.0.1:42049/tmp/linklock-nfs/export?mountport=42050');
  });

  it('reads the environment variables the scripts read; empty ones count as unset', () => {
    const config = serverConfigFrom({
      LINKLOCK_NFS_ROOT: '/srv/nfs-test/',
      LINKLOCK_NFS_PORT: '2049',
      LINKLOCK_NFS_MOUNT_PORT: '',
    });
    expect(config).toEqual({ root: '/srv/nfs-test', port: 2049, mountPort: 42050 });
    expect(exportUrl(config)).toBe('nfs://127.0.0.1:2049/srv/nfs-test/export?mountport=42050');
  });

  it('rejects a relative root and anything that is not a port', () => {
    expect(() => serverConfigFrom({ LINKLOCK_NFS_ROOT: 'nfs' })).toThrow(/absolute path/);
    for (const port of ['0', '65536', '42049x', '-1', '4.2']) {
      expect(() => serverConfigFrom({ LINKLOCK_NFS_PORT: port })).toThrow(/LINKLOCK_NFS_PORT/);
    }
    expect(() => serverConfigFrom({ LINKLOCK_NFS_MOUNT_PORT: 'mount' })).toThrow(
      /LINKLOCK_NFS_MOUNT_PORT/,
    );
  });

  it('names a port as a universal address, for rpcinfo to call it directly', () => {
    expect(universalAddress('127.0.0.1', 42049)).toBe('127.0.0.1.164.65');
    expect(universalAddress('127.0.0.1', 2049)).toBe('127.0.0.1.8.1');
    expect(universalAddress('127.0.0.1', 111)).toBe('127.0.0.1.0.111');
  });
});

describe("the NFS server's version", () => {
  it("combines ganesha's release and the Debian package, either of which may be missing", () => {
    const daemon = 'NFS-Ganesha Release = V4.3\n';
    expect(describeGaneshaVersion(daemon, '4.3-2')).toBe('nfs-ganesha V4.3 (Debian package 4.3-2)');
    expect(describeGaneshaVersion(daemon, undefined)).toBe('nfs-ganesha V4.3');
    expect(describeGaneshaVersion(undefined, '4.3-2\n')).toBe('nfs-ganesha (Debian package 4.3-2)');
    expect(describeGaneshaVersion('usage: ganesha.nfsd ...', '')).toBe(
      'nfs-ganesha, version unknown',
    );
  });
});
