import type { Lane } from '../src/index.js';
import { el, type Props } from './dom.js';
import { header } from './elements.js';
import type { RunView } from './run-view.js';

/** The sticky row above the lanes: the axis' label, each host over its lanes, each lane's label. */
export function buildHeader(view: RunView): void {
  header.textContent = '';
  header.appendChild(el('div', { className: 'axis-label', text: 'time' }));
  for (const host of view.layout.hosts) {
    const first = host.lanes[0]!;
    const last = host.lanes[host.lanes.length - 1]!;
    const group = el('div', { className: 'host-label', 'data-host': host.name, text: host.name });
    group.style.left = `${view.laneX[first]}px`;
    group.style.width = `${view.laneX[last]! + view.laneW[last]! - view.laneX[first]!}px`;
    header.appendChild(group);
  }
  for (const lane of view.layout.lanes) {
    const props: Props = {
      className: `lane-label lane-${lane.kind}`,
      'data-lane': lane.index,
      'data-lane-kind': lane.kind,
      title: laneTitle(lane),
      text: lane.kind === 'process' ? lane.label : lane.kind === 'host' ? 'host' : 'srv',
    };
    if (lane.pid !== null) props['data-pid'] = lane.pid;
    if (lane.host !== null) props['data-host'] = lane.host;
    const label = el('div', props);
    label.style.left = `${view.laneX[lane.index]}px`;
    label.style.width = `${view.laneW[lane.index]}px`;
    header.appendChild(label);
  }
}

function laneTitle(lane: Lane): string {
  if (lane.kind === 'process') return `pid ${lane.pid} on client ${lane.host}`;
  if (lane.kind === 'host') return `client ${lane.host}: clock steps, duplicate request cache`;
  return 'server: restarts, end of run';
}
