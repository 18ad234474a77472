import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';

/**
 * The limits an operator sets, each shown biting on a scheduler with tiny ones. Outcomes only:
 * who got which answer, never how long anything took.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('limits'), new LocalHarness()];
const LIMITS = {
  maxBodyBytes: 2048,
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 7000,
  maxConcurrentRequests: 4,
  maxStreams: 4,
  maxConnections: 100,
  sendTimeoutMs: 60_000,
  maxBodyBytesInFlight: 16 * 1024 * 1024,
};

/**
 * A client that sends `head` and then one more byte of `drip` every 100 ms, until the server
 * answers and closes. Resolves with the answer.
 */
function trickle(url: string, head: string, drip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(head));
    const timer = setInterval(() => socket.writable && socket.write(drip), 100);
    const finish = () => {
      clearInterval(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish).on('close', finish);
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
  });
}

function statusOf(reply: string): { code: number; body: unknown } {
  return { code: Number(/^HTTP\/1\.1 (\d{3}) /.exec(reply)?.[1]), body: JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) };
}

describe.each(runtimes)('operator limits on the $name runtime', (runtime) => {
  let sut: RunningScheduler;

  beforeAll(async () => {
    await runtime.setUp();
    const config = runtime.config({ limits: LIMITS, job: { variables: { SIM_RUN_SECONDS: '120' } } });
    sut = await startScheduler({ ...config, queue: { maxConcurrentJobs: 1 }, local: { ...config.local, maxWaitingJobs: 1 } });
  });

  afterAll(async () => {
    await sut.post('/api/v1/jobs/stop');
    await sut?.close();
    await runtime.tearDown();
  });

  it('refuses a body over JOB_SCHEDULER_MAX_BODY_BYTES with 413, declared or chunked', async () => {
    const body = JSON.stringify({ payload: 'x'.repeat(3000) });
    const declared = await sut.post('/api/v1/jobs', body);
    const chunked = await fetch(`${sut.url}/api/v1/jobs`, {
      method: 'POST',
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    const expected = { status: 'Failure', reason: 'RequestEntityTooLarge', code: 413, message: 'request body is larger than 2048 bytes' };
    expect([declared.status, declared.body]).toEqual([413, expected]);
    expect([chunked.status, await chunked.json()]).toEqual([413, expected]);
  });

  it('cuts off a client trickling its headers with 408, while serving others', async () => {
    const slow = trickle(sut.url, 'GET /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X');
    const others = await Promise.all([sut.get('/api/v1/jobs'), sut.get('/health/live')]);
    expect(others.map((reply) => reply.status)).toEqual([200, 200]);
    expect(statusOf(await slow)).toEqual({
      code: 408,
      body: { status: 'Failure', reason: 'RequestTimeout', code: 408, message: 'the request took too long to arrive' },
    });
  });

  it('cuts off a client trickling its body with 408, and makes no job of it', async () => {
    const head =
      'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jobId":"slow","payload":"';
    const slow = trickle(sut.url, head, 'x');
    expect((await sut.get('/health/live')).status).toBe(200);
    expect(statusOf(await slow)).toEqual({ code: 408, body: expect.objectContaining({ reason: 'RequestTimeout', code: 408 }) });
    expect((await sut.get<JobStatus[]>('/api/v1/jobs?jobId=slow')).body).toEqual([]);
  });

  it('tells keep-alive clients the idle timeout it keeps', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(sut.url).port), '127.0.0.1', () =>
        socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      );
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk.toString('utf8'));
      });
    });
    expect(reply).toMatch(/\r\nKeep-Alive: timeout=7\r\n/i);
  });

  it('answers 503 with Retry-After past JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS, keeps the probes open, and serves again after', async () => {
    const streams = await Promise.all(
      Array.from({ length: LIMITS.maxConcurrentRequests }, () => SseClient.open(`${sut.url}/api/v1/events`)),
    );
    const refused = await sut.get('/api/v1/jobs');
    const [live, metrics] = await Promise.all([sut.get('/health/live'), fetch(`${sut.url}/metrics`)]);
    await Promise.all(streams.map((stream) => stream.close()));

    expect([refused.status, refused.headers.get('retry-after'), refused.body]).toEqual([
      503,
      '1',
      {
        status: 'Failure',
        reason: 'ServiceUnavailable',
        code: 503,
        message: 'the scheduler is serving 4 requests, its limit (JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS); retry later',
      },
    ]);
    expect([live.status, metrics.status]).toEqual([200, 200]);
    await eventually(
      () => sut.get('/api/v1/jobs'),
      (reply) => reply.status === 200,
      'a slot after the streams closed',
    );
  });

  if (runtime.name === 'local') {
    it('refuses jobs past JOB_SCHEDULER_MAX_WAITING_JOBS with 503, a batch whole, and keeps those it has', async () => {
      const accepted = [
        await sut.post<JobStatus>('/api/v1/jobs', { jobId: 'runs' }),
        await sut.post<JobStatus>('/api/v1/jobs', { jobId: 'waits' }),
      ];
      const refused = await sut.post('/api/v1/jobs', { jobId: 'refused' });
      const batch = await sut.post('/api/v1/batches', { jobScheduleDescriptions: [{}, {}] });

      expect(accepted.map((reply) => reply.status)).toEqual([200, 200]);
      for (const reply of [refused, batch]) {
        expect([reply.status, reply.headers.get('retry-after'), reply.body.reason]).toEqual([503, '10', 'ServiceUnavailable']);
        expect(reply.body.message).toMatch(/would wait for a slot, and at most 1 may \(JOB_SCHEDULER_MAX_WAITING_JOBS\)/);
      }
      const listed = (await sut.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.jobId);
      expect(listed.sort()).toEqual(['runs', 'waits']);
      expect((await sut.get('/api/v1/batches')).body).toEqual([]);
    });
  }
});
