// B7: admission latency, from a running job's end to the next queued job started. Each runtime
// gets a scheduler of its own with a cap of one job at a time (JOB_SCHEDULER_MAX_CONCURRENT_JOBS),
// all the jobs are posted at once, and they go one after another, each admitted when the one
// before it ends: with a cap of one, admission k always follows the end of job k-1, so the
// pairs are unambiguous. The local runtime goes first, then Kubernetes.
// - Kubernetes: from a direct watch seeing the finished Job's terminal condition to the same
//   watch seeing `spec.suspend` false on the next Job. Both ends come through one watch, so its
//   own delay falls on both and mostly cancels.
// - Local: the job's command is `sh -c 'date +%s%N; sleep $SIM_RUN_SECONDS; date +%s%N'`: from its
//   last clock read, just before the process exits, to the next process's first. The job's own
//   clock rather than the `finished` event's arrival: that event is sent by the same handling of
//   the exit that admits the next job, so its arrival would leave out the scheduler's noticing
//   the exit and keeping the job's end, and could even come after the admission. The job's own
//   reading overstates by the exit of `sh` (about a millisecond), never understates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clockReads, writeClockedConfig } from './lib/clocked-jobs.mjs';
import { figure } from './lib/report.mjs';
import { api, withScheduler } from './lib/scheduler.mjs';
import { stats, until } from './lib/stats.mjs';

const GOAL_MS = 250;
const JOB = 'admission';
const CAP = 1;
/** Each job's run: long enough that a job is seen running, short enough for 60 in a row. */
const RUN_SECONDS = '0.2';

export async function b7AdmissionLatency({ scale, cluster }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-admission-'));
  const common = {
    RADIX_CONFIG_FILE: writeClockedConfig(dir, JOB, RUN_SECONDS),
    JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
    JOB_SCHEDULER_MAX_CONCURRENT_JOBS: String(CAP),
  };
  // One job more than admissions measured: the first is admitted after its creation, not after an end.
  const count = scale.admissions + 1;
  try {
    // One runtime after the other: side by side, the local jobs would share the two cores with
    // the control plane running the Kubernetes ones, a neighbour no local scheduler has.
    const local = await withScheduler({ ...common, JOB_SCHEDULER_RUNTIME: 'local', JOB_SCHEDULER_DATA_DIR: join(dir, 'data') }, (url) =>
      localRuns(url, count),
    );
    const kube = await withScheduler({ ...common, KUBECONFIG: cluster.kubeconfig, JOB_SCHEDULER_NAMESPACE: cluster.namespace }, (url) =>
      kubeRuns(cluster, url, count),
    );
    return [
      latency('kubernetes', 'previous Job ends -> next Job resumed (a direct watch sees both)', kube, scale),
      latency('local', "previous job's process ends -> next one spawned (their own clock reads)", local, scale),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each Job's resume and end, as a direct watch sees them. */
async function kubeRuns(cluster, url, count) {
  const jobs = new Map();
  const now = () => performance.timeOrigin + performance.now();
  const watch = await cluster.watch.watch(
    `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
    { labelSelector: `radix-component=${JOB}` },
    (type, job) => {
      const name = job?.metadata?.name;
      if (!name) return;
      const seen = jobs.get(name) ?? {};
      jobs.set(name, seen);
      if (seen.resumed === undefined && job.spec?.suspend === false) seen.resumed = now();
      const terminal = (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      if (seen.ended === undefined && terminal) seen.ended = now();
    },
    () => undefined,
  );
  try {
    await postJobs(url, count);
    const ended = async () => [...jobs.values()].filter((seen) => seen.ended !== undefined).length >= count;
    await until(`${count} Jobs ended`, ended, (count * 20 + 60) * 1000, 200);
    return [...jobs].map(([name, seen]) => ({ name, started: seen.resumed, ended: seen.ended }));
  } finally {
    watch.abort();
  }
}

/** Posts `count` jobs one after another (so their order is certain); resolves to their names. */
async function postJobs(url, count) {
  const names = [];
  for (let i = 0; i < count; i++) names.push((await api(url, 'POST', '/api/v1/jobs', {})).name);
  return names;
}

/** When each local job's process started and ended, by its own first and last clock reads. */
async function localRuns(url, count) {
  const names = await postJobs(url, count);
  await until(
    `${names.length} local jobs finished`,
    async () => (await api(url, 'GET', '/api/v1/jobs?status=Succeeded')).length >= names.length,
    (names.length * 10 + 60) * 1000,
    200,
  );
  return Promise.all(names.map(async (name) => ({ name, ...(await clockReads(url, name)) })));
}

/**
 * From each job's end to the next job's start, in the order they started. With a cap of one a
 * job can only start after the one before it ended; a start before that means the cap was
 * broken, and the run fails rather than report it. Beside it, how much of it went before the
 * ended job's `finished` event reached the bench (the scheduler noticing the end, and the
 * stream's trip): the rest is planning, admitting and starting.
 */
function latency(runtime, what, { runs, events }, scale) {
  const ordered = [...runs].sort((a, b) => a.started - b.started);
  const finished = events.arrivals.get('finished') ?? new Map();
  const lags = [];
  const noticed = [];
  for (let k = 1; k < ordered.length; k++) {
    const [before, run] = [ordered[k - 1], ordered[k]];
    const lag = run.started - before.ended;
    if (!(lag >= 0)) throw new Error(`a job started ${Math.round(-lag)} ms before the one before it ended: the cap of ${CAP} was broken`);
    lags.push(lag);
    if (finished.has(before.name)) noticed.push(finished.get(before.name) - before.ended);
  }
  const seen = noticed.length ? stats(noticed) : undefined;
  const f = figure({
    id: 'B7',
    what,
    runtime,
    n: lags.length,
    concurrency: CAP,
    values: lags,
    goal: 'p99 under 250 ms',
    extra: seen && { endToFinishedEventMs: { median: round(seen.median), p99: round(seen.p99), n: noticed.length } },
  });
  if (scale.checkGoals) f.met = f.p99 < GOAL_MS;
  return f;
}

const round = (ms) => Math.round(ms * 10) / 10;
