// B6: a batch of 500 jobs on the test control plane, from POST /api/v1/batches to all 500 Jobs
// existing (a direct LIST of the batch's Jobs, polled), against 500 jobs (Job, payload Secret,
// Service) created straight with client-node, 16 at a time. Rounds alternate.
import { createDirect, PAYLOAD_TEXT } from './lib/cluster.mjs';
import { figure } from './lib/report.mjs';
import { api } from './lib/scheduler.mjs';
import { inParallel, timed, until } from './lib/stats.mjs';

const DIRECT_CONCURRENCY = 16;

export async function b6Batch({ scale, kube, cluster }) {
  const times = { scheduler: [], direct: [] };
  const n = scale.batchJobs;
  for (let round = 0; round < scale.batchRounds; round++) {
    times.scheduler.push(
      await timed(async () => {
        const batch = await api(kube.scheduler.url, 'POST', '/api/v1/batches', {
          jobScheduleDescriptions: Array.from({ length: n }, () => ({ payload: PAYLOAD_TEXT })),
        });
        const labelSelector = `radix-batch-name=${batch.name}`;
        await until(
          `the ${n} Jobs of ${batch.name}`,
          async () => (await cluster.batch.listNamespacedJob({ namespace: cluster.namespace, labelSelector })).items.length >= n,
          300_000,
          50,
        );
      }),
    );
    times.direct.push(await timed(() => inParallel(n, DIRECT_CONCURRENCY, (i) => createDirect(cluster, `batch-direct-${round}-${i}`))));
  }
  const f = figure({
    id: 'B6',
    what: `POST /api/v1/batches (${n} jobs) until all its Jobs exist`,
    runtime: 'kubernetes',
    n,
    concurrency: 1,
    values: times.scheduler,
    baseline: { what: `${n} creates with client-node, ${DIRECT_CONCURRENCY} at a time`, values: times.direct },
    goal: 'at least 0.9x the direct throughput (ratio <= 1.11)',
  });
  if (scale.checkGoals) f.met = f.ratio.median <= 1 / 0.9;
  return [f];
}
