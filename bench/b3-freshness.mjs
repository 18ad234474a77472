// B3: freshness. A direct watch on the Jobs sees a Job's terminal condition; from that instant
// GET /api/v1/jobs/{jobName} is asked until it shows the terminal status. The figure is the
// time between the two, which includes one GET.
import { performance } from 'node:perf_hooks';
import { figure } from './lib/report.mjs';
import { api } from './lib/scheduler.mjs';
import { until } from './lib/stats.mjs';

const IN_FLIGHT = 5;

export async function b3Freshness({ scale, kube, cluster }) {
  const pending = new Map();
  const lags = [];
  const controller = await cluster.watch.watch(
    `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
    {},
    (type, job) => {
      const waiter = pending.get(job?.metadata?.name);
      if (!waiter || waiter.seen) return;
      if (!(job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) return;
      waiter.seen = performance.now();
      waiter.resolve();
    },
    () => undefined,
  );
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, scale.freshnessSamples) }, async () => {
        while (next < scale.freshnessSamples) {
          next++;
          lags.push(await oneJob(kube.scheduler.url, pending));
        }
      }),
    );
  } finally {
    controller.abort();
  }
  const f = figure({
    id: 'B3',
    what: 'watch sees terminal condition -> terminal status in GET /api/v1/jobs/{jobName}',
    runtime: 'kubernetes',
    n: lags.length,
    concurrency: IN_FLIGHT,
    values: lags,
    goal: 'p99 under 50 ms',
  });
  if (scale.checkGoals) f.met = f.p99 < 50;
  return [f];
}

async function oneJob(url, pending) {
  let resolve;
  const terminal = new Promise((r) => (resolve = r));
  const { name } = await api(url, 'POST', '/api/v1/jobs', {});
  const waiter = { resolve };
  pending.set(name, waiter);
  await terminal;
  await until(
    'the terminal status',
    async () => ['Succeeded', 'Failed'].includes((await api(url, 'GET', `/api/v1/jobs/${name}`)).status),
    60_000,
    0,
  );
  pending.delete(name);
  return performance.now() - waiter.seen;
}
