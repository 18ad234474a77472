// B10: the lateness of a schedule's firing, from the scheduled second to the job made.
// Each runtime gets a scheduler of its own whose job definition has `cron: @every 1s`, and the
// two run side by side for the same firings.
// - Kubernetes: to the Job created, as a direct watch on the Jobs sees its ADDED event (the
//   Job's creationTimestamp has whole seconds only); the watch's own delay is in the figure.
// - Local: to the job's process spawned: its command is `date +%s%N`, so the process's first act
//   is to read the clock, and the bench reads that line back from the job's log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { figure } from './lib/report.mjs';
import { api, startScheduler } from './lib/scheduler.mjs';
import { until } from './lib/stats.mjs';

const GOAL_MS = 250;
const JOB = 'lateness';
const CRON = 'cron: { schedules: ["@every 1s"], concurrency: Allow }';

export async function b10FiringLateness({ scale, cluster }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lateness-'));
  writeFileSync(
    join(dir, 'radixconfig.yaml'),
    `metadata: { name: bench }\nspec:\n  jobs:\n    - { name: ${JOB}, schedulerPort: 8000, image: lateness:1, command: ["date", "+%s%N"], ${CRON} }\n`,
  );
  const common = { RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'), JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000' };
  const seen = new Map();
  const watch = await cluster.watch.watch(
    `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
    { labelSelector: `radix-component=${JOB},radix-batch-cron=true` },
    (type, job) => {
      const scheduled = job?.metadata?.annotations?.['job-scheduler/scheduled-time'];
      if (type === 'ADDED' && scheduled && !seen.has(job.metadata.name))
        seen.set(job.metadata.name, performance.timeOrigin + performance.now() - Date.parse(scheduled));
    },
    () => undefined,
  );
  const [kube, local] = await Promise.all([
    startScheduler({ ...common, KUBECONFIG: cluster.kubeconfig, JOB_SCHEDULER_NAMESPACE: cluster.namespace }),
    startScheduler({ ...common, JOB_SCHEDULER_RUNTIME: 'local', JOB_SCHEDULER_DATA_DIR: join(dir, 'data') }),
  ]);
  try {
    const firings = scale.firings;
    await until(`${firings} firings seen on Kubernetes`, async () => seen.size >= firings, (firings + 60) * 1000, 500);
    const kubeLate = [...seen.values()].slice(0, firings);
    const localLate = await spawnLateness(local.url, firings);
    return [
      lateness('kubernetes', 'scheduled second -> Job created (a direct watch sees it)', kubeLate, scale),
      lateness('local', 'scheduled second -> job process spawned (its first clock read)', localLate, scale),
    ];
  } finally {
    watch.abort();
    await Promise.all([kube.stop(), local.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For the first `count` runs: when each process read the clock, after its scheduled second. */
async function spawnLateness(url, count) {
  const runs = await until(
    `${count} local runs finished`,
    async () => {
      const jobs = (await api(url, 'GET', '/api/v1/jobs?status=Succeeded')).filter((job) => job.cronSchedule);
      return jobs.length >= count ? jobs : undefined;
    },
    (count + 60) * 1000,
    500,
  );
  const oldest = runs.sort((a, b) => a.scheduledTime.localeCompare(b.scheduledTime)).slice(0, count);
  return Promise.all(
    oldest.map(async (job) => {
      const line = String(await api(url, 'GET', `/api/v1/jobs/${job.name}/logs`)).trim();
      return Number(BigInt(line) / 1000n) / 1000 - Date.parse(job.scheduledTime);
    }),
  );
}

function lateness(runtime, what, values, scale) {
  const f = figure({ id: 'B10', what, runtime, n: values.length, concurrency: 1, values, goal: 'p99 under 250 ms' });
  if (scale.checkGoals) f.met = f.p99 < GOAL_MS;
  return f;
}
