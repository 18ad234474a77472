// B1: GET /api/v1/jobs with 100, 1,000 and 5,000 finished jobs, on both runtimes, against a
// client-node LIST of the same Jobs (Kubernetes only) and against the floor, a bare node:http
// server in a process of its own sending the same bytes. One client at a time, the sides
// alternating sample by sample; then, at 1,000 jobs (6 in smoke), 32 clients at once, the sides
// alternating round by round.
import { startFloor } from './lib/floor.mjs';
import { figure } from './lib/report.mjs';
import { listBytes } from './lib/scheduler.mjs';
import { alternate, alternateRounds } from './lib/stats.mjs';

const GOAL_N = 1000;
const LOADED = 32;

export async function b1List({ scale, runtimes, cluster }) {
  const figures = [];
  for (const rt of runtimes) {
    for (const n of scale.listSizes) {
      await rt.seed(n);
      const body = await listBytes(rt.scheduler.url);
      const floor = await startFloor(body);
      try {
        const sides = listSides(rt, cluster, floor);
        const what = `GET /api/v1/jobs (${body.length} bytes)`;
        figures.push(...compare(scale, { what, runtime: rt.runtime, n, concurrency: 1 }, await alternate(scale.listSamples[n], sides)));
        if (n === scale.listLoadSize) {
          const times = await alternateRounds(scale.listLoadRounds, scale.listLoadRequests, LOADED, sides);
          figures.push(...compare(scale, { what, runtime: rt.runtime, n, concurrency: LOADED }, times));
        }
      } finally {
        await floor.close();
      }
    }
  }
  return figures;
}

/** The scheduler's list, the floor, and on Kubernetes a client-node LIST of the same Jobs. */
function listSides(rt, cluster, floor) {
  const sides = {
    scheduler: () => fetch(`${rt.scheduler.url}/api/v1/jobs`).then((r) => r.arrayBuffer()),
    floor: () => fetch(floor.url).then((r) => r.arrayBuffer()),
  };
  const labelSelector = Object.entries(rt.ownLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (rt.runtime === 'kubernetes') sides.list = () => cluster.batch.listNamespacedJob({ namespace: cluster.namespace, labelSelector });
  return sides;
}

/** The scheduler's times against the floor's and, where measured, the LIST's; goals at 1,000. */
function compare(scale, common, times) {
  const checked = scale.checkGoals && common.n === GOAL_N;
  const vsFloor = figure({ id: 'B1', ...common, values: times.scheduler, baseline: { what: 'floor', values: times.floor } });
  vsFloor.goal = 'within 2x of the floor at 1,000 (median and p99)';
  if (checked) vsFloor.met = vsFloor.ratio.median <= 2 && vsFloor.ratio.p99 <= 2;
  if (!times.list) return [vsFloor];
  const vsList = figure({ id: 'B1', ...common, values: times.scheduler, baseline: { what: 'client-node LIST', values: times.list } });
  vsList.goal = '20x faster than the LIST at 1,000 (ratio <= 0.05, median and p99)';
  if (checked) vsList.met = vsList.ratio.median <= 0.05 && vsList.ratio.p99 <= 0.05;
  return [vsFloor, vsList];
}
