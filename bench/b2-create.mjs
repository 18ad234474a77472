// B2: POST /api/v1/jobs with a payload at concurrency 1, 8 and 32, against the same objects
// (Job, payload Secret, Service) created straight with client-node at the same concurrency.
// Rounds alternate: one round through the scheduler, one round direct, and so on.
import { createDirect, PAYLOAD_TEXT } from './lib/cluster.mjs';
import { figure } from './lib/report.mjs';
import { api } from './lib/scheduler.mjs';
import { inParallel, timed } from './lib/stats.mjs';

export async function b2Create({ scale, kube, cluster }) {
  const figures = [];
  let made = 0;
  for (const concurrency of scale.createConcurrency) {
    const count = scale.createsPerRound[concurrency];
    const latency = { scheduler: [], direct: [] };
    const elapsed = { scheduler: 0, direct: 0 };
    for (let round = 0; round < scale.createRounds; round++) {
      elapsed.scheduler += await timed(async () => {
        latency.scheduler.push(
          ...(await inParallel(count, concurrency, () => api(kube.scheduler.url, 'POST', '/api/v1/jobs', { payload: PAYLOAD_TEXT }))),
        );
      });
      elapsed.direct += await timed(async () => {
        latency.direct.push(...(await inParallel(count, concurrency, () => createDirect(cluster, `direct-${made++}`))));
      });
    }
    const n = count * scale.createRounds;
    const rate = { scheduler: (n * 1000) / elapsed.scheduler, direct: (n * 1000) / elapsed.direct };
    const f = figure({
      id: 'B2',
      what: 'POST /api/v1/jobs with a payload',
      runtime: 'kubernetes',
      n,
      concurrency,
      values: latency.scheduler,
      baseline: { what: 'Job+Secret+Service with client-node', values: latency.direct },
      goal: 'throughput at least 1.0x the direct creates',
      extra: {
        createsPerSecond: round(rate.scheduler),
        baselineCreatesPerSecond: round(rate.direct),
        throughputRatio: round(rate.scheduler / rate.direct),
      },
    });
    if (scale.checkGoals) f.met = rate.scheduler / rate.direct >= 1;
    figures.push(f);
  }
  return figures;
}

const round = (value) => Math.round(value * 100) / 100;
