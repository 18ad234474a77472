import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/scheduler.js';
import { LocalApp } from './local-scheduler.js';

const TOKEN = 'token-marker-5d20c1';
const WEBHOOK_SECRET = 'webhook-marker-93ae77';

/** What a local job prints of its parent's (the scheduler's) environment. */
const READ_PARENT = `const { readFileSync } = require('node:fs');
console.log(readFileSync('/proc/' + process.ppid + '/environ', 'utf8').split('\\0').join('\\n'));`;

/**
 * What a local job can reach of the scheduler's own secrets: with the token and the webhook
 * secret read from files (`*_FILE`), nothing of them is in the environment a job can read
 * (docs/security.md says what else a job of the same user can reach).
 */
describe("a local job and the scheduler's secrets", () => {
  const app = new LocalApp();
  let url = '';
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    writeFileSync(join(app.dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
    writeFileSync(join(app.dir, 'webhook-secret'), WEBHOOK_SECRET, { mode: 0o600 });
    url = await app.start('work', {
      JOB_SCHEDULER_API_TOKEN_FILE: join(app.dir, 'token'),
      JOB_SCHEDULER_WEBHOOK_SECRET_FILE: join(app.dir, 'webhook-secret'),
      JOB_SCHEDULER_ALLOW_REQUEST_COMMAND: 'work',
    });
  });

  afterAll(() => app.cleanUp());

  it('takes the token from its file, and a job reading /proc/<parent>/environ finds neither secret', async () => {
    expect((await requestJson(url, 'GET', '/api/v1/jobs')).status).toBe(401);
    const job = (await requestJson<JobStatus>(url, 'POST', '/api/v1/jobs', { command: [process.execPath, '-e', READ_PARENT] }, auth)).body;
    await eventually(
      () => requestJson<JobStatus>(url, 'GET', `/api/v1/jobs/${job.name}`, undefined, auth),
      (reply) => reply.body.status === 'Succeeded',
      'the job',
    );
    const environment = app.stdoutOf('work', job.name);
    expect(environment).toContain('JOB_SCHEDULER_API_TOKEN_FILE=');
    expect(environment).not.toContain(TOKEN);
    expect(environment).not.toContain(WEBHOOK_SECRET);
  });
});
