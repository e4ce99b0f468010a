// Code under test for the vi.mock recipe (docs/faulty-node.md): it imports node:fs/promises
// itself, as most code does.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';

/** Saves settings all at once: a temporary file renamed over the old one. */
export async function saveSettings(path: string, settings: object): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, JSON.stringify(settings));
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {}); // the rename may have happened: then temp is gone
    throw error;
  }
}

/** The saved settings, `{}` when none were saved. */
export async function loadSettings(path: string): Promise<object> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
