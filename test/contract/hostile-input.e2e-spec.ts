import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { rawRequest } from '../support/raw-http.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { BODY_ROWS } from './hostile-bodies.table.js';
import { HEAD_ROWS, REQUEST_ROWS } from './hostile-requests.table.js';

/**
 * The catalogue of bad requests (hostile-bodies.table.ts, hostile-requests.table.ts), on both runtimes: each gets its 4xx
 * with a Status naming the problem, none a 5xx, none hangs, and the scheduler stays healthy
 * with the same jobs. Requests no HTTP client would send go on sockets of their own below.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('hostile'), new LocalHarness()];
const HOSTILE_ROWS = [...BODY_ROWS, ...REQUEST_ROWS];

/** Bytes as they are, on a socket of their own; `end` half-closes after them. Resolves with the whole answer. */
function rawSocket(url: string, request: string, end = false): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => (end ? socket.end(request) : socket.write(request)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}

/** The Status of a raw answer: its status line's code and its JSON body. */
function statusOf(reply: string): { code: number; body: unknown } {
  return { code: Number(/^HTTP\/1\.1 (\d{3}) /.exec(reply)?.[1]), body: JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) };
}

describe.each(runtimes)('hostile input on the $name runtime', (runtime) => {
  let sut: RunningScheduler;
  let before: string[];

  beforeAll(async () => {
    await runtime.setUp();
    sut = await startScheduler(runtime.config());
    await sut.post('/api/v1/jobs', {});
    before = (await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name);
  });

  afterAll(async () => {
    expect((await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name)).toEqual(before);
    expect((await sut.get('/api/v1/batches')).body).toEqual([]);
    expect((await sut.get('/health/live')).status).toBe(200);
    await sut?.close();
    await runtime.tearDown();
  });

  it.each(HOSTILE_ROWS)('$method: $name gets $code $reason', async ({ method, path, headers, body, code, reason, message }) => {
    const reply = await rawRequest(sut.url, { method, path, headers, body });
    expect([reply.status, reply.headers['content-type']]).toEqual([code, 'application/json; charset=utf-8']);
    expect(reply.body).toEqual({ status: 'Failure', reason, code, message: expect.stringMatching(message) });
  });

  it.each(HEAD_ROWS)('HEAD: $name gets $code, announcing a Status', async ({ path, code }) => {
    const reply = await rawRequest(sut.url, { method: 'HEAD', path });
    expect([reply.status, reply.headers['content-type'], reply.body]).toEqual([code, 'application/json; charset=utf-8', undefined]);
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

  it('gives the stop-all paths to their POST routes: Allow says POST, and no job or batch named stop is looked up', async () => {
    for (const path of ['/api/v1/jobs/stop', '/api/v1/batches/stop']) {
      for (const method of ['GET', 'DELETE', 'OPTIONS']) {
        const reply = await rawRequest(sut.url, { method, path });
        expect({ [`${method} ${path}`]: [reply.status, reply.headers.allow] }).toEqual({ [`${method} ${path}`]: [405, 'POST'] });
      }
    }
  });

  it('keeps the probes answering while a big body is refused', async () => {
    const big = HOSTILE_ROWS.find((row) => row.name === '60,000 keys in one object')!;
    const [refused, live] = await Promise.all([sut.post('/api/v1/jobs', big.body), sut.get('/health/live')]);
    expect([refused.status, live.status]).toEqual([422, 200]);
  });

  it('refuses a declared Content-Length over the limit at once, without waiting for the body', async () => {
    const reply = await rawSocket(
      sut.url,
      'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n',
    );
    expect(statusOf(reply)).toEqual({
      code: 413,
      body: expect.objectContaining({
        reason: 'RequestEntityTooLarge',
        message: expect.stringMatching(/^request body is larger than \d+ bytes$/),
      }),
    });
  });

  const HOST = 'Host: 127.0.0.1\r\n';
  it.each([
    { name: 'bad framing', request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Content-Length: abc\r\n\r\n`, code: 400, reason: 'BadRequest' },
    {
      name: 'two Content-Lengths',
      request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      code: 400,
      reason: 'BadRequest',
    },
    {
      name: 'Content-Length with chunked',
      request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
      code: 400,
      reason: 'BadRequest',
    },
    { name: 'an unknown method', request: `FETCH /api/v1/jobs HTTP/1.1\r\n${HOST}\r\n`, code: 400, reason: 'BadRequest' },
    { name: 'a NUL in the request line', request: `GET /api/v1/jobs\u0000 HTTP/1.1\r\n${HOST}\r\n`, code: 400, reason: 'BadRequest' },
    {
      name: 'a header without a colon',
      request: `GET /api/v1/jobs HTTP/1.1\r\n${HOST}Broken header\r\n\r\n`,
      code: 400,
      reason: 'BadRequest',
    },
    {
      name: 'a bad chunk size',
      request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      code: 400,
      reason: 'BadRequest',
    },
    {
      name: 'headers too large',
      request: `GET /api/v1/jobs HTTP/1.1\r\n${HOST}X-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      code: 431,
      reason: 'RequestHeaderFieldsTooLarge',
    },
    {
      name: 'a body that stops half-way, then the client half-closes',
      request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"payload":"x`,
      code: 400,
      reason: 'BadRequest',
      end: true,
    },
    {
      name: 'headers that stop half-way, then the client half-closes',
      request: `POST /api/v1/jobs HTTP/1.1\r\n${HOST}Content-Ty`,
      code: 400,
      reason: 'BadRequest',
      end: true,
    },
  ])('answers $name, which Node refuses itself, with a Status', async ({ request, code, reason, end }) => {
    const reply = statusOf(await rawSocket(sut.url, request, end));
    expect(reply).toEqual({ code, body: { status: 'Failure', reason, code, message: expect.any(String) } });
  });

  it('makes no job of a body whose client went away half-way', async () => {
    const socket = connect(Number(new URL(sut.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(
      'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jobId":"half',
    );
    socket.destroy();
    expect((await sut.get('/health/live')).status).toBe(200);
    expect((await sut.get<JobStatus[]>('/api/v1/jobs?jobId=half')).body).toEqual([]);
  });
});
