import type { ClientSpec, WorldOptions } from '../sim/world-options.js';

/**
 * A run's resolved options in short words, one line per item, for the page's header (the full
 * options follow as JSON): what a reader needs to judge a violation at a glance.
 */
export function optionsSummary(options: WorldOptions): [string, string][] {
  const w = options.workload;
  return [
    ...options.clients.map((client, index): [string, string] => [
      `client ${client.name}`,
      `${options.processesPerClient[index] ?? 0} processes; ${mountText(client)}; ${rpcText(client)}; ${clockText(client)}`,
    ]),
    ['lock file', options.lockfile],
    ['lifetime', `${options.lifetimeMs} ms (clock slop ${options.clockSlopMs} ms)`],
    ['fencing', options.fencing ? 'on' : 'off'],
    ['duplicate request cache', `${options.drcSize} entries`],
    [
      'workload',
      `${w.iterations} iterations; critical section ${w.criticalSectionMs.join('-')} ms; think ${w.thinkMs.join('-')} ms; tryLock ${percent(w.tryLockShare)}, with timeout ${percent(w.timeoutShare)}`,
    ],
    [
      'planned crashes',
      listText(
        options.crashes.map((c) => `#${c.process} at ${c.atMs} ms${c.holding ? ' (holding)' : ''}`),
      ),
    ],
    [
      'planned pauses',
      listText(options.pauses.map((p) => `#${p.process} at ${p.atMs} ms for ${p.ms} ms`)),
    ],
    ['server restarts', listText(options.serverRestartsAtMs.map((t) => `${t} ms`))],
    ['time limit', `${options.timeLimitMs} ms`],
  ];
}

function mountText({ mount }: ClientSpec): string {
  const cache = mount.noac
    ? 'noac'
    : `ac ${mount.acregminMs / 1_000}-${mount.acregmaxMs / 1_000} s / dir ${mount.acdirminMs / 1_000}-${mount.acdirmaxMs / 1_000} s`;
  return [
    cache,
    `lookupcache=${mount.lookupcache}`,
    mount.cto ? 'cto' : 'nocto',
    mount.sshfsLike ? 'sshfs-like' : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}

function rpcText({ rpc }: ClientSpec): string {
  const loss =
    rpc.lostRequest === 0 && rpc.lostReply === 0
      ? 'no loss'
      : `lost requests ${percent(rpc.lostRequest)}, replies ${percent(rpc.lostReply)}`;
  return `${rpc.soft ? 'soft' : 'hard'}, timeo ${rpc.timeoMs} ms, retrans ${rpc.retrans}, latency ${rpc.minMs}+${rpc.meanMs} ms, ${loss}`;
}

function clockText({ clock }: ClientSpec): string {
  const steps = (clock.steps ?? []).map((s) => `step ${s.byMs} ms at ${s.atMs} ms`);
  const parts = [
    clock.offsetMs ? `offset ${clock.offsetMs} ms` : '',
    clock.driftPpm ? `drift ${clock.driftPpm.toFixed(1)} ppm` : '',
    ...steps,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'true clock' : `clock ${parts.join(', ')}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)} %`;
}

function listText(items: string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
