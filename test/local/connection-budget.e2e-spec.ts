import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/eventually.js';
import { freshGet, getHead, openFiles, silentClient } from '../support/load.js';
import { requestJson } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';
import { LocalApp } from './local-scheduler.js';

const MAX_CONNECTIONS = 50;
/** Connections past the budget that may still ask for a probe (PROBE_RESERVE). */
const RESERVE = 16;

/** Opens `count` connections that send nothing, a hundred at a time. */
async function idleConnections(url: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => silentClient(url)))));
  return sockets;
}

/**
 * The connection budget of one port, against `node dist/main.js`: what idle, busy and
 * non-reading connections may hold, measured as the process's open file descriptors and as
 * who still gets an answer. Times are bounds many times what an answer takes.
 */
describe('the connection budget', () => {
  const app = new LocalApp();
  let url = '';
  let pid = 0;
  let baseline = 0;
  const api = <T = any>(method: string, path: string, body?: unknown) => requestJson<T>(url, method, path, body);

  beforeAll(async () => {
    url = await app.start('compute', {
      JOB_SCHEDULER_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      JOB_SCHEDULER_MAX_STREAMS: '5',
      JOB_SCHEDULER_KEEP_ALIVE_TIMEOUT_SECONDS: '2',
      JOB_SCHEDULER_SEND_TIMEOUT_SECONDS: '2',
    });
    pid = app.scheduler.child.pid!;
    baseline = openFiles(pid);
  });

  afterAll(() => app.cleanUp());

  // Each test starts with the connections of the one before closed on the server's side too.
  beforeEach(() =>
    eventually(
      async () => openFiles(pid) - baseline,
      (count) => count <= 5,
      'connections closed',
      { timeoutMs: 20_000 },
    ),
  );

  it('holds no more than its budget of idle connections, answers probes and the API among them, and closes them', async () => {
    const idle = await idleConnections(url, 1000);
    const held = openFiles(pid) - baseline;
    // A connection gets a second to send its request before a newer one may push it out.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    const [live, jobs] = await Promise.all([freshGet(url, '/health/live'), freshGet(url, '/api/v1/jobs')]);
    const took = Date.now() - started;
    expect([live.status, jobs.status]).toEqual([200, 200]);
    expect(took).toBeLessThan(5000);
    // Without a budget each idle connection is a descriptor until the client closes it: 1,000.
    expect(held).toBeLessThanOrEqual(MAX_CONNECTIONS + RESERVE + 10);
    // Those left are closed after the keep-alive timeout (2 s) without having sent anything.
    await eventually(
      async () => openFiles(pid) - baseline,
      (count) => count <= 5,
      'the idle connections closed',
      { timeoutMs: 20_000 },
    );
    idle.forEach((socket) => socket.destroy());
  });

  it('answers probes while every connection is busy, and refuses the API there with 503', async () => {
    // Each has sent a request's head and holds it open, its body still to come.
    const head = 'POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
    const busy = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => silentClient(url, head)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [live, ready, refused] = await Promise.all([
      freshGet(url, '/health/live'),
      freshGet(url, '/health/ready'),
      freshGet(url, '/api/v1/jobs'),
    ]);
    busy.forEach((socket) => socket.destroy());
    expect([live.status, ready.status]).toEqual([200, 200]);
    expect([refused.status, JSON.parse(refused.body).message]).toEqual([
      503,
      'the scheduler has all the connections it takes (JOB_SCHEDULER_MAX_CONNECTIONS); retry later',
    ]);
  });

  it('refuses a stream past JOB_SCHEDULER_MAX_STREAMS with 503, and serves other requests meanwhile', async () => {
    const streams: SseClient[] = [];
    for (let i = 0; i < 5; i++) streams.push(await SseClient.open(`${url}/api/v1/events`));
    const [extra, jobs] = await Promise.all([api('GET', '/api/v1/events'), api('GET', '/api/v1/jobs')]);
    await Promise.all(streams.map((stream) => stream.close()));
    expect([extra.status, extra.body.message]).toEqual([503, expect.stringContaining('(JOB_SCHEDULER_MAX_STREAMS)')]);
    expect(jobs.status).toBe(200);
  });

  it('closes the connection of an answer its client does not read, past the send timeout', async () => {
    const payload = JSON.stringify({ x: 1, y: 2, pad: 'p'.repeat(1000 * 1000) });
    const job = (await api<JobStatus>('POST', '/api/v1/jobs', { payload })).body;
    // Twenty answers asked at once (pipelined): more than the kernel's buffers hold for a client.
    const socket = await silentClient(url, getHead(`/api/v1/jobs/${job.name}/payload`).repeat(20));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    const closed = once(socket, 'close');
    socket.resume();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
    socket.destroy();
    // Cut off: fewer bytes than the answers had. Kept open, it gets them all and stays open.
    expect(received).toBeLessThan(20 * payload.length);
  });
});
