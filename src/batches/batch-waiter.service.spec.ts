import { beforeEach, describe, expect, it } from '@jest/globals';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { SystemClock } from '../jobs/clock.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import type { JobRecord } from '../jobs/job.model.js';
import { BatchWaiter } from './batch-waiter.service.js';

describe('BatchWaiter', () => {
  let gateway: FakeJobGateway;
  let hub: JobEventHub;
  let sut: BatchWaiter;
  let jobs: JobRecord[];
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    jobs = Array.from({ length: 50 }, (_, i) => aJob({ name: `batch-compute-1-${i}`, batchName: 'batch-compute-1', status: 'Running' }));
    gateway = new FakeJobGateway([...jobs, aJob({ name: 'other', status: 'Running' })]);
    hub = new JobEventHub(gateway, new SystemClock());
    sut = new BatchWaiter(gateway, hub);
  });

  it('answers every waiter once the last job of the batch has ended, having listed the jobs once', async () => {
    let answered = 0;
    const waits = Array.from({ length: 200 }, () => sut.untilBatchEnds('batch-compute-1', 300).then(() => answered++));
    await settled();
    jobs.slice(0, -1).forEach((job) => gateway.finish({ ...job, status: 'Stopped' }));
    await settled();
    expect(answered).toBe(0);
    gateway.finish({ ...jobs[49], status: 'Succeeded' });
    await Promise.all(waits);
    expect(answered).toBe(200);
    expect(gateway.namesCalled('list')).toHaveLength(1);
  });

  it('answers at once for a batch whose jobs have all finished, or that does not exist', async () => {
    gateway.jobs.clear();
    await expect(sut.untilBatchEnds('batch-compute-1', 300)).resolves.toBeUndefined();
  });

  it('answers when the wait is over, with jobs still running', async () => {
    await expect(sut.untilBatchEnds('batch-compute-1', 0.05)).resolves.toBeUndefined();
  });

  it('answers every waiter at shutdown', async () => {
    const wait = sut.untilBatchEnds('batch-compute-1', 300);
    await settled();
    hub.beforeApplicationShutdown();
    await expect(wait).resolves.toBeUndefined();
  });
});
