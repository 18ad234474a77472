import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { SystemClock } from '../jobs/clock.js';
import { EventStream, HEARTBEAT_MS } from './event-stream.service.js';
import { JobEventHub } from '../jobs/job-event-hub.js';

/** What an Express response needs for a stream, recording what was written. */
class FakeResponse extends EventEmitter {
  written = '';
  status = () => this;
  set = () => this;
  flushHeaders = () => undefined;
  write = (text: string) => ((this.written += text), true);
  end = () => this.emit('close');
}

describe('EventStream', () => {
  let gateway: FakeJobGateway;
  let response: FakeResponse;
  let hub: JobEventHub;

  beforeEach(() => {
    jest.useFakeTimers();
    gateway = new FakeJobGateway();
    response = new FakeResponse();
    hub = new JobEventHub(gateway, new SystemClock());
    new EventStream(hub).open(response as unknown as Response, {});
  });
  afterEach(() => {
    response.end();
    jest.useRealTimers();
  });

  it('sends a heartbeat comment every 15 s, and none once the client has gone', () => {
    jest.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect(response.written).not.toContain(': heartbeat');
    jest.advanceTimersByTime(1);
    expect(response.written.match(/: heartbeat\n\n/g)).toHaveLength(1);
    response.end();
    jest.advanceTimersByTime(3 * HEARTBEAT_MS);
    expect(response.written.match(/: heartbeat\n\n/g)).toHaveLength(1);
  });

  it('frames each event with its id', () => {
    gateway.announce({ current: aJob({ name: 'compute-1-a' }) });
    expect(response.written).toMatch(/id: (\d+)\ndata: \{"id":\1,"event":"created",/);
  });

  it('sends a schedule firing that started no job as a frame of its own type, to unfiltered streams only', () => {
    const filtered = new FakeResponse();
    new EventStream(hub).open(filtered as unknown as Response, { job: 'compute-1-a' });
    const scheduledTime = new Date('2026-12-07T02:00:00Z');
    hub.publishSchedule('skipped', { id: '5d41402abc4b', expression: '0 2 * * *', scheduledTime, reason: 'Forbid', count: 1 });
    expect(response.written).toMatch(
      /event: schedule\nid: (\d+)\ndata: \{"id":\1,"event":"skipped","at":"[^"]+","schedule":\{"id":"5d41402abc4b","expression":"0 2 \* \* \*","scheduledTime":"2026-12-07T02:00:00Z","reason":"Forbid","count":1\}\}\n\n/,
    );
    expect(filtered.written).not.toContain('schedule');
    filtered.end();
  });
});
