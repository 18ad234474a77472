// B9: how late a job's end reaches a client of GET /api/v1/events. Each runtime gets a scheduler
// of its own, whose one job definition reads the clock first and last (bench/lib/clocked-jobs.mjs),
// and the bench follows its stream from before the first job. The local runtime goes first, then
// Kubernetes: side by side, the local jobs would share the two cores with the control plane
// running the other side's pods (as B7 found).
// - Kubernetes: from a direct watch on the Jobs seeing a Job's Complete condition (the change that
//   makes the job Succeeded) to the stream's `finished` frame for it arriving here. The scheduler
//   learns of that change through a watch of its own, so the figure is what the scheduler adds to
//   what a client watching the Jobs itself would see: its cache, its event hub, the frame's trip.
//   A few jobs at a time, so that their ends overlap as a busy scheduler's do.
// - Local: from the job's last clock read, just before its process exits, to the `finished` frame
//   arriving. One job at a time: a POST, and the spawn it makes (a fork of the scheduler), hold
//   the scheduler's event loop for some milliseconds, and another job's frame would wait behind
//   the bench's own requests. The job's reading overstates by the exit of `sh` (about a
//   millisecond), never understates.
// Frames and watch events are timed here as performance.timeOrigin + performance.now() (the wall
// clock at this process's start, then a monotonic one), as B7 does; locally that is set against
// the job's `date`, the wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clockReads, writeClockedConfig } from './lib/clocked-jobs.mjs';
import { figure } from './lib/report.mjs';
import { api, withScheduler } from './lib/scheduler.mjs';
import { until } from './lib/stats.mjs';

const JOB = 'events';
/** Each job's run: long enough that its start and its end are handled apart. */
const RUN_SECONDS = '0.2';
const KUBE = { goalMs: 50, inFlight: 4 };
const LOCAL = { goalMs: 20, inFlight: 1 };

export async function b9EventLatency({ scale, cluster }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
  const common = { RADIX_CONFIG_FILE: writeClockedConfig(dir, JOB, RUN_SECONDS), JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000' };
  const count = scale.eventJobs;
  try {
    const local = await withScheduler(
      { ...common, JOB_SCHEDULER_RUNTIME: 'local', JOB_SCHEDULER_DATA_DIR: join(dir, 'data') },
      (url, events) => localLags(url, events, count),
    );
    const kube = await withScheduler(
      { ...common, KUBECONFIG: cluster.kubeconfig, JOB_SCHEDULER_NAMESPACE: cluster.namespace },
      (url, events) => kubeLags(cluster, url, events, count),
    );
    return [
      lateness('kubernetes', 'direct watch sees Job Complete -> `finished` frame of GET /api/v1/events', KUBE, kube.runs, scale),
      lateness('local', 'job process ends (its last clock read) -> `finished` frame of GET /api/v1/events', LOCAL, local.runs, scale),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const now = () => performance.timeOrigin + performance.now();

/** When each Job's Complete condition was seen by a direct watch, and its `finished` frame arrived. */
async function kubeLags(cluster, url, events, count) {
  const complete = new Map();
  const watch = await cluster.watch.watch(
    `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
    { labelSelector: `radix-component=${JOB}` },
    (type, job) => {
      const name = job?.metadata?.name;
      if (!name || complete.has(name)) return;
      if ((job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')) complete.set(name, now());
    },
    () => undefined,
  );
  try {
    const runs = await eachJob(url, count, KUBE.inFlight, async (name) => {
      const [seen, framed] = await until(
        `Job ${name} to complete and its finished frame`,
        async () => complete.has(name) && finishedAt(events, name) !== undefined && [complete.get(name), finishedAt(events, name)],
        60_000,
        5,
      );
      return { lag: framed - seen };
    });
    await allSucceeded(url, count);
    return runs;
  } finally {
    watch.abort();
  }
}

/** When each local job's process ended, by its own last clock read, and its `finished` frame arrived. */
async function localLags(url, events, count) {
  const runs = await eachJob(url, count, LOCAL.inFlight, async (name) => ({
    framed: await until(`job ${name}'s finished frame`, async () => finishedAt(events, name), 30_000, 5),
  }));
  await allSucceeded(url, count);
  // The logs are read once all have ended, so that no read falls on a measured end.
  return Promise.all(runs.map(async ({ name, framed }) => ({ name, lag: framed - (await clockReads(url, name)).ended })));
}

const finishedAt = (events, name) => events.arrivals.get('finished')?.get(name);

/** Posts `count` jobs, `inFlight` at a time, each after `measure(name)` of the one before it resolved. */
async function eachJob(url, count, inFlight, measure) {
  const runs = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        next++;
        const { name } = await api(url, 'POST', '/api/v1/jobs', {});
        runs.push({ name, ...(await measure(name)) });
      }
    }),
  );
  return runs;
}

/** A `finished` frame is for Succeeded and Failed alike: every job must have succeeded. */
async function allSucceeded(url, count) {
  const succeeded = (await api(url, 'GET', `/api/v1/jobs?status=Succeeded`)).length;
  if (succeeded !== count) throw new Error(`${succeeded} of ${count} jobs succeeded`);
}

function lateness(runtime, what, { goalMs, inFlight }, runs, scale) {
  const values = runs.map((run) => run.lag);
  const f = figure({
    id: 'B9',
    what,
    runtime,
    n: values.length,
    concurrency: Math.min(inFlight, values.length),
    values,
    goal: `p99 at most ${goalMs} ms`,
    // On Kubernetes the two watches race: a frame may come before the bench's own watch event.
    extra: { min: Math.round(Math.min(...values) * 10) / 10, negative: values.filter((v) => v < 0).length },
  });
  if (scale.checkGoals) f.met = f.p99 <= goalMs;
  return f;
}
