import { open, readFile, rename, unlink } from 'node:fs/promises';

/**
 * Puts a job into the spool that the workers of `job-queue.ts` drain. Producers call `node:fs`
 * directly: the job is written under `<spool>/.incoming/`, made durable, and renamed into the
 * spool, so a worker never sees half a job, nor a job that a crash could still lose.
 */
export async function submitJob(spool: string, id: string, payload: string): Promise<void> {
  const incoming = `${spool}/.incoming/${id}.job`;
  const job = `${spool}/${id}.job`;
  const handle = await open(incoming, 'wx');
  try {
    await handle.writeFile(payload); // loops over short writes; ENOSPC when the disk is full
    await handle.sync(); // EIO here means the data may never reach the disk: give up
  } catch (error) {
    await handle.close().catch(() => {});
    await removeIfPresent(incoming);
    throw error;
  }
  await handle.close();
  try {
    await rename(incoming, job);
  } catch (error) {
    // On NFS the rename may have happened and only its reply been lost: then the job is in the
    // spool with our payload, and submitting it again would run it twice.
    if ((await contentOf(job)) === payload && (await contentOf(incoming)) === undefined) return;
    await removeIfPresent(incoming);
    throw error;
  }
}

async function contentOf(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
