import { hasCode } from '../errors/fs-error.js';
import { ForeignLockFileError } from '../errors/lock-errors.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { unlinkIfPresent } from './remove-verified.js';

/** More consecutive taken witnesses than this means something else writes our names. */
const MAX_WITNESS_PROBES = 1_000;

/**
 * Assigns the next fencing token, once the lock is held (`fencing: true`).
 *
 * The last token handed out is kept in `<lock>.fence`, read fresh (content, not attributes)
 * and replaced atomically by rename. The token itself is won by creating the witness
 * `<lock>.fence.<n>` exclusively: even two processes that both believe they hold the lock
 * (mutual exclusion lost) cannot win one number twice. The previous witness is removed, so
 * the directory holds one witness at rest. A process that was paused between reading the
 * counter and winning a witness could win a number removed since; the caller therefore
 * confirms, after this step, that its lease never lapsed (no later holder can have existed).
 */
export async function nextFencingToken(context: LockContext, claim: Claim): Promise<number> {
  const { names } = context;
  const last = await readCounter(context);
  let token = last + 1;
  for (let probes = 0; !(await createWitness(context, token)); probes += 1) {
    if (probes >= MAX_WITNESS_PROBES) {
      throw new ForeignLockFileError(
        names.lockfile,
        `Could not win a fencing token after ${token}: ${names.fenceWitness(token)} and the ${MAX_WITNESS_PROBES} names before it exist`,
      );
    }
    token += 1;
  }
  await publishCounter(context, claim, token);
  await unlinkIfPresent(context, names.fenceWitness(token - 1));
  return token;
}

async function readCounter(context: LockContext): Promise<number> {
  const path = context.names.fenceCounter;
  let data: string;
  try {
    ({ data } = await context.fs.read(path, { maxBytes: 64 }));
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return 0;
    throw error;
  }
  const match = /^(\d{1,15})\n$/.exec(data);
  if (match === null) {
    throw new ForeignLockFileError(
      context.names.lockfile,
      `The fencing counter ${path} does not hold a token; remove it by hand`,
    );
  }
  return Number(match[1]);
}

async function createWitness(context: LockContext, token: number): Promise<boolean> {
  try {
    await context.fs.writeFile(context.names.fenceWitness(token), '', { exclusive: true });
    return true;
  } catch (error) {
    if (hasCode(error, 'EEXIST')) return false;
    throw error;
  }
}

async function publishCounter(context: LockContext, claim: Claim, token: number): Promise<void> {
  const scratch = context.names.fenceScratch(claim.nonce);
  await context.fs.writeFile(scratch, `${token}\n`, { exclusive: true });
  try {
    await context.fs.rename(scratch, context.names.fenceCounter);
  } catch (error) {
    await unlinkIfPresent(context, scratch).catch(() => undefined);
    throw error;
  }
}
