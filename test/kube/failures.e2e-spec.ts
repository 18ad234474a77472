import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { ANNOTATION, ownLabels } from '../../src/kube/labels.js';
import { aSchedulerConfig } from '../fakes/scheduler-config.fixture.js';
import { admin, eventually } from '../support/kube-admin.js';
import { freePort } from '../support/process.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const harness = new KubernetesHarness('failures');

/** A kubeconfig naming a loopback port where nothing listens. */
async function unreachableKubeconfig(): Promise<string> {
  const port = await freePort();
  const path = join(mkdtempSync(join(tmpdir(), 'kubeconfig-')), 'config');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'gone', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'x' } }],
      contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'u', namespace: 'default' } }],
      'current-context': 'gone',
    }),
  );
  return path;
}

describe('when the cluster cannot be reached', () => {
  let sut: RunningScheduler;

  beforeAll(async () => {
    const config = aSchedulerConfig({ runtime: 'kubernetes', kubernetes: { kubeconfig: await unreachableKubeconfig(), inCluster: false } });
    sut = await startScheduler(config, { waitForReady: false });
  });

  afterAll(() => sut?.close());

  it('stays alive but not ready', async () => {
    expect((await sut.get('/health/live')).status).toBe(200);
    const ready = await sut.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.runtime).toMatchObject({ status: 'down' });
  });

  const requests: { name: string; method: string; path: string; body?: object }[] = [
    { name: 'listing', method: 'GET', path: '/api/v1/jobs' },
    { name: 'creating', method: 'POST', path: '/api/v1/jobs', body: { payload: 'x' } },
    { name: 'getting', method: 'GET', path: '/api/v1/jobs/compute-20260101000000-abcdefgh' },
  ];

  it.each(requests)('answers $name with 503 and Retry-After', async ({ method, path, body }) => {
    const reply = await sut.request(method, path, body);
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(reply.body).toEqual({
      status: 'Failure',
      reason: 'ServiceUnavailable',
      code: 503,
      message: expect.stringMatching(/Kubernetes|not loaded/),
    });
  });
});

describe('when a job cannot be fully created or run', () => {
  let sut: RunningScheduler;

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(harness.config({ job: { ports: [{ name: 'http', port: 3000 }] } }));
  });

  afterAll(async () => {
    await sut?.close();
    await harness.tearDown();
  });

  it('answers 503 when a quota refuses a step after the Job, and leaves nothing behind', async () => {
    const { core } = admin();
    const namespace = harness.namespace;
    await core.createNamespacedResourceQuota({ namespace, body: { metadata: { name: 'no-services' }, spec: { hard: { services: '0' } } } });
    await eventually(
      () => core.readNamespacedResourceQuota({ name: 'no-services', namespace }),
      (q) => q.status?.hard !== undefined,
      'the quota controller to count',
    );
    try {
      const reply = await sut.post('/api/v1/jobs', { payload: 'x' });
      expect([reply.status, reply.body.reason, reply.headers.get('retry-after')]).toEqual([503, 'ServiceUnavailable', '30']);
      expect(reply.body.message).toMatch(/exceeded quota/);
      const name = /job (compute-\S+):/.exec(reply.body.message)![1];
      await eventually(
        () => harness.leftoversOf(name),
        (left) => left.length === 0,
        `nothing of ${name} left`,
      );
    } finally {
      await core.deleteNamespacedResourceQuota({ name: 'no-services', namespace });
    }
  });

  it('removes a job whose creation was abandoned half-way, once it is five minutes old', async () => {
    const { batch } = admin();
    const name = 'compute-20260101000000-halfmade';
    const labels = ownLabels(sut.config);
    // What a scheduler that died between creating the Job and resuming it leaves behind.
    await batch.createNamespacedJob({
      namespace: harness.namespace,
      body: {
        metadata: { name, labels, annotations: { [ANNOTATION.creating]: 'true' } },
        spec: {
          suspend: true,
          template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'compute', image: 'compute:1' }] } },
        },
      },
    });
    // Nobody was told it exists, and nobody sees it: it is no job until it is whole.
    await eventually(
      () => harness.leftoversOf(name),
      (left) => left.includes(`job/${name}`),
      'the half-made Job in the cluster',
    );
    expect((await sut.get(`/api/v1/jobs/${name}`)).status).toBe(404);
    expect((await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name)).not.toContain(name);
    const retention = sut.app.get(RetentionService);
    await expect(retention.enforce(new Date())).resolves.toMatchObject({ abandoned: 0 });
    await expect(retention.enforce(new Date(Date.now() + 6 * 60_000))).resolves.toMatchObject({ abandoned: 1 });
    expect((await sut.get(`/api/v1/jobs/${name}`)).status).toBe(404);
    await eventually(
      () => harness.leftoversOf(name),
      (left) => left.length === 0,
      `nothing of ${name} left`,
    );
  });

  it('reports a job whose container cannot start as Waiting with the reason', async () => {
    const { body } = await sut.post<JobStatus>('/api/v1/jobs', {
      variables: { SIM_WAITING_REASON: 'ImagePullBackOff', SIM_WAITING_MESSAGE: 'Back-off pulling image "compute:1.0.0"' },
    });
    const waiting = await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.message !== undefined,
      'the waiting reason',
    );
    expect(waiting.body).toMatchObject({
      status: 'Waiting',
      started: '',
      message: 'ImagePullBackOff: Back-off pulling image "compute:1.0.0"',
    });
  });

  it('fails a job that runs past its time limit, saying so', async () => {
    const { body } = await sut.post<JobStatus>('/api/v1/jobs', { timeLimitSeconds: 2, variables: { SIM_RUN_SECONDS: '60' } });
    const done = await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Failed',
      'the deadline',
    );
    expect(done.body.message).toMatch(/^DeadlineExceeded: /);
    expect(done.body.ended).not.toBe('');
  });
});
