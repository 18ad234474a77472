import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { requestJson } from '../support/scheduler.js';
import { LocalApp } from './local-scheduler.js';

const NAME = 'work-20260101000000-aaaaaaaa';
/** A uid that is not this process's: `nobody` on Linux. */
const NOBODY = 65534;

/**
 * A data folder someone else prepared: a `job.json` of a waiting job whose command is not the
 * job definition's, which would run as the scheduler's user at start.
 */
describe('a data folder with a planted job', () => {
  let app: LocalApp;
  let marker: string;
  let data: string;

  beforeEach(() => {
    app = new LocalApp();
    marker = join(app.dir, 'planted-ran');
    data = join(app.dir, 'data');
    const folder = join(data, 'e2e', 'dev', 'work', NAME);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const record = { name: NAME, created: '2026-01-01T00:00:00Z', status: 'Waiting', replicas: [] };
    const spec = { argv: ['/bin/sh', '-c', `touch ${marker}`], env: {}, hasPayload: false, backoffLimit: 0 };
    writeFileSync(join(folder, 'job.json'), JSON.stringify({ version: 1, record, spec }));
  });

  afterEach(() => app.cleanUp());

  it('is refused at start when another user can write it, and nothing in it runs', async () => {
    chmodSync(data, 0o777);
    if (process.getuid?.() === 0) chownSync(data, NOBODY, NOBODY);
    const sut = SchedulerProcess.start([], {
      RADIX_CONFIG_FILE: join(app.dir, 'radixconfig.yaml'),
      RADIX_COMPONENT: 'work',
      JOB_SCHEDULER_RUNTIME: 'local',
      JOB_SCHEDULER_DATA_DIR: data,
      JOB_SCHEDULER_PORT: String(await freePort()),
    });
    const ended = await Promise.race([sut.exited, new Promise((resolve) => setTimeout(() => resolve('still serving'), 20_000))]);
    await sut.stop();
    expect(ended).toBe(1);
    expect(sut.text).toContain(`the data folder is not safe to run jobs from (JOB_SCHEDULER_DATA_DIR): ${data} `);
    expect(sut.text).toMatch(/is writable by other users \(mode 777\)/);
    expect(existsSync(marker)).toBe(false);
  });

  it("fails a job whose command is not the job definition's instead of running it", async () => {
    const url = await app.start('work');
    const job = (await requestJson<JobStatus>(url, 'GET', `/api/v1/jobs/${NAME}`)).body;
    expect(job).toMatchObject({ status: 'Failed', message: expect.stringContaining("not run: its command is not the job definition's") });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(marker)).toBe(false);
    expect(app.scheduler.text).toContain(`job failed: its command is not the job definition's name=${NAME}`);
  });
});
