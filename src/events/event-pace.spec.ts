import { beforeEach, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { SystemClock } from '../jobs/clock.js';
import { JobEventHub, REPLAY_EVENTS } from '../jobs/job-event-hub.js';
import { EventPace } from './event-pace.js';

/** A socket that takes `room` frames and then says "full" until the test reads it. */
class SlowResponse extends EventEmitter {
  frames: string[] = [];
  unread = 0;
  constructor(private readonly room: number) {
    super();
  }
  write = (text: string) => (this.frames.push(text), ++this.unread < this.room);
  read(): void {
    this.unread = 0;
    this.emit('drain');
  }
}

describe('EventPace', () => {
  let gateway: FakeJobGateway;
  let hub: JobEventHub;
  let response: SlowResponse;
  let pace: EventPace;
  const happen = (count: number) => {
    for (let i = 0; i < count; i++) gateway.announce({ current: aJob({ name: `compute-1-${i}` }) });
  };

  beforeEach(() => {
    gateway = new FakeJobGateway();
    hub = new JobEventHub(gateway, new SystemClock());
    response = new SlowResponse(3);
    pace = new EventPace(response as unknown as Response, hub, (event) => `${event.id}\n`);
    hub.events$.subscribe((event) => pace.next(event));
  });

  it('writes nothing more once the socket is full, however many events happen', () => {
    happen(1000);
    expect(response.frames).toHaveLength(3);
  });

  it('sends what came meanwhile, in order and once each, as the client reads', () => {
    happen(10);
    response.read();
    happen(2);
    response.read();
    response.read();
    response.read();
    response.read();
    const ids = response.frames.map(Number);
    expect(ids).toHaveLength(12);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(12);
  });

  it('sends a resume no faster than the client reads', () => {
    const before = hub.lastId;
    happen(50);
    const late = new SlowResponse(5);
    const resumed = new EventPace(late as unknown as Response, hub, (event) => `${event.id}\n`);
    expect(resumed.resumeAfter(before)).toBe(true);
    expect(late.frames).toHaveLength(5);
    for (let i = 0; i < 10; i++) late.read();
    expect(late.frames).toHaveLength(50);
  });

  it('sends a reset to a client that fell behind further than the replay window', () => {
    happen(2 * REPLAY_EVENTS + 5);
    response.read();
    expect(response.frames.at(-1)).toMatch(/^event: reset\n.*fell more than the last 10000 events behind/);
    happen(1);
    expect(response.frames).toHaveLength(5);
  });
});
