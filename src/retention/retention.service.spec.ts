import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { SchedulerRegistry } from '@nestjs/schedule';
import { of } from 'rxjs';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob, anEndedJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { JobNotFoundError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobHolds } from '../jobs/job-holds.js';
import { Leadership, SoleLeadership } from '../jobs/leadership.js';
import { RetentionSchedule } from './retention.schedule.js';
import { RetentionService } from './retention.service.js';

const NOW = new Date('2026-01-01T12:00:00Z');

function setUp(jobs = [anEndedJob('Succeeded', 1, 'old'), anEndedJob('Succeeded', 2, 'mid'), anEndedJob('Succeeded', 3, 'new')]) {
  const gateway = new FakeJobGateway(jobs);
  const config = aSchedulerConfig({ retention: { succeeded: 1, failed: 1, batches: 1, intervalSeconds: 60, abandonedAfterSeconds: 300 } });
  return { gateway, sut: new RetentionService(gateway, config, new FixedClock(NOW), new JobHolds()) };
}

describe('RetentionService', () => {
  it('deletes the jobs beyond the limits and reports the counts', async () => {
    const { gateway, sut } = setUp();
    await expect(sut.enforce(NOW)).resolves.toEqual({ deleted: 2, kept: 1, failed: 0, abandoned: 0, batches: 0 });
    expect([...gateway.jobs.keys()]).toEqual(['new']);
  });

  it('removes jobs abandoned half-way through their creation five minutes before now', async () => {
    const { gateway, sut } = setUp();
    gateway.abandoned.push('compute-20260101115000-halfmade');
    await expect(sut.enforce(NOW)).resolves.toMatchObject({ abandoned: 1, batches: 0 });
    expect(gateway.abandonedBefore).toEqual(new Date(NOW.getTime() - 5 * 60 * 1000));
  });

  it('takes the abandoned age from the settings', async () => {
    const config = aSchedulerConfig({ retention: { succeeded: 1, failed: 1, batches: 1, intervalSeconds: 60, abandonedAfterSeconds: 10 } });
    const gateway = new FakeJobGateway();
    await new RetentionService(gateway, config, new FixedClock(NOW), new JobHolds()).enforce(NOW);
    expect(gateway.abandonedBefore).toEqual(new Date(NOW.getTime() - 10_000));
  });

  it('tolerates a job that is already gone', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('delete', new JobNotFoundError('old'), 'old');
    await expect(sut.enforce(NOW)).resolves.toEqual({ deleted: 1, kept: 1, failed: 0, abandoned: 0, batches: 0 });
  });

  it('goes on past one failed delete and counts it', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('delete', new Error('boom'), 'old');
    await expect(sut.enforce(NOW)).resolves.toEqual({ deleted: 1, kept: 1, failed: 1, abandoned: 0, batches: 0 });
    expect(gateway.namesCalled('delete')).toEqual(['mid', 'old']);
  });

  it('skips the sweep without throwing when the runtime cannot list', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('list', new RuntimeUnavailableError('down'));
    await expect(sut.enforce(NOW)).resolves.toEqual({ deleted: 0, kept: 0, failed: 0, abandoned: 0, batches: 0 });
    expect(gateway.jobs.size).toBe(3);
  });

  it('shares a running sweep with concurrent callers and follows it with exactly one more', async () => {
    const { gateway, sut } = setUp([aJob({ status: 'Running' })]);
    const first = sut.enforce(NOW);
    expect(sut.enforce(NOW)).toBe(first);
    expect(sut.enforce(NOW)).toBe(first);
    await first;
    expect(gateway.namesCalled('list')).toHaveLength(2);
  });

  /** Runs a schedule on fake timers: five completions, then 1.5 s. */
  async function burstOfCompletions(leadership: Leadership) {
    const { gateway, sut } = setUp();
    jest.useFakeTimers();
    const registry = new SchedulerRegistry();
    try {
      new RetentionSchedule(sut, registry, new JobEventHub(gateway, new FixedClock(NOW)), leadership).onApplicationBootstrap();
      for (let i = 0; i < 5; i++) gateway.finish(anEndedJob('Succeeded', 9));
      await jest.advanceTimersByTimeAsync(1500);
      return gateway.namesCalled('list').length;
    } finally {
      registry.getIntervals().forEach((name) => registry.deleteInterval(name));
      jest.useRealTimers();
    }
  }

  it('sweeps once after a burst of completions', async () => {
    expect(await burstOfCompletions(new SoleLeadership())).toBe(1);
  });

  it('never sweeps on a replica that does not lead', async () => {
    class Follower extends Leadership {
      readonly changes$ = of(false);
      isLeader = () => false;
    }
    expect(await burstOfCompletions(new Follower())).toBe(0);
  });
});
