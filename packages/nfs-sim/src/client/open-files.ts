/** A file a process on this host has open: its inode and the name it was opened by. */
export interface OpenFile {
  name: string;
  ino: number;
}

/**
 * The files a client host has open, and the `.nfsXXXX` names it gave open files that were
 * unlinked (silly rename): Linux renames a name in use instead of removing it, follows it
 * through the host's own renames, and removes the silly name at the last close.
 */
export class OpenFiles {
  readonly #client: string;
  readonly #open = new Set<OpenFile>();
  readonly #sillyNames = new Map<number, string[]>();
  #sillyCount = 0;

  constructor(client: string) {
    this.#client = client;
  }

  open(name: string, ino: number): OpenFile {
    const file = { name, ino };
    this.#open.add(file);
    return file;
  }

  /** The open file `name` leads to, unless the host knows the name leads to another inode now. */
  named(name: string, knownIno: number | null | undefined): OpenFile | undefined {
    for (const file of this.#open) {
      if (file.name === name && (knownIno === undefined || knownIno === file.ino)) return file;
    }
    return undefined;
  }

  isOpen(ino: number): boolean {
    for (const file of this.#open) if (file.ino === ino) return true;
    return false;
  }

  /** The host renamed `oldPath`: open files follow the name (Linux's d_move). */
  renamed(oldPath: string, newPath: string): void {
    for (const file of this.#open) if (file.name === oldPath) file.name = newPath;
  }

  /** Closes `file`; at the last close of its inode, the silly names to remove now. */
  close(file: OpenFile): string[] {
    this.#open.delete(file);
    if (this.isOpen(file.ino)) return [];
    const names = this.#sillyNames.get(file.ino) ?? [];
    this.#sillyNames.delete(file.ino);
    return names;
  }

  /** A fresh silly name in `directory` (with the client's name: two hosts' counters must not collide). */
  sillyName(directory: string, ino: number): string {
    this.#sillyCount += 1;
    const count = this.#sillyCount.toString(16).padStart(4, '0');
    return `${directory}/.nfs${ino.toString(16).padStart(8, '0')}${this.#client}${count}`;
  }

  /** Remembers a silly name to remove at the last close of `ino`. */
  removeAtLastClose(ino: number, silly: string): void {
    this.#sillyNames.set(ino, [...(this.#sillyNames.get(ino) ?? []), silly]);
  }
}
