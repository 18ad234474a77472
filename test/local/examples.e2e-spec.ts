import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { requestJson as api } from '../support/scheduler.js';
import { LocalApp } from './local-scheduler.js';

/** The shipped compute example (compute/main.mjs) run by the scheduler process on the local runtime. */
describe('the compute example on the local runtime', () => {
  const app = new LocalApp();
  let url: string;

  const finished = (name: string) =>
    eventually(
      async () => (await api<JobStatus>(url, 'GET', `/api/v1/jobs/${name}`)).body,
      (job) => ['Succeeded', 'Failed', 'Stopped'].includes(job.status),
      `${name} to finish`,
    );

  beforeAll(async () => {
    url = await app.start('compute');
  });

  afterAll(() => app.cleanUp());

  it('adds the numbers of its payload and succeeds', async () => {
    const created = await api<JobStatus>(url, 'POST', '/api/v1/jobs', { payload: '{"x": 10, "y": 20}' });

    expect(created.status).toBe(200);
    expect(await finished(created.body.name)).toMatchObject({ status: 'Succeeded', podStatuses: [{ exitCode: 0 }] });
    expect(app.stdoutOf('compute', created.body.name)).toContain('compute: x + y = 30');
  });

  it('fails with exit code 1 on a payload that is not two numbers', async () => {
    const created = await api<JobStatus>(url, 'POST', '/api/v1/jobs', { payload: 'not json' });

    expect(await finished(created.body.name)).toMatchObject({
      status: 'Failed',
      message: 'exited with code 1',
      podStatuses: [{ exitCode: 1, reason: 'Error' }],
    });
  });
});
