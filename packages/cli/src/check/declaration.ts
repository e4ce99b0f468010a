import type { FsCapabilities } from '@linklock/core';
import { describeCapabilities, describeStep, formatMs } from './capability-words.js';
import type { Observations } from './observations.js';
import { type CheckEntry, entry, type Verdict, worst } from './report.js';

/**
 * Whether what the adapter declares (and the lock, the conformance suite and other tools
 * trust) matches what the checks saw. A claim the filesystem does not live up to is a caveat:
 * the lock relies only on `hardLinks` (and refuses to run without) and on `mtimeResolutionMs`
 * as an error bound well inside the default clock slop; a cautious declaration is fine.
 */
export function declarationEntry(
  declaredBy: string,
  declared: FsCapabilities,
  observed: Observations,
): CheckEntry {
  const mismatches: { verdict: Verdict; text: string }[] = [];
  const claim = (holds: boolean | undefined, claimed: boolean, what: string) => {
    if (holds === undefined || holds === claimed) return;
    mismatches.push({
      verdict: claimed ? 'caveat' : 'ok',
      text: claimed ? `${what} declared, not seen here` : `${what} seen here, not declared`,
    });
  };
  claim(observed.hardLinks, declared.hardLinks, 'hard links');
  claim(observed.reliableNlink, declared.reliableNlink, 'reliable nlink');
  claim(observed.reliableIno, declared.reliableIno, 'reliable inode numbers');
  if (observed.watchFromOtherView === true) {
    claim(observed.watchWoke, declared.watchSeesOtherHosts, 'a watch that sees other hosts');
  }
  const step = observed.mtimeStepMs;
  if (step !== undefined && step > declared.mtimeResolutionMs) {
    mismatches.push({
      verdict: 'caveat',
      text: `${formatMs(declared.mtimeResolutionMs)} mtimes declared, but they are ${describeStep(step)}`,
    });
  }
  const said = `${declaredBy} declares ${describeCapabilities(declared)}`;
  const verdict = mismatches.reduce<Verdict>((sum, m) => worst(sum, m.verdict), 'ok');
  const why =
    mismatches.length === 0
      ? `${said}: as observed`
      : `${said}; differs: ${mismatches.map((m) => m.text).join('; ')}`;
  return entry('filesystem', 'declaration', verdict, why, {
    hardLinks: declared.hardLinks,
    reliableNlink: declared.reliableNlink,
    reliableIno: declared.reliableIno,
    mtimeResolutionMs: declared.mtimeResolutionMs,
    watchSeesOtherHosts: declared.watchSeesOtherHosts,
  });
}
