import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NfsAdapter } from '@linklock/nfs';

/** Where scripts/nfs/setup.sh put the server, and the ports it serves on. */
export const NFS_ROOT = process.env.LINKLOCK_NFS_ROOT ?? '/tmp/linklock-nfs';
/** Exported with ganesha's default caching: it trusts names and attributes for 60 s. */
export const EXPORT_DIR = join(NFS_ROOT, 'export');
/** Exported with Attr_Expiration_Time = 0: ganesha looks at its disk at every request. */
export const NOAC_EXPORT_DIR = join(NFS_ROOT, 'export-noac');
export const NFS_PORT = Number(process.env.LINKLOCK_NFS_PORT ?? 42049);
export const MOUNT_PORT = Number(process.env.LINKLOCK_NFS_MOUNT_PORT ?? 42050);
export const HOST = '127.0.0.1';

/** The URL of a path on the server (a path of the real filesystem, under EXPORT_DIR). */
export function nfsUrl(serverPath: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ mountport: String(MOUNT_PORT) });
  for (const [key, value] of Object.entries(query)) params.set(key, String(value));
  return `nfs://${HOST}:${NFS_PORT}${serverPath}?${params}`;
}

/** Fails with what to do when the server of setup.sh does not answer. */
export async function requireGanesha(): Promise<void> {
  try {
    const probe = await NfsAdapter.connect({
      host: HOST,
      port: NFS_PORT,
      mountPort: MOUNT_PORT,
      exportPath: EXPORT_DIR,
      soft: true,
      timeoutMs: 2_000,
      retrans: 1,
    });
    await probe.close();
  } catch (error) {
    throw new Error(
      `no NFS server exports ${EXPORT_DIR} on ${HOST}:${NFS_PORT} (${(error as Error).message}): run scripts/nfs/setup.sh first (pnpm test:nfs needs it)`,
    );
  }
}

/**
 * A fresh directory of the export, made on the server's own disk: `local` is its path there,
 * `inExport` the same directory as NFS clients name it (a path inside the export).
 */
export function freshExportDirectory(
  prefix = 't',
  exportDir = EXPORT_DIR,
): { local: string; inExport: string; remove(): void } {
  const local = mkdtempSync(join(exportDir, `${prefix}-`));
  return {
    local,
    inExport: local.slice(exportDir.length),
    remove: () => rmSync(local, { recursive: true, force: true }),
  };
}
