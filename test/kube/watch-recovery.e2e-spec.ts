import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BatchV1Api, KubeConfig } from '@kubernetes/client-node';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { aSchedulerConfig } from '../fakes/scheduler-config.fixture.js';
import { eventually } from '../support/kube-admin.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { TestCluster } from '../support/test-cluster.js';

/**
 * Restarting kube-apiserver would break every other test file running on the shared
 * cluster, so this file starts a control plane of its own.
 */
describe('after kube-apiserver restarts', () => {
  let cluster: TestCluster;
  let sut: RunningScheduler;

  beforeAll(async () => {
    cluster = await TestCluster.start();
    sut = await startScheduler(
      aSchedulerConfig({
        runtime: 'kubernetes',
        kubernetes: { kubeconfig: cluster.info.kubeconfig, inCluster: false, namespace: 'default' },
      }),
    );
  });

  afterAll(async () => {
    await sut?.close();
    await cluster?.stop();
  });

  it('keeps its jobs, and its watches see what happens after the restart', async () => {
    const { body: before } = await sut.post<JobStatus>('/api/v1/jobs', { variables: { SIM_RUN_SECONDS: '60' } });
    await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${before.name}`),
      (r) => r.body.status === 'Running',
      'running',
    );

    // While the API server is away, lists answer from the cache and creates answer 503.
    const restarted = cluster.restartApiServer();
    let back = false;
    void restarted.then(() => (back = true));
    const during: { list: number; create: number }[] = [];
    while (!back) {
      const [list, create] = await Promise.all([sut.get('/api/v1/jobs'), sut.post('/api/v1/jobs', {})]);
      during.push({ list: list.status, create: create.status });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await restarted;
    expect(during.map((d) => d.list)).toEqual(during.map(() => 200));
    expect(during.map((d) => d.create)).toContain(503);

    // A change made behind the scheduler's back after the restart: only a live watch sees it.
    const admin = new KubeConfig();
    admin.loadFromFile(cluster.info.kubeconfig);
    await eventually(
      () =>
        admin
          .makeApiClient(BatchV1Api)
          .patchNamespacedJob({ name: before.name, namespace: 'default', body: [{ op: 'replace', path: '/spec/suspend', value: true }] }),
      () => true,
      'the API server to take a patch',
    );
    const list = await eventually(
      () => sut.get<JobStatus[]>('/api/v1/jobs'),
      (r) => r.status === 200,
      'a list after the restart',
    );
    expect(list.body.map((job) => job.name)).toContain(before.name);
    // Suspended by hand (not stopped): its pod goes and the job waits again.
    await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${before.name}`),
      (r) => r.body.status === 'Waiting',
      'the watch to report the suspension',
    );

    const { status, body: after } = await sut.post<JobStatus>('/api/v1/jobs', {});
    expect(status).toBe(200);
    await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${after.name}`),
      (r) => r.body.status === 'Succeeded',
      'a job created after the restart to succeed',
    );
  });
});
