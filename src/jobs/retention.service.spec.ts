import { describe, expect, it, jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob, anEndedJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { JobNotFoundError, RuntimeUnavailableError } from './jobs.errors.js';
import { RetentionService } from './retention.service.js';

function setUp(jobs = [anEndedJob('Succeeded', 1, 'old'), anEndedJob('Succeeded', 2, 'mid'), anEndedJob('Succeeded', 3, 'new')]) {
  const gateway = new FakeJobGateway(jobs);
  const config = aSchedulerConfig({ retention: { succeeded: 1, failed: 1, intervalSeconds: 60 } });
  return { gateway, sut: new RetentionService(gateway, config, new SchedulerRegistry()) };
}

describe('RetentionService', () => {
  it('deletes the jobs beyond the limits and reports the counts', async () => {
    const { gateway, sut } = setUp();
    await expect(sut.enforce()).resolves.toEqual({ deleted: 2, kept: 1, failed: 0 });
    expect([...gateway.jobs.keys()]).toEqual(['new']);
  });

  it('tolerates a job that is already gone', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('delete', new JobNotFoundError('old'), 'old');
    await expect(sut.enforce()).resolves.toEqual({ deleted: 1, kept: 1, failed: 0 });
  });

  it('goes on past one failed delete and counts it', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('delete', new Error('boom'), 'old');
    await expect(sut.enforce()).resolves.toEqual({ deleted: 1, kept: 1, failed: 1 });
    expect(gateway.namesCalled('delete')).toEqual(['mid', 'old']);
  });

  it('skips the sweep without throwing when the runtime cannot list', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('list', new RuntimeUnavailableError('down'));
    await expect(sut.enforce()).resolves.toEqual({ deleted: 0, kept: 0, failed: 0 });
    expect(gateway.jobs.size).toBe(3);
  });

  it('shares a running sweep with concurrent callers and follows it with exactly one more', async () => {
    const { gateway, sut } = setUp([aJob({ status: 'Running' })]);
    const first = sut.enforce();
    expect(sut.enforce()).toBe(first);
    expect(sut.enforce()).toBe(first);
    await first;
    expect(gateway.namesCalled('list')).toHaveLength(2);
  });

  it('sweeps once after a burst of completions', async () => {
    const { gateway, sut } = setUp();
    jest.useFakeTimers();
    try {
      sut.onApplicationBootstrap();
      for (let i = 0; i < 5; i++) gateway.finish(anEndedJob('Succeeded', 9));
      await jest.advanceTimersByTimeAsync(1500);
      expect(gateway.namesCalled('list')).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
