import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, KubernetesReplicasHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';

/**
 * Batches, wire-compatible with Radix's `/api/v1/batches`, on both runtimes. Outcomes are
 * chosen per job with SIM_* variables, as in the jobs contract.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('batches'), new LocalHarness(), new KubernetesReplicasHarness('batches-rr')];
const BATCH = /^batch-compute-\d{14}-[a-z0-9]{8}$/;
const FINISHED = ['Succeeded', 'Failed', 'Stopped'];
const LONG = { variables: { SIM_RUN_SECONDS: '120' } };

describe.each(runtimes)('batches API on the $label runtime', (runtime) => {
  let sut: RunningScheduler;

  const create = async (body: object) => {
    const reply = await sut.post<BatchStatus>('/api/v1/batches', body);
    expect([reply.status, reply.body.name]).toEqual([200, expect.stringMatching(BATCH)]);
    return reply.body;
  };
  const batch = (name: string) => sut.get<BatchStatus>(`/api/v1/batches/${name}`);
  const settled = (name: string, done: (b: BatchStatus) => boolean, what: string) =>
    eventually(async () => (await batch(name)).body, done, what, { timeoutMs: 60_000 });
  const shortName = (batchName: string, job: JobStatus) => job.name.slice(batchName.length + 1);

  beforeAll(async () => {
    await runtime.setUp();
    const config = runtime.config({ job: { ports: [{ name: 'http', port: 3000 }] } });
    sut = await runtime.start({ ...config, batches: { maxJobs: 300, maxBodyBytes: 16 * 1024 * 1024 } });
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  it('lists no batches as an empty array, with or without the trailing slash', async () => {
    for (const path of ['/api/v1/batches', '/api/v1/batches/'])
      expect([(await sut.get(path)).status, (await sut.get(path)).body]).toEqual([200, []]);
  });

  it('starts every job from the defaults with its own values on top, in the order given', async () => {
    const created = await create({
      batchId: 'nightly-1',
      defaultRadixJobComponentConfig: { timeLimitSeconds: 600, variables: { SIM_RUN_SECONDS: '0.1', SIM_EXIT_CODE: '0' } },
      jobScheduleDescriptions: [
        { jobId: 'first', payload: 'one' },
        { jobId: 'second', variables: { SIM_EXIT_CODE: '3' } },
      ],
    });
    expect(created).toMatchObject({ batchId: 'nightly-1', batchType: 'batch', status: expect.stringMatching(/^(Waiting|Active)$/) });
    expect(created.jobStatuses.map((job) => [job.jobId, job.batchName, job.name.startsWith(`${created.name}-`)])).toEqual([
      ['first', created.name, true],
      ['second', created.name, true],
    ]);
    expect(created.jobStatuses[0].name).toMatch(/-[a-z0-9]{8}$/);
    expect((await runtime.payloadOf(created.jobStatuses[0].name)).toString()).toBe('one');

    const done = await settled(created.name, (b) => b.jobStatuses.every((job) => FINISHED.includes(job.status)), 'both jobs to finish');
    expect(done.jobStatuses.map((job) => job.status)).toEqual(['Succeeded', 'Failed']);
    expect(done.jobStatuses[1].podStatuses?.[0]).toMatchObject({ exitCode: 3 });
    expect(done).toMatchObject({ status: 'Completed', started: expect.stringMatching(/Z$/), ended: expect.stringMatching(/Z$/) });
    expect((await sut.get<BatchStatus[]>('/api/v1/batches')).body.map((b) => b.name)).toContain(created.name);
  });

  it('aggregates as Radix does: Active while a job runs, Stopped once all ended and one was stopped', async () => {
    const created = await create({ jobScheduleDescriptions: [{ variables: { SIM_RUN_SECONDS: '0.1' } }, LONG] });
    const active = await settled(
      created.name,
      (b) => b.jobStatuses[0].status === 'Succeeded' && b.jobStatuses[1].status === 'Running',
      'one done, one running',
    );
    expect([active.status, active.ended]).toEqual(['Active', '']);
    const stop = await sut.post(`/api/v1/batches/${created.name}/jobs/${shortName(created.name, created.jobStatuses[1])}/stop`);
    expect([stop.status, stop.body.message]).toEqual([
      200,
      `job ${created.jobStatuses[1].name} in the batch ${created.name} successfully stopped`,
    ]);
    const stopped = await settled(created.name, (b) => b.status === 'Stopped', 'the batch to end Stopped');
    expect(stopped.jobStatuses.map((job) => job.status)).toEqual(['Succeeded', 'Stopped']);
  });

  it('finds and stops a job of a batch by its full name and by its short name', async () => {
    const created = await create({ jobScheduleDescriptions: [LONG, LONG] });
    const [full, short] = created.jobStatuses;
    for (const path of [full.name, shortName(created.name, full)]) {
      const reply = await sut.get<JobStatus>(`/api/v1/batches/${created.name}/jobs/${path}`);
      expect([reply.status, reply.body.name, reply.body.batchName]).toEqual([200, full.name, created.name]);
    }
    expect((await sut.post(`/api/v1/batches/${created.name}/jobs/${full.name}/stop`)).status).toBe(200);
    expect((await sut.post(`/api/v1/batches/${created.name}/jobs/${shortName(created.name, short)}/stop`)).status).toBe(200);
    const done = await settled(created.name, (b) => b.jobStatuses.every((job) => job.status === 'Stopped'), 'both stopped');
    expect(done.status).toBe('Stopped');
    const again = await sut.post(`/api/v1/batches/${created.name}/jobs/${full.name}/stop`);
    expect([again.status, again.body.reason]).toEqual([400, 'BadRequest']);
  });

  it('stops a whole batch, refuses to stop it twice, and deletes it with all its jobs', async () => {
    const created = await create({ jobScheduleDescriptions: [LONG, LONG, LONG] });
    const stop = await sut.post(`/api/v1/batches/${created.name}/stop`);
    expect([stop.status, stop.body]).toEqual([
      200,
      { status: 'Success', message: `batch ${created.name} successfully stopped`, code: 200 },
    ]);
    await settled(created.name, (b) => b.status === 'Stopped', 'the batch to stop');
    expect((await sut.post(`/api/v1/batches/${created.name}/stop`)).status).toBe(400);

    const deleted = await sut.delete(`/api/v1/batches/${created.name}`);
    expect([deleted.status, deleted.body]).toEqual([
      200,
      { status: 'Success', message: `batch ${created.name} successfully deleted`, code: 200 },
    ]);
    // Another replica forgets the batch once its watch sees the delete, a moment later.
    const gone = await eventually(
      () => batch(created.name),
      (reply) => reply.status !== 200,
      'the batch to be gone everywhere',
    );
    expect([gone.status, gone.body]).toEqual([
      404,
      { status: 'Failure', message: `batch ${created.name} not found`, reason: 'NotFound', code: 404 },
    ]);
    for (const job of created.jobStatuses) {
      await eventually(
        () => runtime.leftoversOf(job.name),
        (left) => left.length === 0,
        `nothing of ${job.name} left`,
      );
    }
  });

  it('stops every batch at once', async () => {
    const batches = await Promise.all([create({ jobScheduleDescriptions: [LONG] }), create({ jobScheduleDescriptions: [LONG] })]);
    const reply = await sut.post('/api/v1/batches/stop');
    expect([reply.status, reply.body.message]).toEqual([200, 'batches successfully stopped']);
    for (const b of batches) await settled(b.name, (s) => s.status === 'Stopped', `${b.name} to stop`);
  });

  it('lists batch jobs among the jobs, but deletes them only with their batch', async () => {
    const created = await create({ jobScheduleDescriptions: [{}] });
    const job = created.jobStatuses[0];
    const listed = (await sut.get<JobStatus[]>('/api/v1/jobs')).body.find((j) => j.name === job.name);
    expect(listed).toMatchObject({ batchName: created.name });
    expect((await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body.batchName).toBe(created.name);
    const refused = await sut.delete(`/api/v1/jobs/${job.name}`);
    expect([refused.status, refused.body.message]).toEqual([
      400,
      `job ${job.name} belongs to batch ${created.name}; a batch is deleted as a whole (DELETE /api/v1/batches/${created.name})`,
    ]);
  });

  it('restarts a finished batch: every job again, under its name, counted', async () => {
    const running = await create({ jobScheduleDescriptions: [LONG] });
    const refused = await sut.post(`/api/v1/batches/${running.name}/restart`);
    expect([refused.status, refused.body.message]).toEqual([
      400,
      `batch ${running.name} has 1 unfinished jobs; only a finished batch can be restarted (stop it first)`,
    ]);

    const created = await create({ jobScheduleDescriptions: [{ payload: 'again' }, { variables: { SIM_EXIT_CODE: '1' } }] });
    await settled(created.name, (b) => b.jobStatuses.every((job) => FINISHED.includes(job.status)), 'the first run');
    const restarted = await sut.post<BatchStatus>(`/api/v1/batches/${created.name}/restart`);
    expect(restarted.status).toBe(200);
    expect(restarted.body.jobStatuses.map((job) => [job.name, job.restarts])).toEqual(created.jobStatuses.map((job) => [job.name, 1]));
    const done = await settled(
      created.name,
      (b) => b.jobStatuses.every((job) => FINISHED.includes(job.status) && job.restarts === 1),
      'the second run',
    );
    expect(done.jobStatuses.map((job) => job.status)).toEqual(['Succeeded', 'Failed']);
    expect((await runtime.payloadOf(created.jobStatuses[0].name)).toString()).toBe('again');
  });

  describe('refuses bad batches whole, naming the job and the field', () => {
    const cases: { name: string; body: unknown; code: number; message: RegExp }[] = [
      {
        name: 'a job with a wrong type',
        body: { jobScheduleDescriptions: [{}, { timeLimitSeconds: 'soon' }] },
        code: 422,
        message: /^jobScheduleDescriptions\[1\]\.timeLimitSeconds must be an integer number$/,
      },
      {
        name: 'a job with a payload over 1 MiB',
        body: { jobScheduleDescriptions: [{}, {}, { payload: 'x'.repeat(1024 * 1024 + 1) }] },
        code: 413,
        message: /^jobScheduleDescriptions\[2\]\.payload: 1048577 bytes/,
      },
      {
        name: 'a reserved variable in the defaults',
        body: { defaultRadixJobComponentConfig: { variables: { RADIX_APP: 'x' } }, jobScheduleDescriptions: [{}] },
        code: 422,
        message: /^defaultRadixJobComponentConfig\.variables must be/,
      },
      {
        name: 'no jobs',
        body: { jobScheduleDescriptions: [] },
        code: 422,
        message: /^jobScheduleDescriptions must list at least one job$/,
      },
      { name: 'no job list', body: { batchId: 'x' }, code: 422, message: /^jobScheduleDescriptions is required/ },
      {
        name: 'more jobs than allowed',
        body: { jobScheduleDescriptions: Array.from({ length: 301 }, () => ({})) },
        code: 413,
        message: /^jobScheduleDescriptions: 301 jobs; a batch may have at most 300/,
      },
    ];

    /** The jobs' names once two lists in a row agree: behind the proxy each comes from another replica, whose watch may lag. */
    const agreedNames = () =>
      eventually(
        async () => {
          const names = async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name).sort();
          return [await names(), await names()];
        },
        ([first, second]) => JSON.stringify(first) === JSON.stringify(second),
        'two lists in a row to agree',
      ).then(([names]) => names);

    it.each(cases)('$name: $code', async ({ body, code, message }) => {
      const before = await agreedNames();
      const reply = await sut.post('/api/v1/batches', body);
      expect([reply.status, reply.body.message]).toEqual([code, expect.stringMatching(message)]);
      expect(await agreedNames()).toEqual(before);
    });

    it('answers 404 for an unknown batch and an unknown job of a batch', async () => {
      expect((await batch('batch-compute-20200101000000-nothere0')).status).toBe(404);
      const created = await create({ jobScheduleDescriptions: [{}] });
      const reply = await sut.get(`/api/v1/batches/${created.name}/jobs/nothere0`);
      expect([reply.status, reply.body.reason]).toEqual([404, 'NotFound']);
    });
  });

  it('accepts a batch of 200 small jobs, and one of ten 1 MiB payloads', async () => {
    const many = await create({
      jobScheduleDescriptions: Array.from({ length: 200 }, (_, i) => ({ jobId: `job-${i}`, variables: { SIM_RUN_SECONDS: '0' } })),
    });
    expect(many.jobStatuses.map((job) => job.jobId)).toEqual(Array.from({ length: 200 }, (_, i) => `job-${i}`));
    const big = await create({
      jobScheduleDescriptions: Array.from({ length: 10 }, (_, i) => ({ payload: String(i).repeat(1024 * 1024) })),
    });
    expect((await runtime.payloadOf(big.jobStatuses[9].name)).equals(Buffer.alloc(1024 * 1024, '9'))).toBe(true);
    await Promise.all([many, big].map((b) => sut.delete(`/api/v1/batches/${b.name}`)));
  });

  it('refuses a body over the batch limit with 413', async () => {
    const reply = await sut.post('/api/v1/batches', {
      jobScheduleDescriptions: Array.from({ length: 20 }, () => ({ payload: 'y'.repeat(1024 * 1024) })),
    });
    expect([reply.status, reply.body.reason, reply.body.message]).toEqual([
      413,
      'RequestEntityTooLarge',
      'request body is larger than 16777216 bytes',
    ]);
  });
});
