import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { mapLimit } from '../../src/jobs/concurrency.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { KubeClient } from '../../src/kube/kube-client.js';
import { admin, eventually } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const FINISHING = 200;
const RUNNING = 5;
/** Far enough ahead that every create is done before the first job ends, on a busy machine too. */
const FINISH_AFTER_MS = 45_000;

/**
 * Retention on the Kubernetes runtime while 200 jobs end within a second or two of each other:
 * completions arrive while sweeps run, and each sweep must work from what the last one left.
 */
describe('retention while 200 jobs finish together', () => {
  const harness = new KubernetesHarness('retention-load');
  let sut: RunningScheduler;
  /** Every Job delete the scheduler sent, with its outcome. */
  const deletes: { name: string; outcome: string }[] = [];
  /** Every warning and error the scheduler logged about deleting. */
  const complaints: string[] = [];
  const sweeps: string[] = [];

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(
      harness.config({ retention: { succeeded: 10, failed: 10, batches: 10, intervalSeconds: 5, abandonedAfterSeconds: 300 } }),
    );
    const batch = sut.app.get(KubeClient).batch;
    const remove = batch.deleteNamespacedJob.bind(batch);
    jest.spyOn(batch, 'deleteNamespacedJob').mockImplementation(async (request, options) => {
      try {
        const answer = await remove(request, options);
        deletes.push({ name: request.name, outcome: 'deleted' });
        return answer;
      } catch (error) {
        deletes.push({ name: request.name, outcome: String((error as { code?: number }).code ?? error) });
        throw error;
      }
    });
    // Logged lines are collected and still printed. Of warnings and errors, only those about
    // deleting count: on a busy machine a lease renewal may warn, which is not under test here.
    for (const level of ['log', 'warn', 'error'] as const) {
      const original = Logger.prototype[level];
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
        const line = String(message);
        if (level === 'log' && line.startsWith('retention sweep')) sweeps.push(line);
        if (level !== 'log' && /delet|remov|retention|sweep/i.test(line)) complaints.push(line);
        return original.call(this, message, ...rest);
      });
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await sut?.close();
    await harness.tearDown();
  });

  const statuses = async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body;
  const count = (jobs: JobStatus[], status: string) => jobs.filter((job) => job.status === status).length;

  it('keeps exactly 10 succeeded, 10 failed and every running job, deleting each job once and without errors', async () => {
    const running = await mapLimit(Array.from({ length: RUNNING }), RUNNING, () =>
      sut.post<JobStatus>('/api/v1/jobs', { variables: { SIM_RUN_SECONDS: '600' } }),
    );
    // Each job runs until the same moment, however long the creates before it took.
    const finishAt = Date.now() + FINISH_AFTER_MS;
    const finishing = await mapLimit(Array.from({ length: FINISHING }), 16, (_, i) =>
      sut.post<JobStatus>('/api/v1/jobs', {
        variables: {
          SIM_RUN_SECONDS: String(Math.max(1, Math.round((finishAt - Date.now()) / 1000))),
          SIM_EXIT_CODE: i % 2 === 0 ? '0' : '1',
        },
      }),
    );
    expect([...running, ...finishing].filter((reply) => reply.status !== 200)).toEqual([]);

    const kept = await eventually(
      statuses,
      (jobs) => jobs.length === 20 + RUNNING && count(jobs, 'Running') === RUNNING,
      'retention to leave 10 + 10 and the running jobs',
      { timeoutMs: FINISH_AFTER_MS + 120_000, intervalMs: 1000 },
    );
    // One more sweep finds nothing to do.
    expect(await sut.app.get(RetentionService).enforce(new Date())).toMatchObject({ deleted: 0, failed: 0 });

    const after = await statuses();
    expect(after).toEqual(kept);
    expect([count(after, 'Succeeded'), count(after, 'Failed'), count(after, 'Running')]).toEqual([10, 10, RUNNING]);
    const names = new Set(after.map((job) => job.name));
    expect(running.filter((reply) => !names.has(reply.body.name))).toEqual([]);
    // The API server holds what the cache says, nothing more.
    const onServer = await admin().batch.listNamespacedJob({ namespace: harness.namespace });
    expect(onServer.items.map((job) => job.metadata!.name!).sort()).toEqual([...names].sort());

    const deletedNames = deletes.map((d) => d.name);
    expect(deletedNames.filter((name, i) => deletedNames.indexOf(name) !== i)).toEqual([]);
    expect(deletes.filter((d) => d.outcome !== 'deleted')).toEqual([]);
    expect(deletes).toHaveLength(FINISHING - 20);
    expect(complaints).toEqual([]);
    expect(sweeps.length).toBeGreaterThan(0);
    expect(sweeps.filter((line) => !line.includes(' failed=0 '))).toEqual([]);
  }, 300_000);
});
