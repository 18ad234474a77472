import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import {
  localConfig,
  nodeJob,
  removeDir,
  type Started,
  startGateway,
  tempDir,
  waitFor,
  waitForStatus,
} from '../../test/fakes/local.fixtures.js';

const LONG = 'setInterval(() => {}, 1000)';

describe('LocalJobGateway bounding the jobs that wait', () => {
  let dir: string;
  let sut: Started;

  beforeEach(async () => {
    dir = await tempDir();
    sut = await startGateway(localConfig(dir, { local: { maxConcurrentJobs: 1, maxWaitingJobs: 2 } }));
  });

  afterEach(async () => {
    await sut.gateway.onApplicationShutdown();
    await removeDir(dir);
  });

  it('refuses a create, a batch whole, once maxWaitingJobs wait, and takes jobs again when a slot frees', async () => {
    const running = nodeJob(LONG);
    await sut.gateway.create([running]);
    await sut.gateway.create([nodeJob(LONG)]);
    const batch = () => [nodeJob(LONG, { batchName: 'batch-compute-1' }), nodeJob(LONG, { batchName: 'batch-compute-1' })];

    await expect(sut.gateway.create(batch())).rejects.toThrow(RuntimeUnavailableError);
    await expect(sut.gateway.create(batch())).rejects.toThrow(
      /3 would wait for a slot, and at most 2 may \(JOB_SCHEDULER_MAX_WAITING_JOBS\)/,
    );
    expect(await sut.gateway.list()).toHaveLength(2);

    await sut.gateway.create([nodeJob(LONG)]);
    await expect(sut.gateway.create([nodeJob(LONG)])).rejects.toThrow(RuntimeUnavailableError);
    await sut.gateway.stop(running.name);
    await waitForStatus(sut.gateway, running.name, 'Stopped');
    // Its slot frees once its process is gone, a moment after its record says Stopped.
    const retried = waitFor(
      () => sut.gateway.create([nodeJob(LONG)]).catch(() => []),
      (made) => made.length === 1,
    );
    await expect(retried).resolves.toHaveLength(1);
  });
});
