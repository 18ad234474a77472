import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const runtimes: RuntimeHarness[] = [new KubernetesHarness('retention'), new LocalHarness()];

describe.each(runtimes)('retention on the $name runtime', (runtime) => {
  let sut: RunningScheduler;

  beforeAll(async () => {
    await runtime.setUp();
    // A long interval: the sweep under test is the one the test triggers.
    const config = runtime.config({
      retention: { succeeded: 10, failed: 10, batches: 10, intervalSeconds: 3600, abandonedAfterSeconds: 300 },
      job: { ports: [{ name: 'http', port: 3000 }] },
    });
    sut = await startScheduler(config);
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  const statuses = async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body;
  const count = (jobs: JobStatus[], status: string) => jobs.filter((job) => job.status === status).length;

  it('keeps the 10 newest succeeded and 10 newest failed jobs and never touches running ones', async () => {
    const create = (variables: Record<string, string>) => sut.post<JobStatus>('/api/v1/jobs', { variables });
    const running = await Promise.all([1, 2].map(() => create({ SIM_RUN_SECONDS: '120' })));
    const succeeded = await Promise.all(Array.from({ length: 12 }, () => create({ SIM_RUN_SECONDS: '0.1' })));
    const failed = await Promise.all(Array.from({ length: 12 }, () => create({ SIM_RUN_SECONDS: '0.1', SIM_EXIT_CODE: '2' })));
    expect([...running, ...succeeded, ...failed].every((reply) => reply.status === 200)).toBe(true);

    // Completions also trigger sweeps; wait until every short job has finished or been swept.
    await eventually(statuses, (jobs) => count(jobs, 'Running') + count(jobs, 'Waiting') === 2, 'the short jobs to finish', {
      timeoutMs: 60_000,
    });
    await sut.app.get(RetentionService).enforce(new Date());

    const jobs = await statuses();
    expect([count(jobs, 'Succeeded'), count(jobs, 'Failed'), count(jobs, 'Running') + count(jobs, 'Waiting')]).toEqual([10, 10, 2]);
    const kept = new Set(jobs.map((job) => job.name));
    expect(running.every((reply) => kept.has(reply.body.name))).toBe(true);

    const deleted = [...succeeded, ...failed].map((reply) => reply.body.name).filter((name) => !kept.has(name));
    expect(deleted).toHaveLength(4);
    for (const name of deleted) {
      await eventually(
        () => runtime.leftoversOf(name),
        (left) => left.length === 0,
        `nothing of ${name} left`,
      );
    }
  });

  it('keeps the 10 newest finished batches whole, besides the single jobs, and never a running batch', async () => {
    const batch = (variables: Record<string, string>) =>
      sut.post<BatchStatus>('/api/v1/batches', { jobScheduleDescriptions: [{ variables }, { variables }] });
    const running = await batch({ SIM_RUN_SECONDS: '120' });
    const finished = [];
    for (let i = 0; i < 12; i++) finished.push(await batch({ SIM_RUN_SECONDS: '0.1', SIM_EXIT_CODE: i % 2 === 0 ? '0' : '3' }));
    expect([running, ...finished].every((reply) => reply.status === 200)).toBe(true);
    const batches = async () => (await sut.get<BatchStatus[]>('/api/v1/batches')).body;
    await eventually(
      batches,
      (all) =>
        all.filter((b) => b.status === 'Completed').length >= 10 &&
        all.every((b) => b.name === running.body.name || b.status === 'Completed'),
      'the short batches to finish',
      { timeoutMs: 60_000 },
    );
    await sut.app.get(RetentionService).enforce(new Date());

    // Which of two batches that ended in the same second is newer is the runtime's choice; how many are kept is not.
    const kept = await batches();
    const made = new Set(finished.map((b) => b.body.name));
    expect([kept.length, kept.filter((b) => made.has(b.name)).length, kept.some((b) => b.name === running.body.name)]).toEqual([
      11,
      10,
      true,
    ]);
    for (const name of kept.map((b) => b.name))
      expect((await sut.get<BatchStatus>(`/api/v1/batches/${name}`)).body.jobStatuses).toHaveLength(2);
    const singles = await statuses();
    expect([
      count(
        singles.filter((job) => !job.batchName),
        'Succeeded',
      ),
      count(
        singles.filter((job) => !job.batchName),
        'Failed',
      ),
    ]).toEqual([10, 10]);
  });
});
