import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { rawRequest } from '../support/raw-http.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/**
 * Requests that once got a 500 or held the event loop: each is now a 4xx with a Status, and
 * the scheduler stays healthy with the same jobs. (The hardening issue asks for much more.)
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('hostile'), new LocalHarness()];
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

/** Bytes as they are, on a socket of their own: what no HTTP client would send. Resolves with the whole answer. */
function rawSocket(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}

describe.each(runtimes)('hostile input on the $name runtime', (runtime) => {
  let sut: RunningScheduler;
  let before: string[];

  beforeAll(async () => {
    await runtime.setUp();
    sut = await startScheduler(runtime.config());
    await eventually(
      () => sut.get('/health/ready'),
      (r) => r.status === 200,
      'readiness',
    );
    await sut.post('/api/v1/jobs', {});
    before = (await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name);
  });

  afterAll(async () => {
    expect((await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name)).toEqual(before);
    expect((await sut.get('/health/live')).status).toBe(200);
    await sut?.close();
    await runtime.tearDown();
  });

  const manyKeys = `{"payload":"x",${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
  const bodies: { name: string; body: string; code: number; message: RegExp }[] = [
    {
      name: 'nesting 1,500 levels deep in an unknown field',
      body: `{"x":${nested(1500)}}`,
      code: 422,
      message: /^x(\[0\])+: nested more than 32 levels deep$/,
    },
    {
      name: 'variables nested deep',
      body: `{"variables":{"A":${nested(2000, '"v"')}}}`,
      code: 422,
      message: /nested more than 32 levels deep$/,
    },
    {
      name: '60,000 keys in one object',
      body: manyKeys,
      code: 422,
      message: /^request body: 60001 keys; an object may have at most 1000$/,
    },
    { name: 'resources as an array', body: '{"resources":[]}', code: 422, message: /^resources must be an object$/ },
    { name: 'node as an array', body: '{"node":[]}', code: 422, message: /^node must be an object$/ },
    { name: 'runtime as an array', body: '{"runtime":[]}', code: 422, message: /^runtime must be an object$/ },
    {
      name: 'failurePolicy as an array',
      body: '{"failurePolicy":[{"rules":[]}]}',
      code: 422,
      message: /^failurePolicy must be an object$/,
    },
    {
      name: 'a failurePolicy rule that is a list',
      body: '{"failurePolicy":{"rules":[[]]}}',
      code: 422,
      message: /^failurePolicy\.rules: each rules entry must be an object$/,
    },
    {
      name: '__proto__ as a variable name',
      body: '{"variables":{"__proto__":{"polluted":"yes"}}}',
      code: 422,
      message: /^variables\.__proto__: "__proto__" is not allowed as a name$/,
    },
    {
      name: 'constructor as a variable name',
      body: '{"variables":{"constructor":"x"}}',
      code: 422,
      message: /^variables\.constructor: "constructor" is not allowed as a name$/,
    },
    {
      name: 'a NUL in a variable value',
      body: '{"variables":{"A":"a\\u0000b"}}',
      code: 422,
      message: /^variables must be an object of environment variables.*without NUL/,
    },
    {
      name: 'a lone surrogate in a variable value',
      body: '{"variables":{"A":"\\ud800"}}',
      code: 422,
      message: /without NUL or lone surrogates/,
    },
    {
      name: 'a NUL in args',
      body: '{"args":["a\\u0000"]}',
      code: 422,
      message: /^args must be a list of strings without NUL or lone surrogates$/,
    },
  ];

  it.each(bodies)('refuses $name with $code, naming the problem', async ({ body, code, message }) => {
    const reply = await sut.post('/api/v1/jobs', body);
    expect([reply.status, reply.body.reason]).toEqual([code, 'Invalid']);
    expect(reply.body.message).toMatch(message);
  });

  it.each([
    ['gzip', () => Buffer.from('not gzip at all')],
    ['gzip', () => gzipSync('{"payload": "cut short"}').subarray(0, 12)],
    ['br', () => Buffer.from('not brotli')],
  ])('refuses a %s body that does not decompress with 400', async (encoding, junk) => {
    const reply = await fetch(`${sut.url}/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-encoding': encoding, 'content-type': 'application/json' },
      body: junk(),
    });
    const body = await reply.json();
    expect([reply.status, body.reason, body.message]).toEqual([
      400,
      'BadRequest',
      expect.stringMatching(/^request body could not be read: /),
    ]);
  });

  it('still reads a gzip or br body that is whole', async () => {
    for (const [encoding, body] of [
      ['gzip', gzipSync('{"jobId":"zipped"}')],
      ['br', brotliCompressSync('{"jobId":"zipped"}')],
    ] as const) {
      const reply = await fetch(`${sut.url}/api/v1/jobs`, { method: 'POST', headers: { 'content-encoding': encoding }, body });
      expect(reply.status).toBe(200);
      await sut.delete(`/api/v1/jobs/${((await reply.json()) as JobStatus).name}`);
    }
  });

  it("answers the probes' wrong methods and unknown paths with a Status", async () => {
    const post = await sut.post('/health/live');
    expect([post.status, post.headers.get('allow'), post.body.reason]).toEqual([405, 'GET', 'MethodNotAllowed']);
    const unknown = await sut.get('/health/nope');
    expect(unknown.body).toEqual({ status: 'Failure', reason: 'NotFound', code: 404, message: 'no route GET /health/nope' });
  });

  it('keeps the probes answering while a big body is refused', async () => {
    const [refused, live] = await Promise.all([sut.post('/api/v1/jobs', manyKeys), sut.get('/health/live')]);
    expect([refused.status, live.status]).toEqual([422, 200]);
  });

  it('refuses a declared Content-Length over the limit at once, without waiting for the body', async () => {
    const reply = await rawSocket(
      sut.url,
      'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/"reason":"RequestEntityTooLarge"/);
  });

  it.each([
    ['bad framing', 'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n', 400, 'BadRequest'],
    ['an unknown method', 'FETCH /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 400, 'BadRequest'],
    [
      'headers too large',
      `GET /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      431,
      'RequestHeaderFieldsTooLarge',
    ],
  ])('answers %s, which Node refuses itself, with a Status', async (_, request, code, reason) => {
    const reply = await rawSocket(sut.url, request);
    expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${code} `));
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'Failure', reason, code });
  });

  it('answers a name with line breaks and NUL in the URL with a 404', async () => {
    const reply = await rawRequest(sut.url, { path: '/api/v1/jobs/compute-%0d%0aSet-Cookie:%20x=1%00' });
    expect(reply.status).toBe(404);
  });
});
