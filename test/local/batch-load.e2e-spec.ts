import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { cpuSeconds, residentMb } from '../support/load.js';
import { requestJson } from '../support/scheduler.js';
import { LocalApp } from './local-scheduler.js';

/**
 * Big batches against `node dist/main.js`: what a stop costs with many readers waiting on
 * the batch. Bounds are CPU seconds the process used, as it reports them, many times the
 * cost of the work itself and far below a cost that grows with every waiter.
 */
describe('big batches', () => {
  const app = new LocalApp();
  let url = '';
  let pid = 0;
  const api = <T = any>(method: string, path: string, body?: unknown) => requestJson<T>(url, method, path, body);

  beforeAll(async () => {
    url = await app.start('work', { JOB_SCHEDULER_MAX_CONCURRENT_JOBS: '1' });
    pid = app.scheduler.child.pid!;
    expect((await api<JobStatus>('POST', '/api/v1/jobs', { variables: { WORK_SECONDS: '600' } })).status).toBe(200);
  });

  afterAll(() => app.cleanUp());

  it('stops a batch of 500 jobs with 100 readers waiting on it at a cost that does not grow with the readers', async () => {
    const batch = await api('POST', '/api/v1/batches', { jobScheduleDescriptions: Array.from({ length: 500 }, () => ({})) });
    expect(batch.status).toBe(200);
    const waits = Array.from({ length: 100 }, () => api('GET', `/api/v1/batches/${batch.body.name}?wait=300`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = cpuSeconds(pid);
    expect((await api('POST', `/api/v1/batches/${batch.body.name}/stop`)).status).toBe(200);
    const answers = await Promise.all(waits);
    const used = cpuSeconds(pid) - cpu;
    expect(answers.map((answer) => answer.body.status)).toEqual(Array(100).fill('Stopped'));
    // Looking at every job for every waiter at every ending is 100 x 500 x 500 records: many seconds.
    expect(used).toBeLessThan(5);
  });

  describe('a batch of the largest body accepted (JOB_SCHEDULER_MAX_BATCH_BYTES)', () => {
    const compute = new LocalApp();
    let computeUrl = '';
    let computePid = 0;
    /** 16 jobs with a payload of a million bytes each: a body just under the default 16 MiB. */
    const body = JSON.stringify({ jobScheduleDescriptions: Array.from({ length: 16 }, () => ({ payload: 'x'.repeat(1_000_000) })) });

    beforeAll(async () => {
      computeUrl = await compute.start('compute');
      computePid = compute.scheduler.child.pid!;
    });

    afterAll(() => compute.cleanUp());

    /** The most memory the process held while `work` ran, sampled every 20 ms, over what it held before. */
    async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; grown: number }> {
      const before = residentMb(computePid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, residentMb(computePid))), 20);
      try {
        return { result: await work(), grown: peak - before };
      } finally {
        clearInterval(sampler);
      }
    }

    it("fits the chart's 256 MiB memory limit with room to spare, six sent at once included", async () => {
      const post = () => fetch(`${computeUrl}/api/v1/batches`, { method: 'POST', body }).then((reply) => reply.status);
      const one = await peakGrowth(post);
      const six = await peakGrowth(() => Promise.all(Array.from({ length: 6 }, post)));
      expect(one.result).toBe(200);
      expect(six.result).toContain(200);
      expect(six.result.filter((status) => status !== 200).every((status) => status === 503)).toBe(true);
      // The scheduler starts at about 120 MB; one such body costs about 80 MB while it is made into jobs.
      expect(one.grown).toBeLessThan(120);
      // Six taken at once would be about 480 MB.
      expect(six.grown).toBeLessThan(200);
    });
  });
});
