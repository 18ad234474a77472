import { afterEach, describe, expect, it } from '@jest/globals';
import { BehaviorSubject } from 'rxjs';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { FakeStateStore } from '../../test/fakes/fake-state.store.js';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import type { CronDefinition } from '../config/cron-schedule.config.js';
import type { ScheduleEvent } from '../jobs/job-event.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobPlanner } from '../jobs/job-planner.js';
import { Leadership, SoleLeadership } from '../jobs/leadership.js';
import { ConfiguredSchedules } from './configured-schedules.js';
import { ScheduleBook } from './schedule-book.js';
import { ScheduleRunner } from './schedule-runner.js';
import { ScheduleTimer } from './schedule-timer.js';

const T0 = new Date('2026-12-07T10:02:00Z');
const at = (iso: string) => new Date(`2026-12-07T${iso}Z`);
const iso = (time?: Date | number) => (time === undefined ? undefined : new Date(time).toISOString());

class Follower extends Leadership {
  readonly changes$ = new BehaviorSubject(false);
  isLeader = () => false;
}

const timers: ScheduleTimer[] = [];

/** A scheduler with one job definition's cron; several made on one store and gateway are replicas, or the same one restarted. */
function aScheduler(
  cron: Partial<CronDefinition>,
  shared: { store?: FakeStateStore; gateway?: FakeJobGateway; leadership?: Leadership } = {},
) {
  const store = shared.store ?? new FakeStateStore();
  const gateway = shared.gateway ?? new FakeJobGateway();
  const config = aSchedulerConfig({ job: { cron: { timeZone: 'UTC', schedules: ['*/5 * * * *'], concurrency: 'Allow', ...cron } } });
  const clock = new FixedClock(T0);
  const hub = new JobEventHub(gateway, clock);
  const book = new ScheduleBook(store);
  const schedules = new ConfiguredSchedules(config);
  const runner = new ScheduleRunner(gateway, new JobPlanner(config), book, hub, clock);
  const sut = new ScheduleTimer(schedules, runner, book, shared.leadership ?? new SoleLeadership(), clock);
  timers.push(sut);
  const told: ScheduleEvent[] = [];
  hub.scheduleEvents$.subscribe((event) => told.push(event));
  const runs = () => [...gateway.jobs.values()].filter((job) => job.cronSchedule !== undefined);
  return { sut, gateway, store, clock, told, runs, runner, schedule: schedules.all[0] };
}

afterEach(() => timers.splice(0).forEach((timer) => timer.beforeApplicationShutdown()));

describe('ScheduleTimer firing', () => {
  it('starts a run at each scheduled time: a single job with no payload, carrying its expression and time', async () => {
    const { sut, runs } = aScheduler({});
    await sut.lead(T0);
    await sut.tick(at('10:04:59'));
    expect(runs()).toHaveLength(0);
    await sut.tick(at('10:05:00'));
    await sut.tick(at('10:10:00'));
    expect(runs().map((job) => [job.cronSchedule, iso(job.scheduledTime), job.status])).toEqual([
      ['*/5 * * * *', '2026-12-07T10:05:00.000Z', 'Waiting'],
      ['*/5 * * * *', '2026-12-07T10:10:00.000Z', 'Waiting'],
    ]);
    expect(runs()[0].name).toMatch(/^compute-20261207100500-[a-z0-9]{8}$/);
  });

  it('starts each scheduled time once, however many leaders or restarts fire it', async () => {
    const first = aScheduler({});
    const second = aScheduler({}, { store: first.store, gateway: first.gateway });
    await Promise.all([first.sut.lead(T0), second.sut.lead(T0)]);
    await Promise.all([first.sut.tick(at('10:05:00')), second.sut.tick(at('10:05:01'))]);
    expect(first.runs()).toHaveLength(1);
  });

  it('fires nothing on a replica that does not lead', async () => {
    const { sut, runs } = aScheduler({}, { leadership: new Follower() });
    sut.onApplicationBootstrap();
    await sut.tick(at('10:05:00'));
    expect(runs()).toHaveLength(0);
  });
});

describe('ScheduleTimer concurrency policies (cron runs only, Waiting ones included)', () => {
  const started = (gateway: FakeJobGateway) => gateway.calls.filter((call) => call.verb === 'create').length;

  it('Forbid skips a firing while a cron run is unfinished, and tells so', async () => {
    const { sut, gateway, told, runs } = aScheduler({ concurrency: 'Forbid' });
    await sut.lead(T0);
    await sut.tick(at('10:05:00'));
    await sut.tick(at('10:10:00'));
    expect([started(gateway), runs().map((job) => job.status)]).toEqual([1, ['Waiting']]);
    expect(told.map((event) => [event.type, event.schedule.scheduledTime.toISOString()])).toEqual([
      ['skipped', '2026-12-07T10:10:00.000Z'],
    ]);
    expect(told[0].schedule.reason).toMatch(/^Forbid: 1 run\(s\) unfinished/);
  });

  it('Forbid counts no job started through the API', async () => {
    const gateway = new FakeJobGateway([aJob({ name: 'compute-20261207100000-apiapiap', status: 'Running' })]);
    const { sut, runs } = aScheduler({ concurrency: 'Forbid' }, { gateway });
    await sut.lead(T0);
    await sut.tick(at('10:05:00'));
    expect(runs()).toHaveLength(1);
  });

  it('Replace stops the unfinished runs, keeping their records, then starts the new one', async () => {
    const { sut, runs } = aScheduler({ concurrency: 'Replace' });
    await sut.lead(T0);
    await sut.tick(at('10:05:00'));
    await sut.tick(at('10:10:00'));
    expect(runs().map((job) => [iso(job.scheduledTime), job.status])).toEqual([
      ['2026-12-07T10:05:00.000Z', 'Stopped'],
      ['2026-12-07T10:10:00.000Z', 'Waiting'],
    ]);
  });

  it('Allow starts beside the unfinished ones', async () => {
    const { sut, runs } = aScheduler({ concurrency: 'Allow' });
    await sut.lead(T0);
    await sut.tick(at('10:05:00'));
    await sut.tick(at('10:10:00'));
    expect(runs().map((job) => job.status)).toEqual(['Waiting', 'Waiting']);
  });

  it('Forbid refuses a run by hand while a run is unfinished, and starts one otherwise', async () => {
    const { runner, schedule, runs } = aScheduler({ concurrency: 'Forbid' });
    const first = await runner.runNow(schedule);
    expect(first).toMatchObject({ cronSchedule: '*/5 * * * *', scheduledTime: T0.getTime() });
    await expect(runner.runNow(schedule)).rejects.toThrow(/forbids concurrent runs, and 1 run is unfinished/);
    expect(runs()).toHaveLength(1);
  });
});

describe('ScheduleTimer pause and resume', () => {
  it('fires nothing while paused, on any replica and after a restart; resumed, it fires from its next time', async () => {
    const first = aScheduler({});
    await first.sut.lead(T0);
    await new ScheduleBook(first.store).pause(first.schedule.id);
    const restarted = aScheduler({}, { store: first.store, gateway: first.gateway });
    await restarted.sut.lead(at('10:03:00'));
    await restarted.sut.tick(at('10:05:00'));
    expect(restarted.runs()).toHaveLength(0);
    await new ScheduleBook(first.store).resume(first.schedule.id, at('10:06:00'));
    await restarted.sut.tick(at('10:10:00'));
    expect(restarted.runs().map((job) => iso(job.scheduledTime))).toEqual(['2026-12-07T10:10:00.000Z']);
  });

  it('counts no firing that fell in a pause as missed', async () => {
    const first = aScheduler({});
    await first.sut.lead(T0);
    await new ScheduleBook(first.store).pause(first.schedule.id);
    await new ScheduleBook(first.store).resume(first.schedule.id, at('10:31:00'));
    const restarted = aScheduler({}, { store: first.store, gateway: first.gateway });
    await restarted.sut.lead(at('10:32:00'));
    expect(restarted.told).toEqual([]);
  });
});

interface MissedCase {
  name: string;
  startingDeadlineSeconds?: number;
  /** When the new leader starts, after the last firing at 10:05. */
  leadsAt: string;
  started: string[];
  missed: [string, number][];
}

/** The last firing known is 10:05; the scheduler is back at `leadsAt`. */
const missedCases: MissedCase[] = [
  {
    name: 'without a deadline, as Radix: nothing starts, and the misses are told',
    leadsAt: '10:17:00',
    started: [],
    missed: [['10:15', 2]],
  },
  {
    name: 'within the deadline, only the most recent missed time starts',
    startingDeadlineSeconds: 300,
    leadsAt: '10:17:00',
    started: ['10:15'],
    missed: [['10:10', 1]],
  },
  { name: 'past the deadline, none starts', startingDeadlineSeconds: 60, leadsAt: '10:17:00', started: [], missed: [['10:15', 2]] },
  { name: 'nothing is missed when no time fell in between', startingDeadlineSeconds: 60, leadsAt: '10:09:00', started: [], missed: [] },
];

describe('ScheduleTimer after a restart or failover', () => {
  it.each(missedCases)('$name', async ({ startingDeadlineSeconds, leadsAt, started, missed }) => {
    const first = aScheduler({ startingDeadlineSeconds });
    await first.sut.lead(T0);
    await first.sut.tick(at('10:05:00'));
    first.sut.beforeApplicationShutdown();
    const next = aScheduler({ startingDeadlineSeconds }, { store: first.store, gateway: first.gateway });
    await next.sut.lead(at(leadsAt));
    const hhmm = (time?: Date | number) => iso(time)?.slice(11, 16);
    expect(next.runs().map((job) => hhmm(job.scheduledTime))).toEqual(['10:05', ...started]);
    expect(next.told.map((event) => [hhmm(event.schedule.scheduledTime), event.schedule.count])).toEqual(missed);
    expect(next.told.every((event) => event.type === 'missed')).toBe(true);
  });

  it('counts a run a killed leader started but did not keep as started: neither missed nor started again', async () => {
    const first = aScheduler({ startingDeadlineSeconds: 300 });
    await first.sut.lead(T0);
    await first.sut.tick(at('10:05:00'));
    const unkept = first.store.values[`schedule.${first.schedule.id}.last`];
    await first.sut.tick(at('10:10:00'));
    first.store.values[`schedule.${first.schedule.id}.last`] = unkept;
    first.sut.beforeApplicationShutdown();
    const next = aScheduler({ startingDeadlineSeconds: 300 }, { store: first.store, gateway: first.gateway });
    await next.sut.lead(at('10:17:00'));
    const hhmm = (time?: Date | number) => iso(time)?.slice(11, 16);
    expect([next.runs().map((job) => hhmm(job.scheduledTime)), next.told]).toEqual([['10:05', '10:10', '10:15'], []]);
  });
});
