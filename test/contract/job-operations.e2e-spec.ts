import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SchedulerConfig } from '../../src/config/scheduler.config.js';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import {
  KubernetesHarness,
  KubernetesReplicasHarness,
  LocalHarness,
  ReplicatedScheduler,
  type RuntimeHarness,
} from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';

/**
 * What Radix keeps in its wider API (restart, copy, payload) and what every job API is
 * asked for next (idempotent submits, filters and pages), on both runtimes.
 */
const runtimes: RuntimeHarness[] = [
  new KubernetesHarness('operations'),
  new LocalHarness(),
  new KubernetesReplicasHarness('operations-rr'),
];
const FINISHED = ['Succeeded', 'Failed', 'Stopped'];

describe.each(runtimes)('job operations on the $label runtime', (runtime) => {
  let config: SchedulerConfig;
  let sut: RunningScheduler;

  const finished = (name: string, accept: (job: JobStatus) => boolean = (job) => FINISHED.includes(job.status)) =>
    eventually(async () => (await sut.get<JobStatus>(`/api/v1/jobs/${name}`)).body, accept, `job ${name} to finish`, { timeoutMs: 60_000 });
  const create = async (body: object, headers?: Record<string, string>) => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', body, headers);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    await runtime.setUp();
    config = runtime.config();
    sut = await runtime.start(config);
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  describe('restart, copy and payload', () => {
    it('restarts a finished job under its name, with its payload, and counts the restarts', async () => {
      const job = await create({ payload: 'the same bytes ✓', jobId: 'again', variables: { SIM_EXIT_CODE: '4' } });
      await finished(job.name);
      for (const count of [1, 2]) {
        const reply = await sut.post<JobStatus>(`/api/v1/jobs/${job.name}/restart`);
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({
          name: job.name,
          jobId: 'again',
          status: 'Waiting',
          restarts: count,
          restart: expect.stringMatching(/Z$/),
          created: job.created,
        });
        const done = await finished(job.name, (j) => j.restarts === count && FINISHED.includes(j.status));
        expect(done).toMatchObject({ status: 'Failed', podStatuses: [expect.objectContaining({ exitCode: 4 })] });
      }
      expect((await runtime.payloadOf(job.name)).toString()).toBe('the same bytes ✓');
    });

    it('refuses to restart a job that has not finished', async () => {
      const job = await create({ variables: { SIM_RUN_SECONDS: '120' } });
      const reply = await sut.post(`/api/v1/jobs/${job.name}/restart`);
      expect([reply.status, reply.body.reason]).toEqual([400, 'BadRequest']);
      await sut.post(`/api/v1/jobs/${job.name}/stop`);
    });

    it('copies a job into a new one with the same request and payload', async () => {
      const job = await create({ payload: '{"copy": true}', jobId: 'original', variables: { SIM_LOG: 'x' } });
      const reply = await sut.post<JobStatus>(`/api/v1/jobs/${job.name}/copy`);
      expect(reply.status).toBe(200);
      expect(reply.body.name).not.toBe(job.name);
      expect(reply.body).toMatchObject({ jobId: 'original', status: expect.stringMatching(/^(Waiting|Running)$/) });
      expect((await runtime.payloadOf(reply.body.name)).toString()).toBe('{"copy": true}');
      expect((await finished(reply.body.name)).status).toBe('Succeeded');
    });

    it('returns the payload byte for byte as text, and nothing for a job without one', async () => {
      const payload = '  {"a": "ünïcødé 𝄞"}\n<script>alert(1)</script>';
      const job = await create({ payload });
      const reply = await fetch(`${sut.url}/api/v1/jobs/${job.name}/payload`);
      expect([reply.status, reply.headers.get('content-type'), reply.headers.get('x-content-type-options')]).toEqual([
        200,
        'text/plain; charset=utf-8',
        'nosniff',
      ]);
      expect(Buffer.from(await reply.arrayBuffer()).equals(Buffer.from(payload))).toBe(true);
      const empty = await create({});
      expect(await (await fetch(`${sut.url}/api/v1/jobs/${empty.name}/payload`)).text()).toBe('');
      const unknown = await sut.get('/api/v1/jobs/compute-20200101000000-nothere0/payload');
      expect([unknown.status, unknown.body.reason]).toEqual([404, 'NotFound']);
    });
  });

  describe('two clients racing', () => {
    // With replicas, each of the two goes straight to its own replica.
    const pair = (): [RunningScheduler, RunningScheduler] =>
      sut instanceof ReplicatedScheduler ? [sut.replicas[0], sut.replicas[1]] : [sut, sut];

    it('stops one job from two sides at once: each answers 200, or 400 for a job already stopped', async () => {
      const job = await create({ variables: { SIM_RUN_SECONDS: '120' } });
      const replies = await Promise.all(pair().map((side) => side.post(`/api/v1/jobs/${job.name}/stop`)));
      expect(replies.map((reply) => reply.status)).toContain(200);
      for (const reply of replies) expect([200, 400]).toContain(reply.status);
      expect((await finished(job.name)).status).toBe('Stopped');
    });

    it('deletes one job from two sides at once: each answers 200, or 404 for a job already gone', async () => {
      const job = await create({ variables: { SIM_RUN_SECONDS: '120' } });
      const replies = await Promise.all(pair().map((side) => side.delete(`/api/v1/jobs/${job.name}`)));
      expect(replies.map((reply) => reply.status)).toContain(200);
      for (const reply of replies) expect([200, 404]).toContain(reply.status);
      await eventually(
        () => runtime.leftoversOf(job.name),
        (left) => left.length === 0,
        `nothing of ${job.name} left`,
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the job or batch the key made, even after a restart of the scheduler', async () => {
      const key = { 'idempotency-key': `order-${runtime.name}-1` };
      const batchKey = { 'idempotency-key': `batch-${runtime.name}-0` };
      const batchBody = { batchId: 'kept', jobScheduleDescriptions: [{ payload: 'a' }] };
      const first = await create({ payload: 'once' }, key);
      const firstBatch = await sut.post<BatchStatus>('/api/v1/batches', batchBody, batchKey);
      expect((await create({ payload: 'once' }, key)).name).toBe(first.name);
      await sut.close();
      sut = await runtime.start(config);
      expect((await create({ payload: 'once' }, key)).name).toBe(first.name);
      const again = await sut.post<BatchStatus>('/api/v1/batches', batchBody, batchKey);
      expect([again.status, again.body.name]).toEqual([200, firstBatch.body.name]);
      // Behind the proxy the list may come from a replica whose watch has not brought the job yet (docs/kubernetes.md).
      const named = await eventually(
        async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body.filter((job) => job.name === first.name),
        (found) => found.length > 0,
        `${first.name} in the list`,
      );
      expect(named).toHaveLength(1);
    });

    it('refuses the key with another body with 409', async () => {
      const key = { 'idempotency-key': `order-${runtime.name}-2` };
      await create({ payload: 'one thing' }, key);
      const reply = await sut.post('/api/v1/jobs', { payload: 'another thing' }, key);
      expect([reply.status, reply.body]).toEqual([
        409,
        {
          status: 'Failure',
          reason: 'Conflict',
          code: 409,
          message: 'Idempotency-Key: was used in the last 24 hours with a different request',
        },
      ]);
    });

    it('makes one job of concurrent requests with one key', async () => {
      const key = { 'idempotency-key': `order-${runtime.name}-3` };
      const replies = await Promise.all(Array.from({ length: 5 }, () => sut.post<JobStatus>('/api/v1/jobs', { payload: 'together' }, key)));
      expect(new Set(replies.map((reply) => reply.body.name)).size).toBe(1);
    });

    it('makes one batch of a repeated batch request', async () => {
      const key = { 'idempotency-key': `batch-${runtime.name}-1` };
      const body = { jobScheduleDescriptions: [{ payload: 'a' }, { payload: 'b' }] };
      const [first, second] = await Promise.all([
        sut.post<BatchStatus>('/api/v1/batches', body, key),
        sut.post<BatchStatus>('/api/v1/batches', body, key),
      ]);
      expect([first.status, second.status, second.body.name]).toEqual([200, 200, first.body.name]);
      expect((await sut.post('/api/v1/batches', { jobScheduleDescriptions: [{}] }, key)).status).toBe(409);
    });

    it('refuses a key that is not 1 to 255 visible ASCII characters with 422', async () => {
      const reply = await sut.post('/api/v1/jobs', {}, { 'idempotency-key': 'x'.repeat(256) });
      expect([reply.status, reply.body.message]).toEqual([422, 'Idempotency-Key: must be 1 to 255 visible ASCII characters']);
    });
  });

  describe('filters and pages', () => {
    let lister: RunningScheduler;
    let names: string[];

    beforeAll(async () => {
      // A job definition of its own, so that only these jobs are listed.
      const base = runtime.config({ job: { name: 'lister', payloadPath: undefined } });
      lister = await runtime.start({ ...base, local: { ...base.local, dataDir: `${base.local.dataDir}-lister` } });
      for (let batch = 0; batch < 5; batch++) {
        const jobs = Array.from({ length: 200 }, (_, i) => ({
          jobId: `page-${batch * 200 + i}`,
          variables: { SIM_RUN_SECONDS: '0', SIM_EXIT_CODE: i % 10 === 0 ? '1' : '0' },
        }));
        const reply = await lister.post<BatchStatus>('/api/v1/batches', { batchId: `page-batch-${batch}`, jobScheduleDescriptions: jobs });
        expect(reply.status).toBe(200);
      }
      const all = await eventually(
        async () => (await lister.get<JobStatus[]>('/api/v1/jobs')).body,
        (jobs) => jobs.length === 1000 && jobs.every((job) => FINISHED.includes(job.status)),
        '1000 jobs to finish',
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      names = all.map((job) => job.name);
    });

    afterAll(() => lister?.close());

    it('answers the plain array without parameters', async () => {
      const reply = await lister.get<JobStatus[]>('/api/v1/jobs');
      expect([reply.body.length, reply.headers.get('x-continue')]).toEqual([1000, null]);
    });

    it('pages through all 1000 jobs, newest first, each once', async () => {
      const seen: string[] = [];
      let token: string | null = null;
      do {
        const reply: { body: JobStatus[]; headers: Headers } = await lister.get<JobStatus[]>(
          `/api/v1/jobs?limit=150${token ? `&continue=${token}` : ''}`,
        );
        expect(reply.body.length).toBeLessThanOrEqual(150);
        seen.push(...reply.body.map((job) => job.name));
        token = reply.headers.get('x-continue');
      } while (token);
      expect(seen).toEqual(names);
    });

    it('filters by status, jobId and creation time', async () => {
      const failed = (await lister.get<JobStatus[]>('/api/v1/jobs?status=Failed')).body;
      expect(failed).toHaveLength(100);
      expect(failed.every((job) => job.status === 'Failed')).toBe(true);
      expect((await lister.get<JobStatus[]>('/api/v1/jobs?jobId=page-777')).body.map((job) => job.jobId)).toEqual(['page-777']);
      const all = (await lister.get<JobStatus[]>('/api/v1/jobs')).body;
      const cut = all[Math.floor(all.length / 2)].created;
      const after = (await lister.get<JobStatus[]>(`/api/v1/jobs?createdAfter=${cut}`)).body;
      const before = (await lister.get<JobStatus[]>(`/api/v1/jobs?createdBefore=${cut}`)).body;
      expect(after.length + before.length).toBe(1000);
      expect(after.every((job) => job.created >= cut) && before.every((job) => job.created < cut)).toBe(true);
    });

    it('filters and pages batches', async () => {
      const first = await lister.get<BatchStatus[]>('/api/v1/batches?limit=2&status=Completed');
      expect([first.body.length, first.headers.get('x-continue')]).toEqual([2, expect.any(String)]);
      const rest = await lister.get<BatchStatus[]>(`/api/v1/batches?limit=10&status=Completed&continue=${first.headers.get('x-continue')}`);
      expect([rest.body.length, rest.headers.get('x-continue')]).toEqual([3, null]);
      expect((await lister.get<BatchStatus[]>('/api/v1/batches?batchId=page-batch-3')).body.map((batch) => batch.batchId)).toEqual([
        'page-batch-3',
      ]);
      const all = (await lister.get<BatchStatus[]>('/api/v1/batches')).body;
      const cut = all[2].created;
      const after = (await lister.get<BatchStatus[]>(`/api/v1/batches?createdAfter=${cut}`)).body;
      const before = (await lister.get<BatchStatus[]>(`/api/v1/batches?createdBefore=${cut}`)).body;
      expect(after.length + before.length).toBe(5);
      expect(after.every((batch) => batch.created >= cut) && before.every((batch) => batch.created < cut)).toBe(true);
      expect((await lister.get<BatchStatus[]>('/api/v1/batches?createdAfter=2999-01-01T00:00:00Z')).body).toEqual([]);
    });

    const bad: { query: string; message: string }[] = [
      { query: 'status=Done', message: 'status must be one of Waiting, Running, Succeeded, Failed, Stopped' },
      { query: 'limit=0', message: 'limit must be a whole number from 1 to 1000' },
      { query: 'limit=ten', message: 'limit must be a whole number from 1 to 1000' },
      { query: 'createdAfter=yesterday', message: 'createdAfter must be an RFC 3339 time such as 2021-04-07T00:00:00Z' },
      { query: 'continue=bm9wZQ', message: 'continue: not a token this scheduler gave (use the X-Continue header of the previous page)' },
      { query: 'status=Failed&status=Succeeded', message: 'status must be one of Waiting, Running, Succeeded, Failed, Stopped' },
    ];

    it.each(bad)('refuses ?$query with 422 naming the parameter', async ({ query, message }) => {
      const reply = await lister.get(`/api/v1/jobs?${query}`);
      expect([reply.status, reply.body.message]).toEqual([422, message]);
    });
  });
});
