import { holderDocument } from '../holder-document.js';
import { readHolder } from '../holder-text.js';
import { type LockTarget, withLockTarget } from '../targets/lock-target.js';
import { LOCKFILE_HELP } from '../targets/lockfile-help.js';
import { onePositional, parseOptions } from '../usage-error.js';

export const BREAK_USAGE = `usage: linklock break <lockfile> [--force] [--json]

Removes the lock <lockfile> when its holder is gone: when it expired (lifetime + slop passed
without a refresh) or its holder, a process of this host, is dead. A live holder is left alone
unless --force is given. A file linklock did not write is never removed.

  --force  break it even though its holder looks alive (you know it is gone: a host that died)
  --json   print one JSON line: { lockfile, result, holder, foreign } (docs/cli.md: the schema)

${LOCKFILE_HELP}

Exit code: 0 when the lock was broken or there was none; 1 when it was refused (a live holder
without --force, another process breaking it at the same moment, a foreign file) or failed
(NFS server unreachable, ...); 2 on a usage error (a malformed NFS URL among them).`;

export async function breakCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('break', args, {
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const lockfile = onePositional('break', 'the lock file', positionals);
  const options = { force: values.force === true, json: values.json === true };
  return withLockTarget('break', lockfile, {}, (target) => breakTarget(target, options));
}

async function breakTarget(
  target: LockTarget,
  options: { force: boolean; json: boolean },
): Promise<number> {
  const { lock, name } = target;
  await target.requireDirectory();
  const found = await readHolder(target);
  const holder = found.text;
  const result = await lock.break({ force: options.force });
  if (options.json) {
    const document = {
      lockfile: name,
      result,
      holder: holderDocument(found.details),
      foreign: found.foreign,
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
  }
  switch (result) {
    case 'broken':
      if (!options.json) process.stdout.write(`broke ${name} (held by ${holder})\n`);
      return 0;
    case 'unlocked':
      if (!options.json) process.stdout.write(`${name} is not locked: nothing to break\n`);
      return 0;
    case 'live':
      process.stderr.write(
        `linklock: refusing to break ${name}: held by ${holder}, and the holder looks alive; --force breaks it anyway\n`,
      );
      return 1;
    case 'guarded':
      process.stderr.write(
        `linklock: another process is breaking ${name} right now; look again with linklock status\n`,
      );
      return 1;
  }
}
