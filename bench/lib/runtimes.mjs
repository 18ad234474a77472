import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectGarbage } from './inspector.mjs';
import { api, arenaBytes, residentBytes, startScheduler } from './scheduler.mjs';
import { seedFinishedJob } from './seed.mjs';
import { inParallel, sleep, until } from './stats.mjs';

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
  return {
    runtime: 'kubernetes',
    scheduler,
    ownLabels,
    stop: () => scheduler.stop(),
    /**
     * Grows the list to `total` finished jobs, each with its pod, by writing Jobs with the
     * scheduler's labels and their status straight to the API server (seed.mjs), much faster
     * than running them. Each is a job of a batch of 1,000 so that retention keeps them.
     */
    async seed(total) {
      const add = Math.max(0, total - (await countJobs(scheduler.url)));
      const start = seeded;
      seeded += add;
      await inParallel(add, 16, (i) => {
        const index = start + i;
        const batch = `seed-${Math.floor(index / 1000)}`;
        const labels = { ...ownLabels, 'radix-batch-name': batch, 'radix-batch-id': batch, 'radix-job-id': `${index}` };
        const annotations = { 'job-scheduler/batch-index': String(index) };
        return seedFinishedJob(cluster.rest, cluster.namespace, { name: `seed-${index}`, labels, annotations });
      });
      await until(
        `${total} finished jobs known to the scheduler`,
        async () => (await countJobs(scheduler.url, 'Succeeded')) >= total,
        600_000,
        500,
      );
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
 * With it, two parts of that memory, to tell them apart: what V8's heap holds (`heapUsed`),
 * and the resident size of glibc's main arena (`arena`, the `[heap]` mapping), where C
 * allocations go and where freed memory stays resident until the top of the arena is free.
 */
export async function settledResident(scheduler) {
  const heapUsed = await collectGarbage(scheduler);
  await sleep(1000);
  const readings = [];
  for (let i = 0; i < 5; i++) {
    readings.push(residentBytes(scheduler.pid));
    await sleep(200);
  }
  return { readings, heapUsed, arena: arenaBytes(scheduler.pid) };
}
