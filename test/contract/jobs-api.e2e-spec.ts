import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, KubernetesReplicasHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';

/**
 * The API's contract, run against both runtimes so they cannot drift apart. Outcomes are
 * chosen with SIM_* variables, which the pod simulator and the local sim-job both honour.
 * On Kubernetes the scheduler holds a token of the Helm chart's ServiceAccount, so the
 * contract is also what the chart's Role allows.
 */
const runtimes: RuntimeHarness[] = [
  new KubernetesHarness('contract', { account: 'chart' }),
  new LocalHarness(),
  new KubernetesReplicasHarness('contract-rr', { account: 'chart' }),
];
const NAME = /^compute-\d{14}-[a-z0-9]{8}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe.each(runtimes)('jobs API on the $label runtime', (runtime) => {
  let sut: RunningScheduler;

  const finished = (name: string) =>
    eventually(
      async () => (await sut.get<JobStatus>(`/api/v1/jobs/${name}`)).body,
      (job) => ['Succeeded', 'Failed', 'Stopped'].includes(job.status),
      `job ${name} to finish`,
    );

  const create = async (body: object = {}) => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', body);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    await runtime.setUp();
    sut = await runtime.start(runtime.config({ job: { ports: [{ name: 'http', port: 3000 }] } }));
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  it('lists no jobs as an empty array, with or without the trailing slash', async () => {
    for (const path of ['/api/v1/jobs', '/api/v1/jobs/']) {
      const reply = await sut.get(path);
      expect([reply.status, reply.body]).toEqual([200, []]);
    }
  });

  it('walks through the seed guide: create, list, get, delete', async () => {
    const created = await create({ payload: '{"x": 10, "y": 20}' });
    expect(created).toMatchObject({
      name: expect.stringMatching(NAME),
      started: '',
      ended: '',
      status: expect.stringMatching(/^(Waiting|Running)$/),
    });
    expect(created.created).toMatch(TIMESTAMP);

    // Behind the proxy the list may come from a replica whose watch has not brought the job yet (docs/kubernetes.md).
    const listed = await eventually(
      async () => (await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name),
      (names) => names.includes(created.name),
      `${created.name} in the list`,
    );
    expect(listed).toContain(created.name);

    const done = await finished(created.name);
    expect(done).toMatchObject({
      name: created.name,
      status: 'Succeeded',
      started: expect.stringMatching(TIMESTAMP),
      ended: expect.stringMatching(TIMESTAMP),
    });
    // Without a query the list is answered in front of Nest's router; through the route it is the same.
    const [fast, routed] = await Promise.all(
      ['', '?createdAfter=2000-01-01T00:00:00Z'].map((query) => fetch(`${sut.url}/api/v1/jobs${query}`)),
    );
    expect([fast.headers.get('content-type'), await fast.text()]).toEqual([routed.headers.get('content-type'), await routed.text()]);

    const deleted = await sut.delete(`/api/v1/jobs/${created.name}`);
    expect([deleted.status, deleted.body]).toEqual([
      200,
      { status: 'Success', message: `job ${created.name} successfully deleted`, code: 200 },
    ]);
    const gone =
      runtime.deletesSeenAtOnce === false
        ? await eventually(
            () => sut.get(`/api/v1/jobs/${created.name}`),
            (reply) => reply.status !== 200,
            `${created.name} gone on every replica`,
          )
        : await sut.get(`/api/v1/jobs/${created.name}`);
    expect([gone.status, gone.body]).toEqual([
      404,
      { status: 'Failure', message: `job ${created.name} not found`, reason: 'NotFound', code: 404 },
    ]);
    await eventually(
      () => runtime.leftoversOf(created.name),
      (left) => left.length === 0,
      `nothing of ${created.name} left`,
    );
  });

  it('ends Failed with the exit code when the job exits 1, with started and ended', async () => {
    const job = await create({ variables: { SIM_EXIT_CODE: '1' } });
    const done = await finished(job.name);
    expect(done).toMatchObject({ status: 'Failed', started: expect.stringMatching(TIMESTAMP), ended: expect.stringMatching(TIMESTAMP) });
    expect(done.podStatuses?.[0]).toMatchObject({ exitCode: 1, replicaStatus: { status: 'Failed' } });
  });

  it('returns the jobId it was given', async () => {
    const job = await create({ jobId: 'order-4711' });
    expect(job.jobId).toBe('order-4711');
    expect((await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body.jobId).toBe('order-4711');
  });

  const payloads: { name: string; payload?: string; bytes: Buffer }[] = [
    { name: 'whitespace and unicode', payload: '  {"a": "ünïcødé ✓ 𝄞"}\n\t\r\n ', bytes: Buffer.from('  {"a": "ünïcødé ✓ 𝄞"}\n\t\r\n ') },
    { name: 'exactly 1 MiB', payload: 'p'.repeat(1024 * 1024), bytes: Buffer.alloc(1024 * 1024, 'p') },
    { name: 'no payload at all (an empty file)', payload: undefined, bytes: Buffer.alloc(0) },
  ];

  it.each(payloads)('delivers the payload byte for byte: $name', async ({ payload, bytes }) => {
    const job = await create(payload === undefined ? {} : { payload });
    expect((await runtime.payloadOf(job.name)).equals(bytes)).toBe(true);
  });

  it('stops a running job, keeps its record as Stopped, and refuses to stop it twice', async () => {
    const job = await create({ variables: { SIM_RUN_SECONDS: '60' } });
    await eventually(
      async () => (await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body,
      (j) => j.status === 'Running',
      'running',
    );
    const stopped = await sut.post(`/api/v1/jobs/${job.name}/stop`);
    expect([stopped.status, stopped.body]).toEqual([
      200,
      { status: 'Success', message: `job ${job.name} successfully stopped`, code: 200 },
    ]);
    const done = await finished(job.name);
    expect(done).toMatchObject({ status: 'Stopped', ended: expect.stringMatching(TIMESTAMP) });
    const again = await sut.post(`/api/v1/jobs/${job.name}/stop`);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('stops every unfinished job at once and leaves finished ones alone', async () => {
    const done = await create({});
    await finished(done.name);
    const long = await Promise.all([create({ variables: { SIM_RUN_SECONDS: '60' } }), create({ variables: { SIM_RUN_SECONDS: '60' } })]);
    const reply = await sut.post('/api/v1/jobs/stop');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'Success', code: 200, message: expect.stringMatching(/^\d+ jobs successfully stopped$/) });
    for (const job of long) expect((await finished(job.name)).status).toBe('Stopped');
    expect((await sut.get<JobStatus>(`/api/v1/jobs/${done.name}`)).body.status).toBe('Succeeded');
  });

  describe('refuses bad requests with a Status naming the problem', () => {
    const cases: { name: string; method: string; path: string; body?: unknown; code: number; reason: string; message: RegExp }[] = [
      {
        name: 'a body that is not JSON',
        method: 'POST',
        path: '/api/v1/jobs',
        body: '{"payload": "secret" x',
        code: 422,
        reason: 'Invalid',
        message: /^request body is not valid JSON \(error at character \d+\)$/,
      },
      {
        name: 'a body that is an array',
        method: 'POST',
        path: '/api/v1/jobs',
        body: '[1]',
        code: 422,
        reason: 'Invalid',
        message: /^request body must be a JSON object$/,
      },
      {
        name: 'a body that is a bare number',
        method: 'POST',
        path: '/api/v1/jobs',
        body: '123',
        code: 422,
        reason: 'Invalid',
        message: /^request body must be a JSON object$/,
      },
      {
        name: 'a failure policy rule without exit codes',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { failurePolicy: { rules: [{ action: 'FailJob' }] } },
        code: 422,
        reason: 'Invalid',
        message: /^failurePolicy\.rules\[0\]\.onExitCodes is required$/,
      },
      {
        name: 'a payload that is not a string',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { payload: 42 },
        code: 422,
        reason: 'Invalid',
        message: /^payload must be a string$/,
      },
      {
        name: 'a time limit given as text',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { timeLimitSeconds: '10' },
        code: 422,
        reason: 'Invalid',
        message: /^timeLimitSeconds must be an integer number$/,
      },
      {
        name: 'a nested bad value',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { resources: { limits: { memory: 'much' } } },
        code: 422,
        reason: 'Invalid',
        message: /^resources\.limits must be/,
      },
      {
        name: 'a reserved variable',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { variables: { RADIX_JOB_NAME: 'x' } },
        code: 422,
        reason: 'Invalid',
        message: /RADIX_ \(reserved\)/,
      },
      {
        name: 'a payload over 1 MiB',
        method: 'POST',
        path: '/api/v1/jobs',
        body: { payload: 'x'.repeat(1024 * 1024 + 1) },
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: /1048577 bytes/,
      },
      {
        name: 'an unknown job',
        method: 'GET',
        path: '/api/v1/jobs/compute-20200101000000-nothere0',
        code: 404,
        reason: 'NotFound',
        message: /^job compute-20200101000000-nothere0 not found$/,
      },
      {
        name: 'a job of another definition',
        method: 'DELETE',
        path: '/api/v1/jobs/etl-20200101000000-abcdefgh',
        code: 404,
        reason: 'NotFound',
        message: /not found/,
      },
      {
        name: 'an unknown route',
        method: 'GET',
        path: '/api/v1/nothing',
        code: 404,
        reason: 'NotFound',
        message: /no route GET \/api\/v1\/nothing/,
      },
      { name: 'a wrong method', method: 'PUT', path: '/api/v1/jobs', code: 405, reason: 'MethodNotAllowed', message: /allowed: GET, POST/ },
    ];

    it.each(cases)('$name: $code $reason', async ({ method, path, body, code, reason, message }) => {
      const reply = await sut.request(method, path, body);
      expect(reply.status).toBe(code);
      expect(reply.body).toEqual({ status: 'Failure', message: expect.stringMatching(message), reason, code });
      if (code === 405) expect(reply.headers.get('allow')).toBe('GET, POST');
    });

    it('takes a request without a body as one with every default', async () => {
      const reply = await fetch(`${sut.url}/api/v1/jobs`, { method: 'POST' });
      expect(reply.status).toBe(200);
    });

    it('ignores unknown fields', async () => {
      const reply = await sut.post('/api/v1/jobs', { payload: 'ok', colour: 'blue' });
      expect(reply.status).toBe(200);
    });
  });

  describe('with an API token configured', () => {
    let guarded: RunningScheduler;

    beforeAll(async () => {
      const config = runtime.config();
      guarded = await runtime.start({ ...config, http: { ...config.http, apiToken: 's3cret' } });
    });

    afterAll(() => guarded?.close());

    it('refuses /api requests without the bearer token and serves them with it', async () => {
      const refused = await guarded.get('/api/v1/jobs');
      expect([refused.status, refused.headers.get('www-authenticate'), refused.body.reason]).toEqual([401, 'Bearer', 'Unauthorized']);
      const wrong = await fetch(`${guarded.url}/api/v1/jobs`, { headers: { authorization: 'Bearer s3cre7' } });
      expect(wrong.status).toBe(401);
      // Express routes without regard to case; the token must not depend on it.
      for (const path of ['/API/v1/jobs', '/Api/V1/Jobs']) expect((await guarded.get(path)).status).toBe(401);
      await eventually(
        () => fetch(`${guarded.url}/api/v1/jobs`, { headers: { authorization: 'Bearer s3cret' } }),
        (r) => r.status === 200,
        'an authorised list',
      );
    });

    it('checks the token before anything else, so that a caller without it learns nothing', async () => {
      const answers = await Promise.all([
        guarded.request('PUT', '/api/v1/jobs'),
        guarded.post('/api/v1/jobs', '{"not json'),
        guarded.post('/api/v1/jobs', { timeLimitSeconds: 'x' }),
        guarded.get('/api/v1/nothing'),
      ]);
      expect(answers.map((reply) => reply.status)).toEqual([401, 401, 401, 401]);
    });

    it('keeps the probes open', async () => {
      expect((await guarded.get('/health/live')).status).toBe(200);
    });

    it('takes the token in the query on the event stream only, for EventSource', async () => {
      const stream = await fetch(`${guarded.url}/api/v1/events?access_token=s3cret`);
      expect([stream.status, stream.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
      await stream.body?.cancel();
      expect((await fetch(`${guarded.url}/api/v1/events?access_token=wrong`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/api/v1/jobs?access_token=s3cret`)).status).toBe(401);
    });
  });
});
