import type { WorldOptions } from '../sim/world-options.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { HostGroup, Lane } from './layout-types.js';

/** The first pid the world hands out (`World#spawn` counts up from 1000 + 1). */
const FIRST_PID = 1001;

export interface LaneTable {
  hosts: HostGroup[];
  lanes: Lane[];
  /** Process lane by pid. */
  byPid: Map<number, number>;
  /** Host lane by client name. */
  byHost: Map<string, number>;
  serverLane: number;
}

/**
 * The lanes of a run: one per process, grouped under their client host. The world spawns pids
 * in client order (`processesPerClient`), which gives the grouping even for processes that
 * never traced a client name; pids the trace shows beyond those (a hand-made trace) join the
 * host their events name, or a host of their own.
 */
export function laneTable(options: WorldOptions, trace: readonly TraceEvent[]): LaneTable {
  const members = plannedMembers(options);
  addTracedPids(members, trace);
  const lanes: Lane[] = [{ index: 0, kind: 'server', host: null, pid: null, label: 'server' }];
  const hosts: HostGroup[] = [];
  const byPid = new Map<number, number>();
  const byHost = new Map<string, number>();
  for (const [name, pids] of members) {
    const group: HostGroup = { name, pids: [...pids], lanes: [] };
    group.lanes.push(addLane(lanes, { kind: 'host', host: name, pid: null, label: name }));
    byHost.set(name, group.lanes[0]!);
    for (const pid of pids) {
      const lane = addLane(lanes, { kind: 'process', host: name, pid, label: String(pid) });
      group.lanes.push(lane);
      byPid.set(pid, lane);
    }
    hosts.push(group);
  }
  return { hosts, lanes, byPid, byHost, serverLane: 0 };
}

function plannedMembers(options: WorldOptions): Map<string, number[]> {
  const members = new Map<string, number[]>();
  let pid = FIRST_PID;
  options.clients.forEach((client, index) => {
    const pids: number[] = [];
    for (let n = 0; n < (options.processesPerClient[index] ?? 0); n += 1) pids.push(pid++);
    members.set(client.name, pids);
  });
  return members;
}

function addTracedPids(members: Map<string, number[]>, trace: readonly TraceEvent[]): void {
  const known = new Set([...members.values()].flat());
  for (const event of trace) {
    if (!('pid' in event) || event.pid === undefined || known.has(event.pid)) continue;
    const host = 'client' in event && event.client !== undefined ? event.client : '?';
    const pids = members.get(host) ?? [];
    pids.push(event.pid);
    members.set(host, pids);
    known.add(event.pid);
  }
}

function addLane(lanes: Lane[], lane: Omit<Lane, 'index'>): number {
  const index = lanes.length;
  lanes.push({ index, ...lane });
  return index;
}
