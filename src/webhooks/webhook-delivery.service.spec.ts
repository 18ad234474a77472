import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BehaviorSubject } from 'rxjs';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { Clock, SystemClock } from '../jobs/clock.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { Leadership, SoleLeadership } from '../jobs/leadership.js';
import type { JobRecord } from '../jobs/job.model.js';
import { JobHolds } from '../jobs/job-holds.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import type { WebhookSettings } from '../config/scheduler.config.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { WebhookDelivery } from './webhook-delivery.service.js';
import type { Sent, WebhookSender } from './webhook-sender.js';

/** A receiver in memory: answers as primed, records what it was sent. */
class FakeSender {
  readonly url = 'http://receiver/hooks';
  readonly sent: { id: number; event: string; status: string; name: string }[] = [];
  readonly answers: Sent[] = [];

  async send(id: number, body: string): Promise<Sent> {
    const answer = this.answers.shift() ?? { ok: true };
    const json = JSON.parse(body);
    if (answer.ok) this.sent.push({ id, event: json.event, status: json.status, name: json.name });
    return answer;
  }
}

describe('WebhookDelivery', () => {
  let gateway: FakeJobGateway;
  let sender: FakeSender;
  let hub: JobEventHub;
  let sut: WebhookDelivery;

  const setUp = (
    clock: Clock = new SystemClock(),
    leadership: Leadership = new SoleLeadership(),
    settings: Partial<WebhookSettings> = {},
  ) => {
    gateway = new FakeJobGateway();
    sender = new FakeSender();
    hub = new JobEventHub(gateway, clock);
    const config = aSchedulerConfig({
      job: { webhook: sender.url },
      webhooks: { timeoutMs: 1000, retryWindowMs: 60_000, maxQueue: 100, scheduleEvents: false, ...settings },
    });
    const ledger = new DeliveryLedger(gateway, config, new JobHolds(), new SchedulerMetrics());
    sut = new WebhookDelivery(hub, ledger, sender as unknown as WebhookSender, leadership);
  };
  const lifeOf = (job: JobRecord) => {
    const running = { ...job, status: 'Running' as const };
    gateway.announce({ current: job });
    gateway.announce({ previous: job, current: running });
    gateway.announce({ previous: running, current: { ...job, status: 'Succeeded' as const, delivered: '' } });
  };

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    sut.beforeApplicationShutdown();
    jest.useRealTimers();
  });

  it("tells each job's events in order, and keeps with the job what it told", async () => {
    setUp();
    const job = aJob({ name: 'compute-1-a', delivered: '' });
    gateway.jobs.set(job.name, job);
    sut.onApplicationBootstrap();
    lifeOf(job);
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent.map((s) => `${s.event}:${s.status}`)).toEqual(['Create:Waiting', 'Update:Running', 'Update:Succeeded']);
    expect(sender.sent.map((s) => s.id)).toEqual([...sender.sent.map((s) => s.id)].sort((a, b) => a - b));
    expect(gateway.jobs.get(job.name)!.delivered).toBe('Succeeded/0/0');
  });

  it('retries a failed event before the next, with growing pauses', async () => {
    setUp();
    sender.answers.push({ ok: false, why: 'answered 500' }, { ok: false, why: 'answered 503' });
    sut.onApplicationBootstrap();
    lifeOf(aJob({ name: 'compute-1-b' }));
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(5000);
    expect(sender.sent.map((s) => s.status)).toEqual(['Waiting', 'Running', 'Succeeded']);
  });

  it('gives an event up once the retry window has passed, and goes on with the next', async () => {
    setUp(undefined, undefined, { retryWindowMs: 2000 });
    sender.answers.push(...Array.from({ length: 5 }, () => ({ ok: false as const, why: 'down' })));
    sut.onApplicationBootstrap();
    gateway.announce({ current: aJob({ name: 'compute-1-c' }) });
    gateway.announce({ previous: aJob({ name: 'compute-1-c' }), current: aJob({ name: 'compute-1-c', status: 'Running' }) });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sender.sent.map((s) => s.status)).toEqual(['Running']);
  });

  it('drops the oldest event past its bound, never the API', async () => {
    setUp(undefined, undefined, { maxQueue: 2 });
    for (const name of ['compute-1-d', 'compute-1-e', 'compute-1-f']) gateway.announce({ current: aJob({ name }) });
    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent.map((s) => s.name)).toEqual(['compute-1-e', 'compute-1-f']);
  });

  it('tells again, after a start, each job whose last change its receiver was not told of', async () => {
    setUp();
    gateway.jobs.set('compute-1-g', aJob({ name: 'compute-1-g', status: 'Succeeded', delivered: 'Running/0/0' }));
    gateway.jobs.set('compute-1-h', aJob({ name: 'compute-1-h', status: 'Succeeded', delivered: 'Succeeded/0/0' }));
    gateway.jobs.set('compute-1-i', aJob({ name: 'compute-1-i', status: 'Succeeded' }));
    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent.map((s) => `${s.name}:${s.event}:${s.status}`)).toEqual(['compute-1-g:Update:Succeeded']);
  });

  it('tells nothing while another replica leads, and what is untold once it leads', async () => {
    const leading = new BehaviorSubject(false);
    setUp(
      new SystemClock(),
      new (class extends Leadership {
        readonly changes$ = leading.asObservable();
        isLeader = () => leading.value;
      })(),
    );
    sut.onApplicationBootstrap();
    const job = aJob({ name: 'compute-1-j', delivered: '' });
    gateway.jobs.set(job.name, job);
    lifeOf(job);
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent).toEqual([]);

    gateway.jobs.set(job.name, { ...job, status: 'Succeeded', delivered: 'Running/0/0' });
    leading.next(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent.map((s) => `${s.name}:${s.event}:${s.status}`)).toEqual(['compute-1-j:Update:Succeeded']);

    leading.next(false);
    lifeOf(aJob({ name: 'compute-1-k' }));
    await jest.advanceTimersByTimeAsync(100);
    expect(sender.sent).toHaveLength(1);
  });
});
