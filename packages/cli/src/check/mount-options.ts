import { type CheckEntry, entry, type Verdict, worst } from './report.js';

/** NFS's default maximum attribute cache time for directories (acdirmax), in seconds. */
const NFS_ACDIRMAX_DEFAULT_S = 60;

/**
 * What a mount's options mean for the lock: read-only is fatal; for NFS, a soft mount can fail
 * a refresh, and cached names and attributes make waiters see a release late (the lock decides
 * by link and by reading the file, which revalidates on open, never by cached attributes).
 */
export function mountOptionsEntry(fsType: string, options: readonly string[]): CheckEntry {
  const values = new Map(
    options.map((option) => {
      const at = option.indexOf('=');
      return at < 0 ? [option, ''] : [option.slice(0, at), option.slice(at + 1)];
    }),
  );
  const notes: { verdict: Verdict; text: string }[] = [];
  if (values.has('ro')) {
    notes.push({ verdict: 'unsafe', text: 'read-only (ro): no lock file can be created here' });
  }
  if (fsType === 'nfs' || fsType === 'nfs4') notes.push(...nfsNotes(values));
  const listed = options.join(',');
  const verdict = notes.reduce<Verdict>((sum, note) => worst(sum, note.verdict), 'ok');
  const why =
    notes.length === 0
      ? `${listed}: nothing that bears on the lock`
      : `${listed}: ${notes.map((note) => note.text).join('; ')}`;
  return entry('filesystem', 'mount options', verdict, why, {
    options: listed,
    ...nfsMeasured(fsType, values),
  });
}

function nfsNotes(values: Map<string, string>): { verdict: Verdict; text: string }[] {
  const notes: { verdict: Verdict; text: string }[] = [];
  const version = values.get('vers') ?? values.get('nfsvers');
  if (version !== undefined) notes.push({ verdict: 'ok', text: `NFS version ${version}` });
  if (values.has('soft') || values.has('softerr')) {
    const timeo = Number(values.get('timeo') ?? 600) / 10;
    const retrans = Number(values.get('retrans') ?? 3);
    notes.push({
      verdict: 'caveat',
      text: `soft: a server silent for about ${Math.round(timeo * (retrans + 1))} s (timeo × (retrans + 1)) fails calls with EIO or ETIMEDOUT; a refresh can fail and the holder is told its lock is lost`,
    });
  } else {
    notes.push({ verdict: 'ok', text: 'hard: calls wait for a silent server' });
  }
  const noCache = values.has('noac') || values.get('actimeo') === '0';
  if (noCache) {
    notes.push({ verdict: 'ok', text: 'no attribute cache (noac or actimeo=0)' });
  } else {
    const cache = ['actimeo', 'acregmin', 'acregmax', 'acdirmin', 'acdirmax']
      .filter((key) => values.has(key))
      .map((key) => `${key}=${values.get(key)}`);
    notes.push({
      verdict: 'ok',
      text: `attributes cached (${cache.length > 0 ? cache.join(', ') : 'the defaults, 3 to 60 s'}): stat may be that stale, the lock's read revalidates on open`,
    });
  }
  const lookupcache = values.get('lookupcache') ?? 'all';
  if (lookupcache === 'none') {
    notes.push({ verdict: 'ok', text: 'lookupcache=none: names are looked up every time' });
  } else {
    const acdirmax = values.get('acdirmax') ?? values.get('actimeo') ?? NFS_ACDIRMAX_DEFAULT_S;
    notes.push({
      verdict: 'caveat',
      text: `lookupcache=${lookupcache}${values.has('lookupcache') ? '' : ' (the default)'}: a released lock can look present for up to ${acdirmax} s; waiters go by link(), so it costs time, not safety`,
    });
  }
  return notes;
}

function nfsMeasured(fsType: string, values: Map<string, string>) {
  if (fsType !== 'nfs' && fsType !== 'nfs4') return {};
  return {
    nfsVersion: values.get('vers') ?? values.get('nfsvers') ?? null,
    soft: values.has('soft') || values.has('softerr'),
    lookupcache: values.get('lookupcache') ?? 'all',
    noac: values.has('noac') || values.get('actimeo') === '0',
  };
}
