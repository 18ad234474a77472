// B8: the queue's throughput on the test control plane. 500 jobs through a cap of 25, from the
// first POST to the last job finished, against the same 500 jobs (Job, payload Secret, Service)
// created straight with client-node, 25 at first and then each next one as one finishes: what a
// client keeping 25 running would do without the scheduler. Both sides run the same pod for
// the same time (the simulated kubelet's SIM_RUN_SECONDS), and are timed the same way: to the
// instant a direct watch sees the last Job's terminal condition. Rounds alternate; at full scale
// there is one a side, the scheduler's first, as each takes about 45 s.
// The scheduler's side is posted as single jobs, 16 POSTs at a time, as fast as they go: it
// queues them all at once and admits each next one as one ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDirect, PAYLOAD_TEXT } from './lib/cluster.mjs';
import { endsWatch } from './lib/job-ends.mjs';
import { figure } from './lib/report.mjs';
import { api, cpuSeconds, startScheduler } from './lib/scheduler.mjs';
import { alternate, inParallel, stats, timed } from './lib/stats.mjs';

const JOB = 'queued';
const POST_CONCURRENCY = 16;
const DIRECT_LABEL = 'bench-queue-direct';

export async function b8QueueThroughput({ scale, cluster }) {
  const { queueJobs: n, queueCap: cap, queueRunSeconds: runSeconds } = scale;
  const dir = mkdtempSync(join(tmpdir(), 'bench-queue-'));
  writeFileSync(
    join(dir, 'radixconfig.yaml'),
    `metadata: { name: bench }\nspec:\n  jobs:\n    - { name: ${JOB}, schedulerPort: 8000, image: compute:1.0.0, payload: { path: /compute/args }, variables: { SIM_RUN_SECONDS: "${runSeconds}" } }\n`,
  );
  const ends = await endsWatch(cluster);
  let scheduler;
  try {
    scheduler = await startScheduler({
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      KUBECONFIG: cluster.kubeconfig,
      JOB_SCHEDULER_NAMESPACE: cluster.namespace,
      JOB_SCHEDULER_MAX_CONCURRENT_JOBS: String(cap),
      JOB_SCHEDULER_MAX_WAITING_JOBS: '100000',
      JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
    });
    const measured = await measure(scale, cluster, ends, scheduler);
    const f = figure({
      id: 'B8',
      what: `${n} jobs of ${runSeconds} s through a cap of ${cap}: first POST -> last Job finished`,
      runtime: 'kubernetes',
      n,
      concurrency: cap,
      values: measured.times.scheduler,
      baseline: { what: `the same Jobs with client-node, each next one created as one finishes`, values: measured.times.direct },
      goal: 'at most 1.1x the direct time',
      extra: bounds(n, measured),
    });
    if (scale.checkGoals) f.met = f.ratio.median <= 1.1;
    return [f];
  } finally {
    ends.stop();
    await scheduler?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both sides, round by round: their times, and what went on in each (see bounds()). */
async function measure(scale, cluster, ends, scheduler) {
  const { queueJobs: n, queueCap: cap, queueRunSeconds: runSeconds } = scale;
  const post = () => api(scheduler.url, 'POST', '/api/v1/jobs', { payload: PAYLOAD_TEXT });
  const seen = { postedMs: [], cpu: { scheduler: [], benchWithScheduler: [], benchDirect: [] }, pace: { scheduler: [], direct: [] } };
  const times = await alternate(scale.queueRounds, {
    scheduler: async () => {
      const [before, benchBefore, start] = [cpuSeconds(scheduler.pid), process.cpuUsage(), performance.now()];
      const all = ends.count(n, (job) => job.metadata.labels?.['radix-component'] === JOB);
      await Promise.all([all, timed(() => inParallel(n, POST_CONCURRENCY, post)).then((ms) => seen.postedMs.push(ms))]);
      seen.pace.scheduler.push(paceOf(start, await all));
      seen.cpu.scheduler.push(cpuSeconds(scheduler.pid) - before);
      seen.cpu.benchWithScheduler.push(benchSeconds(benchBefore));
    },
    direct: async (round) => {
      const [benchBefore, start] = [process.cpuUsage(), performance.now()];
      seen.pace.direct.push(paceOf(start, await direct(cluster, ends, { n, cap, runSeconds, round })));
      seen.cpu.benchDirect.push(benchSeconds(benchBefore));
    },
  });
  return { times, ...seen };
}

/**
 * What bounds the run (medians over rounds): how long the POSTs took; on each side, Jobs
 * finished a second over the whole run and between a fifth and four fifths of them ended (the
 * steady pace), and when the first ended; the CPU seconds the scheduler and this process spent.
 */
function bounds(n, { times, postedMs, cpu, pace }) {
  const both = (of) => ({ scheduler: of('scheduler'), direct: of('direct') });
  return {
    allPostedMs: median(postedMs),
    jobsPerSecond: both((side) => perSecond(n, times[side])),
    steadyJobsPerSecond: both((side) => median(pace[side].map((p) => p.steady))),
    firstEndedMs: both((side) => median(pace[side].map((p) => p.first))),
    cpuSeconds: Object.fromEntries(Object.entries(cpu).map(([key, values]) => [key, median(values)])),
  };
}

const perSecond = (n, times) => Math.round((n * 1000 * 10) / stats(times).median) / 10;
const median = (values) => Math.round(stats(values).median * 10) / 10;
const benchSeconds = (before) => {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1e6;
};

/** Keeps `cap` Jobs running: one created for each that finishes, until `n` have; resolves to when each ended. */
async function direct(cluster, ends, { n, cap, runSeconds, round }) {
  const mine = (job) => job.metadata.labels?.[DIRECT_LABEL] === String(round);
  let next = 0;
  let fail;
  const failed = new Promise((resolve, reject) => (fail = reject));
  const create = () => {
    if (next >= n) return;
    createDirect(cluster, `queue-direct-${round}-${next++}`, { [DIRECT_LABEL]: String(round) }, runSeconds).catch(fail);
  };
  const all = ends.count(n, mine, create);
  for (let i = 0; i < cap; i++) create();
  return Promise.race([all, failed]);
}

/** From one side's start and the instants its Jobs ended: when the first ended, and the steady pace. */
function paceOf(start, ended) {
  const [from, to] = [Math.floor(ended.length / 5), Math.ceil((ended.length * 4) / 5) - 1];
  return { first: ended[0] - start, steady: ((to - from) * 1000) / (ended[to] - ended[from]) };
}
