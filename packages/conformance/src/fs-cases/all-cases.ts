import type { CaseGroup } from './adapter-case.js';
import { capabilityCases } from './capabilities.js';
import { errorCases } from './errors.js';
import { linkCases } from './link.js';
import { readCases } from './read.js';
import { readdirCases } from './readdir.js';
import { renameCases } from './rename.js';
import { statCases } from './stat.js';
import { timeCases } from './time.js';
import { unlinkCases } from './unlink.js';
import { watchCases } from './watch.js';
import { writeAtCases } from './write-at.js';
import { writeFileCases } from './write-file.js';

/** The FsAdapter contract, operation by operation, in the order the lock uses them. */
export const FS_ADAPTER_CASES: readonly CaseGroup[] = [
  capabilityCases,
  writeFileCases,
  linkCases,
  readCases,
  writeAtCases,
  renameCases,
  unlinkCases,
  statCases,
  timeCases,
  readdirCases,
  watchCases,
  errorCases,
];
