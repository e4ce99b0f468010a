import { posix } from 'node:path';

/** A path on the server, split into the export that holds it and the path inside that export. */
export interface ExportSplit {
  exportPath: string;
  /** Absolute inside the export: `/` for the export itself. */
  inside: string;
}

/**
 * The export a server path lies in: the longest exported path that is a whole-component prefix
 * of it (`/srv` holds `/srv/locks`, not `/srvx`). Undefined when no export holds it.
 */
export function chooseExport(
  exports: readonly string[],
  serverPath: string,
): ExportSplit | undefined {
  const path = posix.normalize(serverPath);
  let best: string | undefined;
  for (const candidate of exports) {
    const exportPath = trimSlash(posix.normalize(candidate));
    if (!isWithin(path, exportPath)) continue;
    if (best === undefined || exportPath.length > best.length) best = exportPath;
  }
  return best === undefined ? undefined : { exportPath: best, inside: insideOf(path, best)! };
}

/** The path inside `exportPath` that `serverPath` names; undefined when it lies outside it. */
export function insideOf(serverPath: string, exportPath: string): string | undefined {
  const path = posix.normalize(serverPath);
  const base = trimSlash(posix.normalize(exportPath));
  if (!isWithin(path, base)) return undefined;
  const rest = base === '/' ? path : path.slice(base.length);
  return rest === '' ? '/' : rest;
}

function isWithin(path: string, base: string): boolean {
  return base === '/' || path === base || path.startsWith(`${base}/`);
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
