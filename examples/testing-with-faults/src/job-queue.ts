import { type FsAdapter, hasCode, type Random } from '@linklock/core';

/**
 * A spool-directory job queue shared by workers on one or more hosts. A job is a file
 * `<id>.job`; a worker claims it by creating the marker `<id>.claim` exclusively, runs it,
 * then removes the job and the marker. A worker that gives a job back removes only the marker.
 *
 * Producers write a job elsewhere and rename it into the spool, so that no worker ever reads
 * half a job. A worker that dies keeps its marker, and its job waits for an operator: this
 * example leaves recovery out (a lock with an expiry, such as linklock's, is what provides it).
 */
export interface Worker {
  fs: FsAdapter;
  /** The spool directory. */
  dir: string;
  /** Written into this worker's markers, for people looking at the spool. */
  name: string;
  /** Makes the nonce that tells this claim apart from every other, this worker's earlier ones too. */
  random: Random;
}

export interface Claim {
  id: string;
  payload: string;
  /** The marker's content: a marker holding exactly this is this claim's. */
  record: string;
}

/** Jobs and markers are small; a bounded read never pulls a runaway file into memory. */
const MAX_FILE_BYTES = 64 * 1024;

/** Marker creations that found the marker gone again before it could be read, per job. */
const MAX_VANISHED_MARKERS = 3;

/** Claims the first job (by name) that no other worker holds; `null` when there is none. */
export async function claimNext(worker: Worker): Promise<Claim | null> {
  for (const id of await listJobs(worker)) {
    const claim = await tryClaim(worker, id);
    if (claim !== null) return claim;
  }
  return null;
}

/** The job is done: removes the job, then the marker. */
export async function complete(worker: Worker, claim: Claim): Promise<void> {
  // The job first: as long as the job file exists, its marker keeps other workers off it.
  // Removing the marker first would let another worker claim a job that is being finished.
  await removeIfPresent(worker.fs, jobPath(worker, claim.id));
  await removeIfPresent(worker.fs, markerPath(worker, claim.id));
}

/** Gives the job back, for this or another worker to claim again later. */
export async function release(worker: Worker, claim: Claim): Promise<void> {
  await removeIfPresent(worker.fs, markerPath(worker, claim.id));
}

async function listJobs(worker: Worker): Promise<string[]> {
  const names = await worker.fs.readdir(worker.dir);
  return names
    .filter((name) => name.endsWith('.job'))
    .map((name) => name.slice(0, -'.job'.length))
    .sort();
}

async function tryClaim(worker: Worker, id: string): Promise<Claim | null> {
  // A fresh nonce per claim, not just the worker's name: a marker this worker removed may
  // still be visible to it for a while (a stale lookup cache), and must not pass for a new one.
  const record = `${worker.name} ${worker.random.nonce()}\n`;
  const marker = markerPath(worker, id);
  if ((await takeMarker(worker.fs, marker, record)) === 'taken') return null;
  try {
    // Read the job only once it is claimed: a worker that read it before claiming could run a
    // job that another worker completed in between.
    const payload = await readIfPresent(worker.fs, jobPath(worker, id));
    if (payload !== undefined) return { id, payload, record };
  } catch (error) {
    await removeIfPresent(worker.fs, marker);
    throw error;
  }
  await removeIfPresent(worker.fs, marker); // another worker completed it meanwhile
  return null;
}

async function takeMarker(
  fs: FsAdapter,
  marker: string,
  record: string,
): Promise<'ours' | 'taken'> {
  for (let vanished = 0; vanished < MAX_VANISHED_MARKERS; vanished += 1) {
    try {
      await fs.writeFile(marker, record, { exclusive: true });
      return 'ours';
    } catch (error) {
      // EEXIST: another worker's marker, or our own create whose reply was lost (NFS sends the
      // request again and the second attempt finds the file made). EIO or ETIMEDOUT (a soft
      // mount giving up): the create may or may not have happened. Only the content tells.
      if (!hasCode(error, 'EEXIST', 'EIO', 'ETIMEDOUT')) throw error;
      const seen = await readIfPresent(fs, marker);
      if (seen === record) return 'ours';
      if (seen !== undefined) return 'taken';
      if (!hasCode(error, 'EEXIST')) throw error; // no marker: the create did not happen
      // EEXIST, then no marker: its holder released it between our two calls. Try again now.
    }
  }
  return 'taken'; // markers keep coming and going: busy workers; look at it another time
}

/** The file's content, or `undefined` when it is gone. */
async function readIfPresent(fs: FsAdapter, path: string): Promise<string | undefined> {
  try {
    return (await fs.read(path, { maxBytes: MAX_FILE_BYTES })).data;
  } catch (error) {
    // ESTALE: another NFS client removed the file while this one still held its handle.
    if (hasCode(error, 'ENOENT', 'ESTALE')) return undefined;
    throw error;
  }
}

async function removeIfPresent(fs: FsAdapter, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    // Only the claim's holder removes these files, so ENOENT means our own removal happened:
    // its reply was lost and the request sent again found the name gone.
    if (!hasCode(error, 'ENOENT')) throw error;
  }
}

function jobPath(worker: Worker, id: string): string {
  return `${worker.dir}/${id}.job`;
}

function markerPath(worker: Worker, id: string): string {
  return `${worker.dir}/${id}.claim`;
}
