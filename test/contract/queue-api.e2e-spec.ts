import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import type { QueueStatus } from '../../src/queue/dto/queue-status.dto.js';
import type { QueueSettings, SchedulerConfig } from '../../src/config/scheduler.config.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';

/**
 * The queue on both runtimes, through the API: a cap that is never exceeded, the order
 * (priority, single jobs and batches taking turns), start deadlines, a pause that outlives a
 * restart, and stopping and deleting a queued job. On Kubernetes under the Helm chart's Role.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('queue', { account: 'chart' }), new LocalHarness()];
const FINISHED = ['Succeeded', 'Failed', 'Stopped'];

describe.each(runtimes)('the queue on the $label runtime', (runtime) => {
  const running: RunningScheduler[] = [];
  let config: SchedulerConfig;

  const start = async (queue: QueueSettings) => {
    const sut = await runtime.start({ ...config, queue });
    running.push(sut);
    return sut;
  };
  const stop = async (sut: RunningScheduler) => {
    running.splice(running.indexOf(sut), 1);
    await sut.close();
  };
  const create = async (sut: RunningScheduler, body: object = {}) => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', body);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const job = async (sut: RunningScheduler, name: string) => (await sut.get<JobStatus>(`/api/v1/jobs/${name}`)).body;
  const ended = (sut: RunningScheduler, name: string) =>
    eventually(
      () => job(sut, name),
      (found) => FINISHED.includes(found.status),
      `${name} to end`,
      { timeoutMs: 60_000 },
    );
  const queue = async (sut: RunningScheduler) => (await sut.get<QueueStatus>('/api/v1/queue')).body;
  /** Ends and removes every job, and resumes the queue: the next test starts from nothing. */
  const clear = async (sut: RunningScheduler) => {
    await sut.post('/api/v1/queue/resume');
    await sut.post('/api/v1/jobs/stop');
    await sut.post('/api/v1/batches/stop');
    for (const found of (await sut.get<JobStatus[]>('/api/v1/jobs')).body) await sut.delete(`/api/v1/jobs/${found.name}`);
    for (const batch of (await sut.get<BatchStatus[]>('/api/v1/batches')).body) await sut.delete(`/api/v1/batches/${batch.name}`);
    await eventually(
      async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body,
      (jobs) => jobs.length === 0,
      'no job left',
    );
  };

  beforeAll(async () => {
    await runtime.setUp();
    config = runtime.config({ job: { variables: { SIM_RUN_SECONDS: '1' } } });
  });

  afterAll(async () => {
    await Promise.all(running.map((sut) => sut.close()));
    await runtime.tearDown();
  });

  it('runs at most 2 of 6 jobs at once, sampled on every change, and shows each waiting job its place', async () => {
    const sut = await start({ maxConcurrentJobs: 2 });
    const stream = await SseClient.open(`${sut.url}/api/v1/events`);
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await create(sut));
    const last = made.at(-1)!;
    const waiting = await job(sut, last.name);
    expect([waiting.status, waiting.queue]).toEqual(['Waiting', { position: expect.any(Number), reason: 'Capacity' }]);
    expect(await queue(sut)).toMatchObject({ paused: false, maxConcurrentJobs: 2, queued: expect.any(Number) });
    for (const one of made) expect((await ended(sut, one.name)).status).toBe('Succeeded');
    await stream.close();
    const statuses = new Map<string, string>();
    let most = 0;
    for (const event of stream.data) {
      statuses.set(event.job.name, event.job.status);
      most = Math.max(most, [...statuses.values()].filter((status) => status === 'Running').length);
    }
    expect([most, new Set(stream.data.filter((e) => e.event === 'admitted').map((e) => e.job.name)).size > 0]).toEqual([2, true]);
    expect(await queue(sut)).toMatchObject({ running: 0, queued: 0, oldestQueuedSeconds: null });
    await clear(sut);
    await stop(sut);
  });

  it('admits higher priority first, then single jobs and a batch by turns, first in first out', async () => {
    const sut = await start({ maxConcurrentJobs: 1 });
    await sut.post('/api/v1/queue/pause');
    const a = await create(sut);
    const batch = (
      await sut.post<BatchStatus>('/api/v1/batches', { jobScheduleDescriptions: [{ jobId: 'b0' }, { jobId: 'b1' }, { jobId: 'b2' }] })
    ).body;
    const c = await create(sut);
    const d = await create(sut, { priority: 5 });
    expect((await job(sut, a.name)).queue).toEqual({ position: 2, reason: 'Paused' });
    const stream = await SseClient.open(`${sut.url}/api/v1/events`);
    await sut.post('/api/v1/queue/resume');
    const names = [d.name, a.name, batch.jobStatuses[0].name, c.name, batch.jobStatuses[1].name, batch.jobStatuses[2].name];
    const admitted = await eventually(
      async () => stream.data.filter((event) => event.event === 'admitted').map((event) => event.job.name as string),
      (order) => order.length === 6,
      'six admissions',
      { timeoutMs: 90_000 },
    );
    expect(admitted).toEqual(names);
    await stream.close();
    await clear(sut);
    await stop(sut);
  });

  it('keeps a pause across a restart; a queued job is stopped or deleted at once, never having run', async () => {
    const first = await start({ maxConcurrentJobs: 4 });
    expect((await first.post<QueueStatus>('/api/v1/queue/pause')).body).toMatchObject({ paused: true });
    await stop(first);
    const sut = await start({ maxConcurrentJobs: 4 });
    expect(await queue(sut)).toMatchObject({ paused: true });
    const stopped = await create(sut);
    const deleted = await create(sut);
    expect((await job(sut, stopped.name)).queue).toEqual({ position: 1, reason: 'Paused' });
    expect((await sut.post(`/api/v1/jobs/${stopped.name}/stop`)).status).toBe(200);
    expect(await job(sut, stopped.name)).toMatchObject({ status: 'Stopped', started: '' });
    expect((await sut.delete(`/api/v1/jobs/${deleted.name}`)).status).toBe(200);
    const later = await create(sut);
    await sut.post('/api/v1/queue/resume');
    expect((await ended(sut, later.name)).status).toBe('Succeeded');
    await clear(sut);
    await stop(sut);
  });

  it('fails a job not running by its start deadline: a queued one, and (Kubernetes) an image that never pulls or a pod no node takes', async () => {
    const sut = await start({ maxConcurrentJobs: 4 });
    await sut.post('/api/v1/queue/pause');
    const expectExpired = async (name: string) => {
      const failed = await ended(sut, name);
      expect([failed.status, failed.reason, failed.started]).toEqual(['Failed', 'StartDeadlineExceeded', '']);
      expect(failed.message).toMatch(/seconds after it was created \(startDeadlineSeconds\)/);
    };
    await expectExpired((await create(sut, { startDeadlineSeconds: 2 })).name);
    if (runtime.name === 'kubernetes') {
      await sut.post('/api/v1/queue/resume');
      const neverPulls = await create(sut, { startDeadlineSeconds: 3, variables: { SIM_WAITING_REASON: 'ImagePullBackOff' } });
      const noNode = await create(sut, { startDeadlineSeconds: 3, variables: { SIM_UNSCHEDULABLE_MESSAGE: '0/1 nodes are available' } });
      await eventually(
        () => job(sut, noNode.name),
        (found) => /0\/1 nodes are available/.test(found.message ?? ''),
        'the pod unschedulable',
      );
      for (const one of [neverPulls, noNode]) await expectExpired(one.name);
    }
    await clear(sut);
    await stop(sut);
  });
});
