import { parseArgs } from 'node:util';
import { holderOf } from '../holder-text.js';
import { lockOn } from '../locks.js';
import { onePositional, parseCommandLine } from '../usage-error.js';
import { requireDirectory } from './status.js';

export const BREAK_USAGE = `usage: linklock break <lockfile> [--force] [--json]

Removes the lock <lockfile> when its holder is gone: when it expired (lifetime + slop passed
without a refresh) or its holder, a process of this host, is dead. A live holder is left alone
unless --force is given. A file linklock did not write is never removed.

  --force  break it even though its holder looks alive (you know it is gone: a host that died)
  --json   print one JSON line: { lockfile, result, holder }

Exit code: 0 when the lock was broken or there was none; 1 when it was refused (a live holder
without --force, another process breaking it at the same moment, a foreign file) or failed;
2 on a usage error.`;

export async function breakCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine('break', () =>
    parseArgs({
      args: args,
      allowPositionals: true,
      options: {
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }),
  );
  const lock = lockOn(onePositional('break', 'the lock file', positionals));
  requireDirectory(lock);
  const holder = await holderOf(lock);
  const result = await lock.break({ force: values.force === true });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ lockfile: lock.lockfile, result, holder })}\n`);
  }
  switch (result) {
    case 'broken':
      if (!values.json) process.stdout.write(`broke ${lock.lockfile} (held by ${holder})\n`);
      return 0;
    case 'unlocked':
      if (!values.json) process.stdout.write(`${lock.lockfile} is not locked: nothing to break\n`);
      return 0;
    case 'live':
      process.stderr.write(
        `linklock: refusing to break ${lock.lockfile}: held by ${holder}, and the holder looks alive; --force breaks it anyway\n`,
      );
      return 1;
    case 'guarded':
      process.stderr.write(
        `linklock: another process is breaking ${lock.lockfile} right now; look again with linklock status\n`,
      );
      return 1;
  }
}
