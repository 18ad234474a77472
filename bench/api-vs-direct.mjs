// Measures the scheduler against the same work done straight against the cluster, in one
// run on one test control plane: `npm run bench`. Prints medians, p90s and the ratio
// scheduler / direct for each operation. Nothing here asserts a time.
import { BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const BACKGROUND_JOBS = Number(process.env.BENCH_JOBS ?? 100);
const BATCH_JOBS = Number(process.env.BENCH_BATCH_JOBS ?? 200);

const cluster = await startCluster();
const kc = new KubeConfig();
kc.loadFromFile(cluster.kubeconfig);
const batch = kc.makeApiClient(BatchV1Api);
const core = kc.makeApiClient(CoreV1Api);
const namespace = 'bench';
await core.createNamespace({ body: { metadata: { name: namespace } } });
const scheduler = await startScheduler(cluster.kubeconfig, namespace);

try {
  const results = [];
  results.push(
    await compare(
      'create a job (Job, payload Secret, Service)',
      () => createViaScheduler(),
      (i) => createDirect(`direct-${i}`),
    ),
  );
  for (let i = 0; i < BACKGROUND_JOBS; i++) await createViaScheduler();
  await waitForIdle();
  const name = (await (await fetch(`${scheduler.url}/api/v1/jobs`)).json())[0].name;
  results.push(
    await compare(
      `get one job's status (of ${BACKGROUND_JOBS + SAMPLES})`,
      () => fetchJson(`/api/v1/jobs/${name}`),
      () => statusDirect(name),
    ),
  );
  results.push(
    await compare(
      `list all jobs' statuses (${BACKGROUND_JOBS + SAMPLES})`,
      () => fetchJson('/api/v1/jobs'),
      () => listDirect(),
    ),
  );
  results.push(await throughput());
  results.push(await batchOf(BATCH_JOBS));
  print(results);
} finally {
  scheduler.child.kill('SIGTERM');
  cluster.child.kill('SIGTERM');
}

/** Alternates the two sides sample by sample, so load from elsewhere hits both alike. */
async function compare(what, viaScheduler, direct) {
  const times = { scheduler: [], direct: [] };
  for (let i = 0; i < SAMPLES; i++) {
    times.scheduler.push(await timed(() => viaScheduler(i)));
    times.direct.push(await timed(() => direct(i)));
  }
  return { what, scheduler: summary(times.scheduler), direct: summary(times.direct) };
}

async function timed(operation) {
  const start = performance.now();
  await operation();
  return performance.now() - start;
}

function summary(times) {
  const sorted = [...times].sort((x, y) => x - y);
  return { median: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.floor(sorted.length * 0.9)] };
}

/** 100 creates each way, 10 in flight at a time; rounds of ten alternate between the sides. */
async function throughput() {
  const totals = { scheduler: 0, direct: 0 };
  for (let round = 0; round < 10; round++) {
    totals.scheduler += await timed(() => Promise.all(Array.from({ length: 10 }, () => createViaScheduler())));
    totals.direct += await timed(() => Promise.all(Array.from({ length: 10 }, (_, i) => createDirect(`burst-${round}-${i}`))));
  }
  const side = (total) => ({ median: total, p90: total });
  return { what: '100 creates, 10 at a time (total ms)', scheduler: side(totals.scheduler), direct: side(totals.direct) };
}

/**
 * One batch of `count` jobs (all made suspended, then their Secrets and Services, then all
 * resumed) against the same jobs made straight, 16 at a time, as the scheduler's writes are:
 * three rounds each, alternating.
 */
async function batchOf(count) {
  const totals = { scheduler: [], direct: [] };
  for (let round = 0; round < 3; round++) {
    totals.scheduler.push(
      await timed(async () => {
        const body = JSON.stringify({ jobScheduleDescriptions: Array.from({ length: count }, () => ({ payload: '{"x": 10, "y": 20}' })) });
        const response = await fetch(`${scheduler.url}/api/v1/batches`, { method: 'POST', body });
        if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${await response.text()}`);
      }),
    );
    totals.direct.push(await timed(() => inParallel(count, 16, (i) => createDirect(`batch-${round}-${i}`))));
  }
  return {
    what: `a batch of ${count} jobs vs ${count} creates, 16 at a time`,
    scheduler: summary(totals.scheduler),
    direct: summary(totals.direct),
  };
}

async function inParallel(count, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function createViaScheduler() {
  const response = await fetch(`${scheduler.url}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ payload: '{"x": 10, "y": 20}' }) });
  if (response.status !== 200) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** What a client without the scheduler does for the same job: the three objects. */
async function createDirect(name) {
  const labels = { 'bench-direct': 'true' };
  const job = await batch.createNamespacedJob({
    namespace,
    body: {
      metadata: { name, labels },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'compute', image: 'compute:1.0.0', volumeMounts: [{ name: 'payload', mountPath: '/compute/args', readOnly: true }] },
            ],
            volumes: [{ name: 'payload', secret: { secretName: `${name}-payload` } }],
          },
        },
      },
    },
  });
  const ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid, controller: true }];
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: `${name}-payload`, ownerReferences }, stringData: { payload: '{"x": 10, "y": 20}' } },
  });
  await core.createNamespacedService({
    namespace,
    body: { metadata: { name, ownerReferences }, spec: { selector: { 'job-name': name }, ports: [{ port: 3000 }] } },
  });
}

/** A status needs the Job and its pods (waiting reasons, exit codes). */
async function statusDirect(name) {
  await Promise.all([
    batch.readNamespacedJob({ name, namespace }),
    core.listNamespacedPod({ namespace, labelSelector: `job-name=${name}` }),
  ]);
}

async function listDirect() {
  await Promise.all([
    batch.listNamespacedJob({ namespace, labelSelector: 'radix-component=compute' }),
    core.listNamespacedPod({ namespace, labelSelector: 'radix-component=compute' }),
  ]);
}

async function fetchJson(path) {
  const response = await fetch(scheduler.url + path);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

async function waitForIdle() {
  for (;;) {
    const jobs = await fetchJson('/api/v1/jobs');
    if (jobs.every((job) => job.status !== 'Waiting' && job.status !== 'Running')) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function print(results) {
  const ms = (value) => value.toFixed(1).padStart(8);
  console.log(`\nsamples=${SAMPLES} (median / p90 in ms; ratio = scheduler median / direct median)\n`);
  console.log(`${'operation'.padEnd(52)} ${'scheduler'.padStart(19)} ${'direct'.padStart(19)}    ratio`);
  for (const { what, scheduler: a, direct: b } of results) {
    console.log(
      `${what.padEnd(52)} ${ms(a.median)} /${ms(a.p90)} ${ms(b.median)} /${ms(b.p90)} ${(a.median / b.median).toFixed(2).padStart(8)}`,
    );
  }
}

function startCluster() {
  const child = spawn('test/cluster/bin/testcluster', [], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test cluster exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ ...JSON.parse(line), child }));
  });
}

async function startScheduler(kubeconfig, ns) {
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const env = {
    PATH: process.env.PATH,
    KUBECONFIG: kubeconfig,
    JOB_SCHEDULER_NAMESPACE: ns,
    RADIX_COMPONENT: 'compute',
    JOB_SCHEDULER_PORT: String(port),
    JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['dist/main.js'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
