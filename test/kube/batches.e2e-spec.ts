import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { admin, eventually } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const harness = new KubernetesHarness('kbatches');
const { batch, core } = admin();

/** What batches are made of on Kubernetes, and what happens when the cluster says no half-way. */
describe('batches on Kubernetes', () => {
  let sut: RunningScheduler;
  const namespace = () => harness.namespace;

  beforeAll(async () => {
    await harness.setUp();
    const config = harness.config({ job: { ports: [{ name: 'http', port: 3000 }] } });
    sut = await startScheduler({ ...config, retention: { ...config.retention, batches: 2, intervalSeconds: 3600 } });
  });

  afterAll(async () => {
    await sut?.close();
    await harness.tearDown();
  });

  const create = async (body: object) => {
    const reply = await sut.post<BatchStatus>('/api/v1/batches', body);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('makes each batch job a Job like a single job, labelled with its batch, owning its Secret and Service', async () => {
    const created = await create({
      batchId: 'run-9',
      jobScheduleDescriptions: [
        { jobId: 'a', payload: 'pa' },
        { jobId: 'b', image: 'registry.example.com/compute:2' },
      ],
    });
    for (const [i, status] of created.jobStatuses.entries()) {
      const job = await batch.readNamespacedJob({ name: status.name, namespace: namespace() });
      expect(job.metadata!.labels).toMatchObject({
        'radix-batch-name': created.name,
        'radix-batch-id': 'run-9',
        'radix-job-id': i === 0 ? 'a' : 'b',
        'radix-component': 'compute',
      });
      expect(job.metadata!.annotations).toMatchObject({ 'job-scheduler/batch-index': String(i) });
      expect(job.metadata!.annotations!['job-scheduler/creating']).toBeUndefined();
      expect(job.spec!.suspend).toBe(false);
      const container = job.spec!.template.spec!.containers[0];
      expect([container.image, container.imagePullPolicy]).toEqual([
        i === 0 ? 'compute:1.0.0' : 'registry.example.com/compute:2',
        'Always',
      ]);
      const [secret, service] = await Promise.all([
        core.readNamespacedSecret({ name: `${status.name}-payload`, namespace: namespace() }),
        core.readNamespacedService({ name: status.name, namespace: namespace() }),
      ]);
      for (const owned of [secret, service])
        expect(owned.metadata!.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: status.name, uid: job.metadata!.uid });
      expect(service.spec!.selector).toEqual({ 'job-name': status.name });
    }
  });

  it('leaves nothing when a ResourceQuota refuses the third Job, and answers 503', async () => {
    const before = (await batch.listNamespacedJob({ namespace: namespace() })).items.length;
    const quota = 'two-more-jobs';
    await core.createNamespacedResourceQuota({
      namespace: namespace(),
      body: { metadata: { name: quota }, spec: { hard: { 'count/jobs.batch': String(before + 2) } } },
    });
    await eventually(
      () => core.readNamespacedResourceQuota({ name: quota, namespace: namespace() }),
      (q) => q.status?.used?.['count/jobs.batch'] === String(before),
      'the quota controller to count',
    );
    try {
      const reply = await sut.post('/api/v1/batches', {
        jobScheduleDescriptions: Array.from({ length: 5 }, (_, i) => ({ jobId: `q-${i}` })),
      });
      expect([reply.status, reply.body.reason, reply.headers.get('retry-after')]).toEqual([503, 'ServiceUnavailable', '30']);
      expect(reply.body.message).toMatch(/exceeded quota/);
      await eventually(
        async () =>
          (await batch.listNamespacedJob({ namespace: namespace(), labelSelector: 'radix-job-id in (q-0,q-1,q-2,q-3,q-4)' })).items,
        (left) => left.length === 0,
        'every Job of the refused batch to be gone',
      );
      await eventually(
        async () =>
          (await core.listNamespacedSecret({ namespace: namespace(), labelSelector: 'radix-job-id in (q-0,q-1,q-2,q-3,q-4)' })).items,
        (left) => left.length === 0,
        'every Secret of the refused batch to be gone',
      );
      const batches = (await sut.get<BatchStatus[]>('/api/v1/batches')).body;
      expect(batches.some((b) => b.jobStatuses.some((job) => job.jobId?.startsWith('q-')))).toBe(false);
    } finally {
      await core.deleteNamespacedResourceQuota({ name: quota, namespace: namespace() });
    }
  });

  it('keeps the newest finished batches whole, and never cuts a batch in part', async () => {
    const finished = [];
    for (let i = 0; i < 3; i++)
      finished.push(
        await create({ jobScheduleDescriptions: [{ variables: { SIM_RUN_SECONDS: '0' } }, { variables: { SIM_RUN_SECONDS: '0' } }] }),
      );
    const running = await create({
      jobScheduleDescriptions: [{ variables: { SIM_RUN_SECONDS: '0' } }, { variables: { SIM_RUN_SECONDS: '120' } }],
    });
    const all = [...finished, running].map((b) => b.name);
    await eventually(
      async () => (await sut.get<BatchStatus[]>('/api/v1/batches')).body.filter((b) => all.includes(b.name)),
      (bs) => bs.filter((b) => b.status === 'Completed').length >= 3,
      'three batches to complete',
    );
    // Batches made by the tests above are finished or stopped too; stop them so they count.
    await sut.post('/api/v1/batches/stop');
    await eventually(
      async () => (await sut.get<BatchStatus[]>('/api/v1/batches')).body,
      (bs) => bs.every((b) => ['Completed', 'Stopped'].includes(b.status)),
      'every batch to end',
    );
    await sut.app.get(RetentionService).enforce(new Date());

    const kept = (await sut.get<BatchStatus[]>('/api/v1/batches')).body;
    expect(kept).toHaveLength(2);
    for (const b of kept) expect(b.jobStatuses).toHaveLength(2);
    const jobs = (await sut.get<JobStatus[]>('/api/v1/jobs')).body.filter((job) => job.batchName);
    expect(new Set(jobs.map((job) => job.batchName))).toEqual(new Set(kept.map((b) => b.name)));
    // Ends are to the second, so which of the batches that ended together stay is up to their names.
    const dropped = [...finished, running].filter((b) => !kept.some((k) => k.name === b.name));
    expect(dropped.length).toBeGreaterThanOrEqual(2);
    for (const name of dropped.flatMap((b) => b.jobStatuses.map((job) => job.name))) {
      await eventually(
        () => harness.leftoversOf(name),
        (left) => left.length === 0,
        `nothing of ${name} left`,
      );
    }
  });
});

describe('a job definition with secrets on Kubernetes', () => {
  const secrets = new KubernetesHarness('ksecrets');
  let sut: RunningScheduler;

  beforeAll(async () => {
    await secrets.setUp();
    sut = await startScheduler(secrets.config({ job: { secrets: ['STORAGE_KEY', 'DB_PASSWORD'] } }));
  });

  afterAll(async () => {
    await sut?.close();
    await secrets.tearDown();
  });

  it('refuses to start a job while the Secret or a key is missing, naming them', async () => {
    const missing = await sut.post('/api/v1/jobs', {});
    expect([missing.status, missing.headers.get('retry-after'), missing.body.message]).toEqual([
      503,
      '30',
      "cannot start jobs: Secret compute-secrets does not exist; it must hold the job's secrets (STORAGE_KEY, DB_PASSWORD)",
    ]);
    await core.createNamespacedSecret({
      namespace: secrets.namespace,
      body: { metadata: { name: 'compute-secrets' }, stringData: { STORAGE_KEY: 'k' } },
    });
    const partial = await sut.post('/api/v1/jobs', {});
    expect([partial.status, partial.body.message]).toEqual([
      503,
      "cannot start jobs: Secret compute-secrets has no key DB_PASSWORD; it must hold the job's secrets (STORAGE_KEY, DB_PASSWORD)",
    ]);
    expect((await batch.listNamespacedJob({ namespace: secrets.namespace })).items).toHaveLength(0);
  });

  it('gives the container each secret from its key of <job>-secrets', async () => {
    const body = { stringData: { DB_PASSWORD: 'p' } };
    await core.patchNamespacedSecret(
      { name: 'compute-secrets', namespace: secrets.namespace, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const reply = await sut.post<JobStatus>('/api/v1/jobs', {});
    expect(reply.status).toBe(200);
    const job = await batch.readNamespacedJob({ name: reply.body.name, namespace: secrets.namespace });
    const env = job.spec!.template.spec!.containers[0].env!;
    expect(env.filter((e) => e.valueFrom)).toEqual([
      { name: 'STORAGE_KEY', valueFrom: { secretKeyRef: { name: 'compute-secrets', key: 'STORAGE_KEY', optional: false } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'compute-secrets', key: 'DB_PASSWORD', optional: false } } },
    ]);
    expect(env.some((e) => e.value === 'k' || e.value === 'p')).toBe(false);
  });

  it('refuses a restart while a secret is missing, and keeps the job it would rerun', async () => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', { payload: 'kept' });
    const name = reply.body.name;
    await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${name}`),
      (r) => r.body.status === 'Succeeded',
      `${name} to succeed`,
    );
    const body = { data: { DB_PASSWORD: null } };
    await core.patchNamespacedSecret(
      { name: 'compute-secrets', namespace: secrets.namespace, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );

    const restart = await sut.post(`/api/v1/jobs/${name}/restart`);
    expect([restart.status, restart.body.message]).toEqual([
      503,
      "cannot start jobs: Secret compute-secrets has no key DB_PASSWORD; it must hold the job's secrets (STORAGE_KEY, DB_PASSWORD)",
    ]);
    expect((await sut.get<JobStatus>(`/api/v1/jobs/${name}`)).body.status).toBe('Succeeded');
    expect(await (await fetch(`${sut.url}/api/v1/jobs/${name}/payload`)).text()).toBe('kept');
  });
});
