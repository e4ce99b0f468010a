import type { FileRead, FsAdapter, WriteFileOptions } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';
import type { Volume } from 'memfs';

/**
 * Adapters with one deliberate defect each, of the kinds a hand-written adapter gets wrong,
 * over a memfs volume. Everything else is delegated, so the suite should fail exactly the
 * cases about the defect.
 */

/** `link` that copies the content to the new name instead of making a second name. */
export class CopyingLinkFs extends MemfsAdapter {
  override async link(existingPath: string, newPath: string): Promise<void> {
    const { data } = await this.read(existingPath, { maxBytes: 1024 * 1024 });
    await this.writeFile(newPath, data, { exclusive: true });
  }
}

/** Exclusive create that overwrites an existing file instead of failing with EEXIST. */
export class OverwritingCreateFs extends MemfsAdapter {
  override writeFile(path: string, data: string, _options?: WriteFileOptions): Promise<void> {
    return super.writeFile(path, data, {});
  }
}

/** `read` that ignores `maxBytes`: a huge foreign file would be loaded whole. */
export class UnboundedReadFs extends MemfsAdapter {
  override read(path: string, _options: { maxBytes: number }): Promise<FileRead> {
    return super.read(path, { maxBytes: Number.MAX_SAFE_INTEGER });
  }
}

/** `readdir` left unimplemented: throws a plain error, no errno code. */
export class UnfinishedReaddirFs extends MemfsAdapter {
  override async readdir(_path: string): Promise<string[]> {
    throw new Error('readdir is not implemented yet');
  }
}

export type BrokenAdapterClass = new (volume: Volume) => FsAdapter;
