import { hasCode } from '../errors/fs-error.js';
import { ForeignLockFileError } from '../errors/lock-errors.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { readContent } from './read-content.js';
import { readUntilWhole } from './read-until-whole.js';
import { unlinkIfPresent } from './unlink.js';

/** More consecutive taken witnesses than this means something else writes our names. */
const MAX_WITNESS_PROBES = 1_000;
/**
 * The latest witnesses kept: a reader whose counter is behind (published late by a holder that
 * lost the lock) still meets them and probes past them, instead of winning a removed number.
 */
export const WITNESSES_KEPT = 64;

/**
 * Fencing tokens (`fencing: true`), in two steps around the holder's lease check.
 *
 * The last token handed out is kept in `<lock>.fence`, read fresh (content, not attributes)
 * and replaced atomically by rename: a hint where to start. A token is won by creating the
 * witness `<lock>.fence.<n>` exclusively, so even two processes that both believe they hold
 * the lock (mutual exclusion lost) cannot win one number twice, and a counter that lags only
 * costs probes past the witnesses kept. The caller confirms its lease between winning and
 * publishing: a process stalled since it read the counter must not publish an old number.
 */
export async function winFencingToken(context: LockContext, claim: Claim): Promise<number> {
  const { names } = context;
  // ESTALE: the counter was replaced since this client last looked it up; look again.
  let token =
    (await readCounter(context).catch((error: unknown) =>
      hasCode(error, 'ESTALE') ? readCounter(context) : Promise.reject(error),
    )) + 1;
  for (let probes = 0; !(await createWitness(context, claim, token)); probes += 1) {
    if (probes >= MAX_WITNESS_PROBES) {
      throw new ForeignLockFileError(
        names.lockfile,
        `Could not win a fencing token after ${token}: ${names.fenceWitness(token)} and the ${MAX_WITNESS_PROBES} names before it exist`,
      );
    }
    token += 1;
  }
  return token;
}

/** Makes `token` the counter's value (unless a later one is there already) and prunes old witnesses. */
export async function publishFencingToken(
  context: LockContext,
  claim: Claim,
  token: number,
): Promise<void> {
  if ((await readCounter(context)) < token) await publishCounter(context, claim, token);
  await unlinkIfPresent(context, context.names.fenceWitness(token - WITNESSES_KEPT));
}

/** Gives a won token up (the lease lapsed before it could be used): its witness goes. */
export async function forfeitFencingToken(context: LockContext, token: number): Promise<void> {
  await unlinkIfPresent(context, context.names.fenceWitness(token));
}

/**
 * The counter's value (0 when there is none yet). A read cut short, digits without their line
 * end, is read again for a while (H17): a FUSE mount clips a read at the size it cached for the
 * file the name led to before, and the counter is replaced by rename, so its name leads to a
 * new, longer file now and then. Its digits would be a hint far too low: numbers whose witnesses
 * were pruned could be won again.
 */
async function readCounter(context: LockContext): Promise<number> {
  const data = await readUntilWhole(
    context,
    context.names.fenceCounter,
    () => readCounterFile(context),
    (text) => text !== undefined && /^\d{0,15}$/.test(text),
  );
  if (data === undefined) return 0;
  const match = /^(\d{1,15})\n$/.exec(data);
  if (match === null) {
    throw new ForeignLockFileError(
      context.names.lockfile,
      `The fencing counter ${context.names.fenceCounter} does not hold a token (it holds ${JSON.stringify(data)}); remove it by hand`,
    );
  }
  return Number(match[1]);
}

/** The counter file's text, or `undefined` when there is none. */
async function readCounterFile(context: LockContext): Promise<string | undefined> {
  try {
    return await readContent(context.fs, context.names.fenceCounter, 64);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * Tries to win `token` by creating its witness exclusively. The witness holds our nonce, so an
 * EEXIST that answers the retransmission of our own create (its reply lost) is still a win.
 */
async function createWitness(context: LockContext, claim: Claim, token: number): Promise<boolean> {
  const path = context.names.fenceWitness(token);
  try {
    await context.fs.writeFile(path, claim.nonce, { exclusive: true });
    return true;
  } catch (error) {
    if (!hasCode(error, 'EEXIST')) throw error;
    return (await readSmall(context, path)) === claim.nonce;
  }
}

/**
 * Publishes `token` as the last one handed out: written under a scratch name of ours, then
 * renamed over the counter (atomic). A lost reply is checked against what the names show.
 */
async function publishCounter(context: LockContext, claim: Claim, token: number): Promise<void> {
  const scratch = context.names.fenceScratch(claim.nonce);
  try {
    await context.fs.writeFile(scratch, `${token}\n`, { exclusive: true });
  } catch (error) {
    // Our scratch name is unique: EEXIST means our own create took effect.
    if (!hasCode(error, 'EEXIST')) {
      await unlinkIfPresent(context, scratch).catch(() => undefined);
      throw error;
    }
  }
  try {
    await context.fs.rename(scratch, context.names.fenceCounter);
  } catch (error) {
    const moved =
      hasCode(error, 'ENOENT') &&
      (await readSmall(context, context.names.fenceCounter)) === `${token}\n`;
    if (moved) return; // the rename happened; its reply was lost
    await unlinkIfPresent(context, scratch).catch(() => undefined);
    throw error;
  }
}

async function readSmall(context: LockContext, path: string): Promise<string | undefined> {
  try {
    return await readContent(context.fs, path, 128);
  } catch {
    return undefined;
  }
}
