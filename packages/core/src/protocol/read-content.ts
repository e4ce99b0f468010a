import type { FsAdapter } from '../contracts/fs-adapter.js';

/**
 * The content of the file at `path`, at most `maxBytes` bytes: through the adapter's
 * `readContent` when it has one (the lock never looks at a read's stats, and they may cost the
 * adapter a call of their own), through `read` otherwise. Errors are the adapter's, always as
 * rejections.
 */
export function readContent(fs: FsAdapter, path: string, maxBytes: number): Promise<string> {
  try {
    if (fs.readContent !== undefined) return fs.readContent(path, { maxBytes });
    return fs.read(path, { maxBytes }).then((read) => read.data);
  } catch (error) {
    return Promise.reject(error);
  }
}
