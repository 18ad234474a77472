// B8: the queue's throughput on the test control plane. 500 jobs through a cap of 25, from the
// first POST to the last job finished, against the same 500 jobs (Job, payload Secret, Service)
// created straight with client-node, 25 at first and then each next one as one finishes: what a
// client keeping 25 running would do without the scheduler. Both sides run the same pod for
// the same time (the simulated kubelet's SIM_RUN_SECONDS), and are timed the same way: to the
// instant a direct watch sees the last Job's terminal condition. Rounds alternate.
// The scheduler's side is posted as single jobs, 16 POSTs at a time, as fast as they go: it
// queues them all at once and admits each next one as one ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDirect, PAYLOAD_TEXT } from './lib/cluster.mjs';
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
  const ends = endsWatch(cluster);
  const scheduler = await startScheduler({
    RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
    KUBECONFIG: cluster.kubeconfig,
    JOB_SCHEDULER_NAMESPACE: cluster.namespace,
    JOB_SCHEDULER_MAX_CONCURRENT_JOBS: String(cap),
    JOB_SCHEDULER_MAX_WAITING_JOBS: '100000',
    JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
  });
  try {
    await ends.ready;
    const postedMs = [];
    const post = () => api(scheduler.url, 'POST', '/api/v1/jobs', { payload: PAYLOAD_TEXT });
    const cpu = { scheduler: [], bench: { scheduler: [], direct: [] } };
    const pace = { scheduler: [], direct: [] };
    const times = await alternate(scale.queueRounds, {
      scheduler: async () => {
        const [before, benchBefore, start] = [cpuSeconds(scheduler.pid), process.cpuUsage(), performance.now()];
        const all = ends.count(n, (job) => job.metadata.labels?.['radix-component'] === JOB);
        await Promise.all([all, timed(() => inParallel(n, POST_CONCURRENCY, post)).then((ms) => postedMs.push(ms))]);
        pace.scheduler.push(paceOf(start, await all));
        cpu.scheduler.push(cpuSeconds(scheduler.pid) - before);
        cpu.bench.scheduler.push(benchSeconds(benchBefore));
      },
      direct: async (round) => {
        const [benchBefore, start] = [process.cpuUsage(), performance.now()];
        pace.direct.push(paceOf(start, await direct(cluster, ends, { n, cap, runSeconds, round })));
        cpu.bench.direct.push(benchSeconds(benchBefore));
      },
    });
    const f = figure({
      id: 'B8',
      what: `${n} jobs of ${runSeconds} s through a cap of ${cap}: first POST -> last Job finished`,
      runtime: 'kubernetes',
      n,
      concurrency: cap,
      values: times.scheduler,
      baseline: { what: `the same Jobs with client-node, each next one created as one finishes`, values: times.direct },
      goal: 'at most 1.1x the direct time',
      // What bounds the run (medians over rounds): how long the POSTs took; on each side, Jobs
      // finished a second over the whole run, and between the fifth and the four-fifths of them
      // ended (the steady pace), and when the first ended; the CPU seconds the scheduler and this
      // process spent on each side.
      extra: {
        allPostedMs: median(postedMs),
        jobsPerSecond: { scheduler: perSecond(n, times.scheduler), direct: perSecond(n, times.direct) },
        steadyJobsPerSecond: { scheduler: median(pace.scheduler.map((p) => p.steady)), direct: median(pace.direct.map((p) => p.steady)) },
        firstEndedMs: { scheduler: median(pace.scheduler.map((p) => p.first)), direct: median(pace.direct.map((p) => p.first)) },
        cpuSeconds: {
          scheduler: median(cpu.scheduler),
          benchWithScheduler: median(cpu.bench.scheduler),
          benchDirect: median(cpu.bench.direct),
        },
      },
    });
    if (scale.checkGoals) f.met = f.ratio.median <= 1.1;
    return [f];
  } finally {
    ends.stop();
    await scheduler.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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

/**
 * One watch on the namespace's Jobs for both sides: `count(n, mine, onEach)` resolves when `n`
 * Jobs matching `mine` have been seen with a terminal condition (each Job once), calling
 * `onEach` at each, to the instants (performance.now()) they were seen.
 */
function endsWatch(cluster) {
  const ended = new Set();
  let waiter;
  let controller;
  const ready = cluster.watch
    .watch(
      `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
      {},
      (type, job) => {
        const name = job?.metadata?.name;
        if (!name || ended.has(name) || !waiter?.mine(job)) return;
        if (!(job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) return;
        ended.add(name);
        waiter.ended.push(performance.now());
        waiter.onEach?.();
        if (waiter.ended.length >= waiter.n) waiter.resolve(waiter.ended);
      },
      () => undefined,
    )
    .then((c) => (controller = c));
  return {
    ready,
    stop: () => controller?.abort(),
    /** Gives up after two seconds a Job and two minutes more: far beyond any run seen. */
    count: (n, mine, onEach) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: timed out waiting for ${n} Jobs to finish`)), n * 2000 + 120_000);
        timer.unref();
        const done = (ended) => {
          clearTimeout(timer);
          resolve(ended);
        };
        waiter = { n, ended: [], mine, onEach, resolve: done };
      }),
  };
}
