import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { localConfig, nodeJob, removeDir, type Started, startGateway, tempDir } from '../../test/fakes/local.fixtures.js';
import type { JobSpec } from '../jobs/job.model.js';

const LONG = 'setInterval(() => {}, 1000)';

describe('LocalJobGateway bounding the jobs that wait', () => {
  let dir: string;
  let sut: Started;

  beforeEach(async () => {
    dir = await tempDir();
    sut = await startGateway(localConfig(dir, { local: { maxWaitingJobs: 2 } }));
  });

  afterEach(async () => {
    await sut.gateway.onApplicationShutdown();
    await removeDir(dir);
  });

  it('refuses a create, a batch whole, once maxWaitingJobs are queued, and takes jobs again when one leaves the queue', async () => {
    const queued = (more: Partial<JobSpec> = {}) => nodeJob(LONG, { queued: true, ...more });
    await sut.gateway.create([nodeJob(LONG)]);
    const first = queued();
    await sut.gateway.create([first]);
    const batch = () => [queued({ batchName: 'batch-compute-1' }), queued({ batchName: 'batch-compute-1' })];

    await expect(sut.gateway.create(batch())).rejects.toThrow(RuntimeUnavailableError);
    await expect(sut.gateway.create(batch())).rejects.toThrow(
      /3 would wait for a slot, and at most 2 may \(JOB_SCHEDULER_MAX_WAITING_JOBS\)/,
    );
    expect(await sut.gateway.list()).toHaveLength(2);

    await sut.gateway.create([queued()]);
    await expect(sut.gateway.create([queued()])).rejects.toThrow(RuntimeUnavailableError);
    await sut.gateway.admit(first.name);
    await expect(sut.gateway.create([queued()])).resolves.toHaveLength(1);
  });
});
