// B5: the local runtime. From POST sent to the job's process running, over 200 jobs one after
// another: the job definition's command is `date +%s%N`, so the spawned process's first act is
// to read the clock, and the bench reads that line back from the job's log. The POST's instant
// is taken just before it is sent, so the figure includes the request's trip over loopback and
// exec'ing `date`: it overstates the scheduler's share a little, never understates it.
// Then: creates a second at concurrency 8.
import { performance } from 'node:perf_hooks';
import { figure } from './lib/report.mjs';
import { startLocal } from './lib/runtimes.mjs';
import { api } from './lib/scheduler.mjs';
import { inParallel, timed, until } from './lib/stats.mjs';

const GOAL_MS = 5;

export async function b5LocalStart({ scale }) {
  const local = await startLocal();
  const url = local.scheduler.url;
  try {
    const lags = [];
    for (let i = 0; i < scale.spawnJobs; i++) {
      const sent = performance.timeOrigin + performance.now();
      const { name } = await api(url, 'POST', '/api/v1/jobs', {});
      await until('the job to finish', async () => (await api(url, 'GET', `/api/v1/jobs/${name}`)).status === 'Succeeded', 30_000, 2);
      const line = String(await api(url, 'GET', `/api/v1/jobs/${name}/logs`)).trim();
      lags.push(Number(BigInt(line) / 1000n) / 1000 - sent);
    }
    const start = figure({
      id: 'B5',
      what: 'local: POST sent -> job process running (its first clock read)',
      runtime: 'local',
      n: lags.length,
      concurrency: 1,
      values: lags,
      goal: 'median under 5 ms',
    });
    if (scale.checkGoals) start.met = start.median < GOAL_MS;
    let latencies;
    const elapsed = await timed(async () => {
      latencies = await inParallel(scale.createRateJobs, 8, () => api(url, 'POST', '/api/v1/jobs', {}));
    });
    const rate = figure({
      id: 'B5',
      what: 'local: POST /api/v1/jobs latency, and creates a second',
      runtime: 'local',
      n: scale.createRateJobs,
      concurrency: 8,
      values: latencies,
      goal: 'report the create rate',
      extra: { createsPerSecond: Math.round((scale.createRateJobs * 1000 * 100) / elapsed) / 100 },
    });
    return [start, rate];
  } finally {
    await local.stop();
  }
}
