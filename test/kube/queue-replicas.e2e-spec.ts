import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoordinationV1Api, type V1Job, Watch } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { mapLimit } from '../../src/jobs/concurrency.js';
import { admin, eventually } from '../support/kube-admin.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { requestJson } from '../support/scheduler.js';

const harness = new KubernetesHarness('queue-replicas');
const REPLICAS = 3;
const CAP = 5;
const JOBS = 200;
const LEASE = 'job-scheduler-demo-dev-compute';

/** A Job that counts against the cap: resumed and not ended. */
const running = (job: V1Job) =>
  job.spec?.suspend !== true &&
  !(job.status?.conditions ?? []).some((c) => ['Complete', 'Failed'].includes(c.type ?? '') && c.status === 'True');

/**
 * Three replicas of one job definition with a cap of 5 and 200 jobs posted through all of them,
 * the leader SIGKILLed half-way: a direct watch never sees more than 5 Jobs running, and every
 * job runs once and succeeds.
 */
describe('a queue on three replicas, its leader killed half-way', () => {
  const dir = mkdtempSync(join(tmpdir(), 'queue-replicas-'));
  const replicas: SchedulerProcess[] = [];
  const urls: string[] = [];

  const holder = async () =>
    (await admin().config.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: LEASE, namespace: harness.namespace })).spec
      ?.holderIdentity;
  const replicaOf = (identity: string | undefined) => replicas.findIndex((replica) => identity?.includes(`-${replica.child.pid}-`));
  const alive = () => urls.filter((_, i) => replicas[i].child.exitCode === null && replicas[i].child.signalCode === null);

  beforeAll(async () => {
    await harness.setUp();
    writeFileSync(
      join(dir, 'radixconfig.yaml'),
      `metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: compute\n      schedulerPort: 8000\n      image: compute:1\n      variables: { SIM_RUN_SECONDS: "0.3" }\n`,
    );
    for (let i = 0; i < REPLICAS; i++) {
      const port = await freePort();
      replicas.push(
        SchedulerProcess.start([], {
          KUBECONFIG: process.env.KUBECONFIG!,
          JOB_SCHEDULER_NAMESPACE: harness.namespace,
          RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
          JOB_SCHEDULER_PORT: String(port),
          JOB_SCHEDULER_MAX_CONCURRENT_JOBS: String(CAP),
          JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
        }),
      );
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(replicas.map((replica, i) => replica.ready(urls[i])));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    rmSync(dir, { recursive: true, force: true });
    await harness.tearDown();
  });

  it('never runs more than the cap, and runs every job once', async () => {
    const jobs = new Map<string, V1Job>();
    let most = 0;
    const watcher = new Watch(admin().config);
    const stream = await watcher.watch(
      `/apis/batch/v1/namespaces/${harness.namespace}/jobs`,
      {},
      (type: string, job: V1Job) => {
        if (type === 'DELETED') jobs.delete(job.metadata!.name!);
        else jobs.set(job.metadata!.name!, job);
        most = Math.max(most, [...jobs.values()].filter(running).length);
      },
      () => undefined,
    );
    const leader = replicaOf(await eventually(holder, (identity) => replicaOf(identity) >= 0, 'a leader'));
    const post = (count: number) =>
      mapLimit(
        Array.from({ length: count }, (_, i) => i),
        8,
        async (i) => {
          const targets = alive();
          const reply = await requestJson<JobStatus>(targets[i % targets.length], 'POST', '/api/v1/jobs', {});
          expect(reply.status).toBe(200);
          return reply.body.name;
        },
      );
    const names = await post(JOBS / 2);
    // Half-way, between two requests: a create in flight on a killed process is another test's subject (scheduler-kill).
    replicas[leader].child.kill('SIGKILL');
    await replicas[leader].exited;
    names.push(...(await post(JOBS / 2)));
    const url = alive()[0];
    const all = await eventually(
      async () => (await requestJson<JobStatus[]>(url, 'GET', '/api/v1/jobs')).body,
      (listed) => listed.length === JOBS && listed.every((job) => job.status === 'Succeeded'),
      'every job to succeed',
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
    stream.abort();
    expect(new Set(all.map((job) => job.name))).toEqual(new Set(names));
    expect(all.filter((job) => (job.podStatuses ?? []).length !== 1).map((job) => job.name)).toEqual([]);
    expect(most).toBeLessThanOrEqual(CAP);
    expect(most).toBeGreaterThan(1);
  });
});
