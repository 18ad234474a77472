// B1: GET /api/v1/jobs with 100, 1,000 and 5,000 finished jobs, on both runtimes, against a
// client-node LIST of the same Jobs (Kubernetes only) and against the floor, a bare node:http
// server sending the same bytes. All sides alternate sample by sample.
import { startFloor } from './lib/floor.mjs';
import { figure } from './lib/report.mjs';
import { listBytes } from './lib/scheduler.mjs';
import { alternate } from './lib/stats.mjs';

const GOAL_N = 1000;

export async function b1List({ scale, runtimes, cluster }) {
  const figures = [];
  for (const rt of runtimes) {
    for (const n of scale.listSizes) {
      await rt.seed(n);
      const body = await listBytes(rt.scheduler.url);
      const floor = await startFloor(body);
      const sides = {
        scheduler: () => fetch(`${rt.scheduler.url}/api/v1/jobs`).then((r) => r.arrayBuffer()),
        floor: () => fetch(floor.url).then((r) => r.arrayBuffer()),
      };
      const selector = Object.entries(rt.ownLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      if (rt.runtime === 'kubernetes')
        sides.list = () => cluster.batch.listNamespacedJob({ namespace: cluster.namespace, labelSelector: selector });
      const times = await alternate(scale.listSamples[n], sides);
      await floor.close();
      const common = {
        id: 'B1',
        what: `GET /api/v1/jobs (${body.length} bytes)`,
        runtime: rt.runtime,
        n,
        concurrency: 1,
        values: times.scheduler,
      };
      const vsFloor = figure({ ...common, baseline: { what: 'floor', values: times.floor } });
      vsFloor.goal = 'within 2x of the floor at 1,000 (median and p99)';
      if (scale.checkGoals && n === GOAL_N) vsFloor.met = vsFloor.ratio.median <= 2 && vsFloor.ratio.p99 <= 2;
      figures.push(vsFloor);
      if (times.list) {
        const vsList = figure({ ...common, baseline: { what: 'client-node LIST', values: times.list } });
        vsList.goal = '20x faster than the LIST at 1,000 (ratio <= 0.05)';
        if (scale.checkGoals && n === GOAL_N) vsList.met = vsList.ratio.median <= 0.05 && vsList.ratio.p99 <= 0.05;
        figures.push(vsList);
      }
    }
  }
  return figures;
}
