import { execFileSync } from 'node:child_process';

/**
 * The NFS server's version as the report states it: nfs-ganesha's own release (`ganesha.nfsd
 * -v`) and the Debian package it came from (`dpkg-query`), whichever of the two this machine
 * can tell. Numbers measured against a server mean little without its version.
 */
export function ganeshaVersion(): string {
  return describeGaneshaVersion(
    output('ganesha.nfsd', ['-v']),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format, not JavaScript's
    output('dpkg-query', ['-W', '-f=${Version}', 'nfs-ganesha']),
  );
}

/**
 * `nfs-ganesha V4.3 (Debian package 4.3-2)` from `ganesha.nfsd -v` (`NFS-Ganesha Release =
 * V4.3`) and the package version; either may be missing (not installed, not Debian).
 */
export function describeGaneshaVersion(
  daemonOutput: string | undefined,
  packageVersion: string | undefined,
): string {
  const release = daemonOutput?.match(/Release\s*=\s*(\S+)/)?.[1];
  const debian = packageVersion?.trim() || undefined;
  if (release === undefined && debian === undefined) return 'nfs-ganesha, version unknown';
  const parts = ['nfs-ganesha'];
  if (release !== undefined) parts.push(release);
  if (debian !== undefined) parts.push(`(Debian package ${debian})`);
  return parts.join(' ');
}

function output(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  } catch {
    return undefined;
  }
}
