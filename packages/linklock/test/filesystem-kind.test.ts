import { describe, expect, it } from 'vitest';
import {
  capabilitiesFor,
  classifyFilesystem,
  filesystemTypeOf,
  findMount,
  ioModeFor,
  LOCAL_DISK_CAPABILITIES,
  parseMountinfo,
  unescapeMountField,
} from '../src/filesystem-kind.js';

const MOUNTINFO = [
  '22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw',
  '27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard',
  '30 27 0:27 / /var/lib/docker/overlay2/abc/merged rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w',
  '31 27 0:28 / /mnt/nfs rw,relatime shared:5 master:2 - nfs4 server:/export rw,vers=4.2,addr=10.0.0.1',
  '32 31 0:29 / /mnt/nfs/scratch rw,nosuid,nodev - tmpfs tmpfs rw,size=1024k',
  '33 27 0:30 / /home/user/remote\\040dir rw,nosuid,nodev,relatime - fuse.sshfs user@host:/srv rw,user_id=0,group_id=0',
  '34 27 0:31 / /tmp rw,nosuid,nodev - tmpfs tmpfs rw',
  '35 34 8:17 / /tmp rw,relatime - xfs /dev/sdb1 rw',
  '36 27 0:32 /sub /srv/back\\134slash rw - btrfs /dev/sdc rw',
  'garbage line without a separator',
  '',
].join('\n');

describe('parseMountinfo', () => {
  it('reads every well-formed line, with optional fields and escapes', () => {
    const mounts = parseMountinfo(MOUNTINFO);
    expect(mounts).toHaveLength(9);
    expect(mounts[1]).toEqual({
      mountId: 27,
      parentId: 1,
      device: '254:0',
      root: '/',
      mountPoint: '/',
      fsType: 'ext4',
      source: '/dev/vda',
      options: ['rw', 'relatime', 'discard'],
    });
    expect(mounts[3]).toMatchObject({
      mountPoint: '/mnt/nfs',
      fsType: 'nfs4',
      source: 'server:/export',
      options: ['rw', 'relatime', 'vers=4.2', 'addr=10.0.0.1'],
    });
    expect(mounts[5]).toMatchObject({ mountPoint: '/home/user/remote dir', fsType: 'fuse.sshfs' });
    expect(mounts[8]).toMatchObject({
      root: '/sub',
      mountPoint: '/srv/back\\slash',
      fsType: 'btrfs',
    });
  });

  it('unescapes octal sequences', () => {
    expect(unescapeMountField('a\\040b\\011c\\012d\\134e')).toBe('a b\tc\nd\\e');
    expect(unescapeMountField('plain')).toBe('plain');
  });

  it('returns nothing for empty text', () => {
    expect(parseMountinfo('')).toEqual([]);
  });
});

describe('findMount', () => {
  const mounts = parseMountinfo(MOUNTINFO);
  const typeOf = (path: string) => findMount(mounts, path)?.fsType;

  it('picks the longest mount point that prefixes the path', () => {
    expect(typeOf('/')).toBe('ext4');
    expect(typeOf('/home/user')).toBe('ext4');
    expect(typeOf('/var/lib/docker/overlay2/abc/merged/app')).toBe('overlay');
    expect(typeOf('/mnt/nfs')).toBe('nfs4');
    expect(typeOf('/mnt/nfs/jobs/locks')).toBe('nfs4');
    expect(typeOf('/mnt/nfs/scratch/x')).toBe('tmpfs');
  });

  it('matches whole path components only', () => {
    expect(typeOf('/mnt/nfsother')).toBe('ext4');
    expect(typeOf('/mnt/nfs/scratchy')).toBe('nfs4');
    expect(typeOf('/home/user/remote dirx')).toBe('ext4');
  });

  it('matches mount points with escaped characters', () => {
    expect(typeOf('/home/user/remote dir')).toBe('fuse.sshfs');
    expect(typeOf('/home/user/remote dir/locks/a')).toBe('fuse.sshfs');
    expect(typeOf('/srv/back\\slash/x')).toBe('btrfs');
  });

  it('prefers the mount listed last on one mount point (mounted on top)', () => {
    expect(typeOf('/tmp/linklock-x')).toBe('xfs');
  });

  it('finds nothing without a covering mount', () => {
    expect(findMount([], '/a')).toBeUndefined();
    expect(filesystemTypeOf('31 27 0:28 / /mnt/nfs rw - nfs4 s:/e rw', '/home')).toBeUndefined();
    expect(filesystemTypeOf(MOUNTINFO, '/mnt/nfs/a')).toBe('nfs4');
  });
});

describe('filesystem types', () => {
  it('runs local types synchronously and everything else asynchronously', () => {
    for (const type of [
      'ext2',
      'ext3',
      'ext4',
      'xfs',
      'btrfs',
      'tmpfs',
      'overlay',
      'zfs',
      'f2fs',
      'ramfs',
    ]) {
      expect(ioModeFor(type), type).toBe('sync');
      expect(classifyFilesystem(type), type).toBe('local');
    }
    for (const type of [
      'nfs',
      'nfs4',
      'cifs',
      'smb3',
      '9p',
      'fuse',
      'fuseblk',
      'fuse.sshfs',
      'fuse.bindfs',
      'vfat',
      'whatever',
    ]) {
      expect(ioModeFor(type), type).toBe('async');
    }
    expect(classifyFilesystem('nfs4')).toBe('network');
    expect(classifyFilesystem('cifs')).toBe('network');
    expect(classifyFilesystem('fuse.sshfs')).toBe('fuse');
    expect(classifyFilesystem('fuseblk')).toBe('fuse');
    expect(classifyFilesystem('proc')).toBe('other');
  });

  it('declares honest capabilities', () => {
    expect(capabilitiesFor('ext4')).toEqual(LOCAL_DISK_CAPABILITIES);
    expect(capabilitiesFor('overlay')).toEqual({
      hardLinks: true,
      reliableNlink: true,
      reliableIno: true,
      mtimeResolutionMs: 1,
      watchSeesOtherHosts: true,
    });
    expect(capabilitiesFor('fuse.sshfs')).toEqual({
      hardLinks: true,
      reliableNlink: false,
      reliableIno: false,
      mtimeResolutionMs: 1000,
      watchSeesOtherHosts: false,
    });
    for (const type of ['nfs', 'nfs4', 'cifs', 'smb3', 'fuse', 'fuse.bindfs', '9p', 'unknownfs']) {
      expect(capabilitiesFor(type).watchSeesOtherHosts, type).toBe(false);
    }
    expect(capabilitiesFor('nfs4')).toMatchObject({
      hardLinks: true,
      reliableNlink: true,
      reliableIno: true,
    });
    expect(capabilitiesFor('cifs')).toMatchObject({ reliableNlink: false, reliableIno: false });
    expect(capabilitiesFor('fuse.bindfs')).toMatchObject({
      reliableNlink: false,
      reliableIno: false,
    });
    expect(capabilitiesFor('vfat')).toMatchObject({ hardLinks: false, mtimeResolutionMs: 2000 });
  });

  it('returns a fresh object each time', () => {
    const a = capabilitiesFor('ext4');
    a.hardLinks = false;
    expect(capabilitiesFor('ext4').hardLinks).toBe(true);
  });
});
