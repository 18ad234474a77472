import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { Clock } from './clock.js';
import { EventIds, eventTypeOf, type JobChange } from './job-event.js';
import { JobEventHub } from './job-event-hub.js';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';

const waiting = aJob({ name: 'compute-1-a', status: 'Waiting' });

describe('eventTypeOf', () => {
  const cases: { name: string; change: JobChange; type: string | undefined }[] = [
    { name: 'a new job is created', change: { current: waiting }, type: 'created' },
    { name: 'a job gone is deleted', change: { previous: waiting }, type: 'deleted' },
    { name: 'Waiting to Running is started', change: { previous: waiting, current: { ...waiting, status: 'Running' } }, type: 'started' },
    {
      name: 'to Succeeded is finished',
      change: { previous: { ...waiting, status: 'Running' }, current: { ...waiting, status: 'Succeeded' } },
      type: 'finished',
    },
    {
      name: 'to Failed is finished',
      change: { previous: { ...waiting, status: 'Running' }, current: { ...waiting, status: 'Failed' } },
      type: 'finished',
    },
    { name: 'to Stopped is stopped', change: { previous: waiting, current: { ...waiting, status: 'Stopped' } }, type: 'stopped' },
    {
      name: 'a new reason to wait is waiting',
      change: { previous: waiting, current: { ...waiting, message: 'ImagePullBackOff' } },
      type: 'waiting',
    },
    {
      name: 'one more restart is restarted',
      change: { previous: { ...waiting, status: 'Failed' }, current: { ...waiting, restarts: 1 } },
      type: 'restarted',
    },
    {
      name: 'a failed attempt that is retried is updated',
      change: { previous: { ...waiting, status: 'Running' }, current: { ...waiting, status: 'Running', failed: 1 } },
      type: 'updated',
    },
    { name: 'nothing a caller watches is no event', change: { previous: waiting, current: { ...waiting } }, type: undefined },
    {
      name: 'a first pod is no event',
      change: { previous: waiting, current: { ...waiting, replicas: [{ name: 'compute-1-a-pod', state: 'Pending' }] } },
      type: undefined,
    },
  ];

  it.each(cases)('$name', ({ change, type }) => {
    expect(eventTypeOf(change)).toBe(type);
  });
});

describe('EventIds', () => {
  it('grows even when the clock stands still or goes back', () => {
    const sut = new EventIds(7);
    const ids = [new Date(1000), new Date(1000), new Date(500), new Date(1010)].map((at) => sut.next(at));
    expect(ids).toEqual([1_000_007, 1_001_007, 1_002_007, 1_010_007]);
  });

  it("never gives an id another process's ids end in", () => {
    const [one, other] = [new EventIds(1), new EventIds(2)];
    const at = new Date(1000);
    expect([one.next(at), other.next(at)]).toEqual([1_000_001, 1_000_002]);
  });
});

describe('JobEventHub', () => {
  class Now extends Clock {
    at = new Date('2026-01-01T00:00:00Z');
    now = () => this.at;
  }

  it('makes one event per change, in order, and replays those after an id', () => {
    const gateway = new FakeJobGateway();
    const sut = new JobEventHub(gateway, new Now());
    const seen: string[] = [];
    sut.events$.subscribe((event) => seen.push(event.type));
    gateway.announce({ current: waiting });
    gateway.announce({ previous: waiting, current: { ...waiting, status: 'Running' } });
    gateway.announce({ previous: waiting, current: waiting });
    expect(seen).toEqual(['created', 'started']);
    expect(sut.since(0)).toBeUndefined();
  });

  it('says a resume from before its start may have missed events', () => {
    const gateway = new FakeJobGateway();
    const clock = new Now();
    const sut = new JobEventHub(gateway, clock);
    const start = sut.lastId;
    gateway.announce({ current: waiting });
    expect(sut.since(start - 1)).toBeUndefined();
    expect(sut.since(start)?.map((event) => event.type)).toEqual(['created']);
  });

  it("replays after an id it gave, and says events may be missing after one it never gave (another replica's)", () => {
    const gateway = new FakeJobGateway();
    const clock = new Now();
    const sut = new JobEventHub(gateway, clock);
    const told: number[] = [];
    sut.events$.subscribe((event) => told.push(event.id));
    gateway.announce({ current: waiting });
    clock.at = new Date(clock.at.getTime() + 5);
    gateway.announce({ previous: waiting, current: { ...waiting, status: 'Running' } });
    clock.at = new Date(clock.at.getTime() + 5);
    gateway.announce({ previous: { ...waiting, status: 'Running' }, current: { ...waiting, status: 'Succeeded' } });

    expect(sut.since(told[0])?.map((event) => event.id)).toEqual([told[1], told[2]]);
    expect(sut.since(told[2])).toEqual([]);
    expect(sut.since(told[0] + 1)).toBeUndefined();
    expect(sut.since(told[2] + 1)).toBeUndefined();
  });

  it('ends waits and streams at shutdown', async () => {
    const sut = new JobEventHub(new FakeJobGateway(), new Now());
    const wait = sut.waitFor(
      () => false,
      60_000,
      async () => false,
    );
    sut.beforeApplicationShutdown();
    await expect(wait).resolves.toBeUndefined();
  });
});
