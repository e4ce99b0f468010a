import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The py-filelock release measured against: its SoftReadWriteLock is the peer of ReadWriteLock. */
export const PY_FILELOCK_VERSION = '4.0.8';

/** py-filelock's twin of worker.ts. */
export const PY_WORKER = fileURLToPath(new URL('../../py/soft_rw_worker.py', import.meta.url));

/** A Python that imports py-filelock at {@link PY_FILELOCK_VERSION}, or why there is none. */
export type PythonWithFilelock = { python: string } | { missing: string };

/** `python` if it imports py-filelock at the measured version. */
export function filelockIn(python: string): PythonWithFilelock {
  try {
    const version = execFileSync(python, ['-c', 'import filelock; print(filelock.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    if (version === PY_FILELOCK_VERSION) return { python };
    return { missing: `${python} has py-filelock ${version}, not ${PY_FILELOCK_VERSION}` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      missing:
        code === 'ENOENT'
          ? `no ${python}`
          : `${python} cannot import filelock (pip install filelock==${PY_FILELOCK_VERSION})`,
    };
  }
}

/**
 * A Python with py-filelock: python3 if it has it, else a virtual environment in `venvRoot`
 * with py-filelock installed by pip (made once, reused). `missing` when there is no python3 or
 * the install fails (no network).
 */
export function installedPyFilelock(venvRoot: string): PythonWithFilelock {
  const system = filelockIn('python3');
  if ('python' in system) return system;
  const python = join(venvRoot, 'bin', 'python3');
  if (existsSync(python) && 'python' in filelockIn(python)) return { python };
  try {
    execFileSync('python3', ['-m', 'venv', venvRoot], { stdio: 'ignore' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', `filelock==${PY_FILELOCK_VERSION}`], {
      stdio: 'ignore',
    });
  } catch (error) {
    return {
      missing: `${system.missing}; installing it into ${venvRoot} failed: ${(error as Error).message}`,
    };
  }
  return filelockIn(python);
}
