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

  beforeEach(() => {
    jest.useFakeTimers();
    gateway = new FakeJobGateway();
    response = new FakeResponse();
    new EventStream(new JobEventHub(gateway, new SystemClock())).open(response as unknown as Response, {});
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
});
