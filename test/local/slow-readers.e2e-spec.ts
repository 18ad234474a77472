import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'node:net';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { cpuSeconds, getHead, residentMb, silentClient } from '../support/load.js';
import { requestJson } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';
import { LocalApp } from './local-scheduler.js';

/**
 * Clients that never read what they asked for, against `node dist/main.js`: the memory the
 * scheduler holds for them stays bounded, however much there is to send. Figures are the
 * process's resident memory; the bounds are many times what a bounded stream costs (a socket
 * buffer each), and far below what a stream that queues every event costs (about 1 KB an
 * event, for every stream).
 */
describe('slow readers', () => {
  const app = new LocalApp();
  let url = '';
  let pid = 0;
  let reader: SseClient;
  let quiet = '';
  const api = <T = any>(method: string, path: string, body?: unknown) => requestJson<T>(url, method, path, body);

  /** 3,000 events: a batch of 1,000 jobs made, stopped and deleted; its jobs wait behind one that runs. */
  async function thousandJobRound(): Promise<void> {
    const batch = await api('POST', '/api/v1/batches', { jobScheduleDescriptions: Array.from({ length: 1000 }, () => ({})) });
    expect(batch.status).toBe(200);
    expect((await api('POST', `/api/v1/batches/${batch.body.name}/stop`)).status).toBe(200);
    expect((await api('DELETE', `/api/v1/batches/${batch.body.name}`)).status).toBe(200);
  }

  beforeAll(async () => {
    url = await app.start('work', { JOB_SCHEDULER_MAX_CONCURRENT_JOBS: '1' });
    pid = app.scheduler.child.pid!;
    const running = await api<JobStatus>('POST', '/api/v1/jobs', { variables: { WORK_SECONDS: '600' } });
    expect(running.status).toBe(200);
    quiet = running.body.name;
    reader = await SseClient.open(`${url}/api/v1/events`);
  });

  afterAll(async () => {
    await reader?.close();
    await app.cleanUp();
  });

  it('holds a bounded amount for streams that resume from the first of thousands of events and do not read', async () => {
    for (let round = 0; round < 4; round++) await thousandJobRound();
    const first = reader.events.find((event) => event.id)!.id!;
    expect(reader.events.filter((event) => event.id).length).toBeGreaterThan(11_000);
    const before = residentMb(pid);
    const silent: Socket[] = [];
    for (let i = 0; i < 40; i++) silent.push(await silentClient(url, getHead('/api/v1/events', `Last-Event-ID: ${first}`)));
    // Every one of them has been answered: a listing waits its turn behind them.
    expect((await api('GET', '/api/v1/jobs')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const grown = residentMb(pid) - before;
    silent.forEach((socket) => socket.destroy());
    // Written at once, each resume is the 12,000 events since the first: about 8 MB a stream.
    expect(grown).toBeLessThan(50);
  });

  it('holds a bounded amount for streams that do not read while thousands of events happen', async () => {
    const before = residentMb(pid);
    const silent: Socket[] = [];
    for (let i = 0; i < 50; i++) silent.push(await silentClient(url, getHead('/api/v1/events')));
    for (let round = 0; round < 3; round++) await thousandJobRound();
    const grown = residentMb(pid) - before;
    silent.forEach((socket) => socket.destroy());
    // Queued for every stream, 9,000 events of about 700 bytes are 6 MB a stream, 300 MB in all.
    expect(grown).toBeLessThan(75);
  });

  it('costs next to nothing for 300 followers of a job that runs and writes nothing', async () => {
    await app.pidOf(quiet);
    const followers = await Promise.all(
      Array.from({ length: 300 }, () => silentClient(url, getHead(`/api/v1/jobs/${quiet}/logs?follow=true`))),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpu = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const used = cpuSeconds(pid) - cpu;
    followers.forEach((socket) => socket.destroy());
    // Polling two files every 200 ms for each follower was about a third of a core for 300 of them.
    expect(used).toBeLessThan(0.4);
  });

  it('keeps a Last-Event-ID past what a number holds exact, and resets the stream with it', async () => {
    const stream = await SseClient.open(`${url}/api/v1/events`, { 'Last-Event-ID': '99999999999999999' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stream.close();
    expect(stream.events[0]).toMatchObject({ event: 'reset' });
    expect(JSON.parse(stream.events[0].data).reason).toMatch(/^events after 99999999999999999 are not kept here/);
  });
});
