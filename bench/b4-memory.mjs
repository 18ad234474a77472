// B4: memory. Resident memory with 10,000 finished Jobs and their pods known (Kubernetes
// runtime) and 10,000 finished jobs' records (local), minus the same scheduler's idle resident
// memory measured before it knew any job, per job; both read after a full garbage collection
// (see settledResident). The JSON splits it into V8's heap and glibc's main arena, and gives the
// margin: the memory each job past the ones B1 left costs. And: the local runtime never loads
// @kubernetes/client-node (an import trace).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { figure } from './lib/report.mjs';
import { api, residentBytes } from './lib/scheduler.mjs';
import { countJobs, settledResident, startLocal } from './lib/runtimes.mjs';

const GOAL_BYTES_PER_JOB = 3 * 1024;

export async function b4Memory({ scale, runtimes }) {
  const figures = [];
  for (const rt of runtimes) {
    // B1 left some jobs: the memory with them too, for what each job more costs (the margin).
    const from = await countJobs(rt.scheduler.url);
    const before = from > 0 ? await settledResident(rt.scheduler) : undefined;
    // Finished jobs, each with its pod on Kubernetes.
    await rt.seed(scale.memoryJobs);
    const n = await countJobs(rt.scheduler.url);
    for (let i = 0; i < 3; i++) await api(rt.scheduler.url, 'GET', '/api/v1/jobs');
    const beforeCollection = residentBytes(rt.scheduler.pid);
    const loaded = await settledResident(rt.scheduler);
    const idle = median(rt.idle.readings);
    const perJob = loaded.readings.map((bytes) => (bytes - idle) / n / 1024);
    // The same difference in its two parts (see settledResident): V8's heap, and glibc's main arena.
    const split = {
      heapUsedKBPerJob: kb((loaded.heapUsed - rt.idle.heapUsed) / n),
      arenaKBPerJob: kb((loaded.arena - rt.idle.arena) / n),
    };
    // Without what a scheduler holds once, however many jobs it knows: code compiled and
    // buffers grown on first use, the full window of events kept for Last-Event-ID.
    const margin =
      before && n > from
        ? { marginFromJobs: from, marginKBPerJob: kb((median(loaded.readings) - median(before.readings)) / (n - from)) }
        : {};
    const f = figure({
      id: 'B4',
      what: 'resident memory per job known (with N minus idle)',
      runtime: rt.runtime,
      n,
      concurrency: 0,
      unit: 'KB/job',
      values: perJob,
      goal: 'under 3 KB a job',
      extra: {
        idleMB: mb(idle),
        loadedMB: mb(median(loaded.readings)),
        loadedBeforeCollectionMB: mb(beforeCollection),
        ...split,
        ...margin,
      },
    });
    if (scale.checkGoals) f.met = f.median * 1024 < GOAL_BYTES_PER_JOB;
    figures.push(f);
  }
  figures.push(await localImports(scale));
  return figures;
}

/** Starts the local runtime with an import trace, makes and lists a job, and looks for the Kubernetes client. */
async function localImports() {
  const trace = `--import=${pathToFileURL(resolve('test/support/import-trace/register.mjs')).href}`;
  const local = await startLocal([trace]);
  try {
    await api(local.scheduler.url, 'POST', '/api/v1/jobs', {});
    await api(local.scheduler.url, 'GET', '/api/v1/jobs');
  } finally {
    await local.stop();
  }
  const loaded = local.scheduler.stderr().includes('import-trace: @kubernetes/client-node');
  return {
    ...figure({
      id: 'B4',
      what: 'local runtime loads @kubernetes/client-node (0 = never)',
      runtime: 'local',
      n: 1,
      concurrency: 0,
      unit: 'loads',
      values: [loaded ? 1 : 0],
    }),
    goal: 'never',
    met: !loaded,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => Math.round(bytes / 10.24) / 100;
const mb = (bytes) => Math.round(bytes / 1024 / 10.24) / 100;
