import type { CreateMode, Loss, ServerTarget } from './server-target.js';

/** One call of a script: what the table shows, and how to make it on a target. */
export interface Step {
  label: string;
  run(target: ServerTarget): Promise<string>;
}

/** Operation sequences whose answers and resulting directory must agree between servers. */
export interface Script {
  title: string;
  steps: Step[];
}

const lossLabel = (lost?: Loss) =>
  lost === undefined
    ? ''
    : lost === 'replays'
      ? ', reply lost, cache replays'
      : ', reply lost, cache forgot';

const create = (name: string, data: string, how: CreateMode = 'guarded', lost?: Loss): Step => ({
  label: `CREATE ${how.toUpperCase()} ${name}${lossLabel(lost)}`,
  run: (target) => target.create(name, data, how, lost),
});
const link = (from: string, to: string, lost?: Loss): Step => ({
  label: `LINK ${from} -> ${to}${lossLabel(lost)}`,
  run: (target) => target.link(from, to, lost),
});
const rename = (from: string, to: string, lost?: Loss): Step => ({
  label: `RENAME ${from} -> ${to}${lossLabel(lost)}`,
  run: (target) => target.rename(from, to, lost),
});
const remove = (name: string, lost?: Loss): Step => ({
  label: `REMOVE ${name}${lossLabel(lost)}`,
  run: (target) => target.remove(name, lost),
});
const keepHandle = (name: string): Step => ({
  label: `LOOKUP ${name} (keep its handle)`,
  run: (target) => target.keepHandle(name),
});
const readHandle = (name: string): Step => ({
  label: `READ by the handle of ${name}`,
  run: (target) => target.readHandle(name),
});
const getattrHandle = (name: string): Step => ({
  label: `GETATTR by the handle of ${name}`,
  run: (target) => target.getattrHandle(name),
});
const writeHandle = (name: string, data: string): Step => ({
  label: `WRITE by the handle of ${name}`,
  run: (target) => target.writeHandle(name, data),
});

/** Each non-idempotent procedure of the lock, its reply lost, for both answers of the cache. */
function retransmissions(lost: Loss): Script[] {
  return [
    {
      title: `CREATE GUARDED retransmitted (cache ${lost})`,
      steps: [create('a', 'claim', 'guarded', lost)],
    },
    {
      title: `CREATE EXCLUSIVE retransmitted (cache ${lost})`,
      steps: [create('a', 'claim', 'exclusive', lost)],
    },
    {
      title: `LINK retransmitted (cache ${lost})`,
      steps: [create('a', 'claim'), link('a', 'lock', lost)],
    },
    {
      title: `RENAME retransmitted (cache ${lost})`,
      steps: [create('lock', 'record'), rename('lock', 'tomb', lost)],
    },
    {
      title: `REMOVE retransmitted (cache ${lost})`,
      steps: [create('tomb', 'record'), remove('tomb', lost)],
    },
  ];
}

export const SCRIPTS: Script[] = [
  {
    title: 'exclusive create on an existing name',
    steps: [create('a', 'one'), create('a', 'two'), create('a', 'three', 'exclusive')],
  },
  {
    title: 'link onto an existing name',
    steps: [create('claim', 'mine'), create('lock', 'theirs'), link('claim', 'lock')],
  },
  {
    title: 'rename over a file',
    steps: [create('fence.new', '42'), create('fence', '41'), rename('fence.new', 'fence')],
  },
  {
    title: 'rename between two names of one file',
    steps: [create('claim', 'x'), link('claim', 'lock'), rename('claim', 'lock')],
  },
  {
    title: 'remove twice',
    steps: [create('tomb', 'x'), remove('tomb'), remove('tomb')],
  },
  {
    title: "a removed file's handle",
    steps: [
      create('lock', 'record'),
      keepHandle('lock'),
      remove('lock'),
      readHandle('lock'),
      getattrHandle('lock'),
      writeHandle('lock', 'late'),
    ],
  },
  {
    title: "a removed file's handle, the file read before",
    steps: [
      create('lock', 'record'),
      keepHandle('lock'),
      readHandle('lock'),
      remove('lock'),
      readHandle('lock'),
      getattrHandle('lock'),
    ],
  },
  {
    title: 'a handle of a file that keeps another name',
    steps: [
      create('claim', 'record'),
      link('claim', 'lock'),
      keepHandle('lock'),
      remove('lock'),
      readHandle('lock'),
    ],
  },
  ...retransmissions('replays'),
  ...retransmissions('forgot'),
];

/** What one target answered to a script: every step's answer and the directory after. */
export interface ScriptRun {
  answers: string[];
  files: Record<string, string>;
}

export async function runScript(script: Script, target: ServerTarget): Promise<ScriptRun> {
  const answers: string[] = [];
  for (const step of script.steps) answers.push(await step.run(target));
  return { answers, files: await target.files() };
}
