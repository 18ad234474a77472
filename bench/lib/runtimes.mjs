import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedJob } from './cluster.mjs';
import { collectGarbage } from './inspector.mjs';
import { api, residentBytes, startScheduler } from './scheduler.mjs';
import { inParallel, sleep, until } from './stats.mjs';

/** How many seeded Jobs run to the end on Kubernetes; the rest are suspended (see seed()). */
const FINISHED_AT_MOST = 1000;

const COMMON = { JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000', JOB_SCHEDULER_HISTORY_BATCHES: '1000', JOB_SCHEDULER_MAX_WAITING_JOBS: '100000' };

/**
 * The local runtime in a data folder of its own. Its one job definition runs `date +%s%N`:
 * the first thing the spawned process does is read the clock, which B5 compares with the
 * instant the POST was sent. `nodeArgs` lets a module trace the scheduler's imports.
 */
export async function startLocal(nodeArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-local-'));
  writeFileSync(
    join(dir, 'radixconfig.yaml'),
    'metadata: { name: bench }\nspec:\n  jobs:\n    - { name: compute, schedulerPort: 8000, command: ["date", "+%s%N"] }\n',
  );
  const scheduler = await startScheduler(
    {
      ...COMMON,
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      JOB_SCHEDULER_DATA_DIR: join(dir, 'data'),
      JOB_SCHEDULER_MAX_CONCURRENT_JOBS: '8',
    },
    nodeArgs,
  );
  return {
    runtime: 'local',
    scheduler,
    async stop() {
      await scheduler.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Grows the list to `total` finished jobs, made as batches of at most 1,000 so retention keeps them. */
    async seed(total) {
      let have = await countJobs(scheduler.url);
      while (have < total) {
        const size = Math.min(1000, total - have);
        await api(scheduler.url, 'POST', '/api/v1/batches', { jobScheduleDescriptions: Array.from({ length: size }, () => ({})) });
        have += size;
      }
      await until(`${total} finished local jobs`, async () => (await countJobs(scheduler.url, 'Succeeded')) >= total, 600_000, 500);
    },
  };
}

/** The Kubernetes runtime for one job definition, in the run's namespace; `nodeArgs` as for startLocal. */
export async function startKube(cluster, nodeArgs = []) {
  const scheduler = await startScheduler(
    { ...COMMON, KUBECONFIG: cluster.kubeconfig, JOB_SCHEDULER_NAMESPACE: cluster.namespace, RADIX_COMPONENT: 'compute' },
    nodeArgs,
  );
  const ownLabels = await learnLabels(cluster, scheduler.url);
  let seeded = 0;
  let seededFinished = 0;
  return {
    runtime: 'kubernetes',
    scheduler,
    ownLabels,
    stop: () => scheduler.stop(),
    /**
     * Grows the list to `total` jobs by making Jobs straight with the scheduler's labels (much
     * faster than through its API). The first FINISHED_AT_MOST run and finish; the rest are
     * suspended Jobs (listed as Stopped), which need no pod: on 2 busy cores the Job controller
     * and the simulated kubelet finish only about ten Jobs a second, too slow for thousands.
     */
    async seed(total, { suspended = false } = {}) {
      const add = Math.max(0, total - (await countJobs(scheduler.url)));
      const finished = suspended ? 0 : Math.min(add, Math.max(0, FINISHED_AT_MOST - seededFinished));
      const succeeded = await countJobs(scheduler.url, 'Succeeded');
      const make = (count, asSuspended) => {
        const start = seeded;
        seeded += count;
        const batchOf = (i) => `seed-${Math.floor(i / 1000)}${asSuspended ? '-suspended' : ''}`;
        return inParallel(count, 16, (i) => seedJob(cluster, ownLabels, `seed-${start + i}`, batchOf(start + i), start + i, asSuspended));
      };
      await make(finished, false);
      await make(add - finished, true);
      seededFinished += finished;
      const done = async () =>
        (await countJobs(scheduler.url)) >= total && (await countJobs(scheduler.url, 'Succeeded')) >= succeeded + finished;
      await until(`${total} jobs known to the scheduler`, done, 600_000, 500);
    },
  };
}

/** The scheduler's own labels, read from a Job it made (and then deleted). */
async function learnLabels(cluster, url) {
  const { name } = await api(url, 'POST', '/api/v1/jobs', {});
  const job = await cluster.batch.readNamespacedJob({ name, namespace: cluster.namespace });
  const keys = ['app.kubernetes.io/managed-by', 'radix-app', 'radix-component', 'radix-environment', 'radix-job-type'];
  const labels = Object.fromEntries(
    keys.filter((key) => job.metadata.labels[key] !== undefined).map((key) => [key, job.metadata.labels[key]]),
  );
  await until(
    'the probe job to finish',
    async () => ['Succeeded', 'Failed'].includes((await api(url, 'GET', `/api/v1/jobs/${name}`)).status),
    120_000,
  );
  await api(url, 'DELETE', `/api/v1/jobs/${name}`);
  await until('the probe job to go', async () => (await countJobs(url)) === 0, 120_000);
  return labels;
}

export async function countJobs(url, status) {
  return (await api(url, 'GET', `/api/v1/jobs${status ? `?status=${status}` : ''}`)).length;
}

/**
 * Resident memory of what a scheduler holds: after a full garbage collection (the scheduler
 * must have been started with INSPECT), the median of five readings a little apart. Without
 * the collection, the figure is mostly how much garbage the last burst of requests left: V8
 * gives it back tens of seconds later, on a schedule of its own.
 */
export async function settledResident(scheduler) {
  await collectGarbage(scheduler);
  await sleep(1000);
  const readings = [];
  for (let i = 0; i < 5; i++) {
    readings.push(residentBytes(scheduler.pid));
    await sleep(200);
  }
  return readings;
}
