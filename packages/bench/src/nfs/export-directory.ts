import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { onInterrupt } from '../interrupt-cleanup.js';

/**
 * A fresh directory of the export for one run, so that nothing another user of the server
 * left (or a lock of theirs) meets this run's locks. Made and removed on the server's own
 * disk, where the export lives: `FsAdapter` has no mkdir, and the server runs on this machine.
 */
export class ExportDirectory {
  /** The directory on this machine's disk. */
  readonly local: string;
  /** The same directory as an NFS client names it: a path inside the export. */
  readonly inExport: string;
  readonly #unregister: () => void;

  constructor(exportDirectory: string) {
    this.local = mkdtempSync(join(exportDirectory, 'linklock-bench-'));
    this.inExport = `/${basename(this.local)}`;
    this.#unregister = onInterrupt(() => this.#removeNow());
  }

  /** A new subdirectory `name`, returned as a path inside the export. */
  subdirectory(name: string): string {
    mkdirSync(join(this.local, name));
    return posix.join(this.inExport, name);
  }

  remove(): void {
    this.#unregister();
    this.#removeNow();
  }

  #removeNow(): void {
    rmSync(this.local, { recursive: true, force: true });
  }
}
