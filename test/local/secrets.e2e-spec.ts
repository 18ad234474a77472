import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { LocalJobGateway } from '../../src/local/local-job.gateway.js';
import { JobGateway } from '../../src/jobs/job.gateway.js';
import { eventually } from '../support/kube-admin.js';
import { LocalHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** A job definition's `secrets` on the local runtime: from the scheduler's environment, only those named, never empty. */
describe('secrets on the local runtime', () => {
  const harness = new LocalHarness();
  let withSecret: RunningScheduler;
  let without: RunningScheduler;

  beforeAll(async () => {
    await harness.setUp();
    const base = harness.config({ job: { secrets: ['STORAGE_KEY'], variables: { SIM_LOG_VARIABLE: 'STORAGE_KEY' } } });
    withSecret = await startScheduler({ ...base, local: { ...base.local, secrets: { STORAGE_KEY: 's3cr3t-value' } } });
    without = await startScheduler({ ...base, local: { ...base.local, dataDir: `${base.local.dataDir}-without`, secrets: {} } });
  });

  afterAll(async () => {
    await Promise.all([withSecret?.close(), without?.close()]);
    await harness.tearDown();
  });

  it("passes the named secret to the job, and keeps it out of the job's record", async () => {
    const { body } = await withSecret.post<JobStatus>('/api/v1/jobs', {});
    await eventually(
      () => withSecret.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Succeeded',
      'the job to succeed',
    );
    const gateway = withSecret.app.get<LocalJobGateway>(JobGateway);
    expect((await gateway.output(body.name)).stdout).toBe('STORAGE_KEY=s3cr3t-value');
    expect(await harness.leftoversContaining('s3cr3t-value')).toEqual([expect.stringMatching(/stdout\.log$/)]);
  });

  it('refuses to start a job whose secret is not set, naming it', async () => {
    const reply = await without.post('/api/v1/jobs', {});
    expect([reply.status, reply.body.message]).toEqual([
      503,
      "cannot start jobs: the secret STORAGE_KEY is not set in the scheduler's environment (radixconfig.yaml names it in the job's secrets)",
    ]);
    expect((await without.get('/api/v1/jobs')).body).toEqual([]);
  });

  it("gives a request's variable named like the secret precedence, as Radix does, and needs no secret then", async () => {
    for (const scheduler of [withSecret, without]) {
      const { status, body } = await scheduler.post<JobStatus>('/api/v1/jobs', { variables: { STORAGE_KEY: 'from-request' } });
      expect(status).toBe(200);
      await eventually(
        () => scheduler.get<JobStatus>(`/api/v1/jobs/${body.name}`),
        (r) => r.body.status === 'Succeeded',
        'the job to succeed',
      );
      const gateway = scheduler.app.get<LocalJobGateway>(JobGateway);
      expect((await gateway.output(body.name)).stdout).toBe('STORAGE_KEY=from-request');
    }
  });
});
