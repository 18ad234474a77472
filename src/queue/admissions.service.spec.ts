import { describe, expect, it } from '@jest/globals';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { FakeStateStore } from '../../test/fakes/fake-state.store.js';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { aJob, anEndedJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { AdmissionGate } from '../jobs/admission-gate.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import type { JobRecord } from '../jobs/job.model.js';
import { SoleLeadership } from '../jobs/leadership.js';
import { Admissions } from './admissions.service.js';
import { QueuePause } from './queue-pause.js';
import { QueueView } from './queue-view.js';

const NOW = new Date('2026-01-01T00:10:00Z');

/** A leader with a cap of one on Kubernetes, over `finished` jobs it knows already. */
function setUp(finished = 0) {
  const clock = new FixedClock(NOW);
  const gateway = new FakeJobGateway(Array.from({ length: finished }, (_, i) => anEndedJob('Succeeded', i % 9)));
  const hub = new JobEventHub(gateway, clock);
  const view = new QueueView(
    aSchedulerConfig({ runtime: 'kubernetes', queue: { maxConcurrentJobs: 1 } }),
    new QueuePause(new FakeStateStore()),
    clock,
    new AdmissionGate(),
  );
  const sut = new Admissions(gateway, hub, new SoleLeadership(), view, clock);
  sut.onApplicationBootstrap();
  /** Puts a job into the runtime and tells of it, as a runtime does. */
  const post = (job: JobRecord) => {
    gateway.jobs.set(job.name, job);
    gateway.announce({ current: job });
  };
  /** Changes a job in the runtime and tells of it. */
  const change = (name: string, to: Partial<JobRecord>) => {
    const previous = gateway.jobs.get(name)!;
    gateway.jobs.set(name, { ...previous, ...to });
    gateway.announce({ previous, current: gateway.jobs.get(name) });
  };
  /** Waits until the plans that changes asked for have run. */
  const planned = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { gateway, hub, view, sut, post, change, planned };
}

const queued = (name: string, minute: number) => aJob({ name, queued: true, created: Date.UTC(2026, 0, 1, 0, minute) });

describe('Admissions', () => {
  it('admits the next queued job when the running one ends, first in first out', async () => {
    const { gateway, post, change, planned } = setUp();
    post(queued('a', 1));
    post(queued('b', 2));
    await planned();
    expect(gateway.namesCalled('admit')).toEqual(['a']);
    // The admission comes back as a change (the fake's admit wrote it without telling).
    gateway.jobs.set('a', { ...gateway.jobs.get('a')!, queued: true });
    change('a', { queued: false });
    await planned();
    expect(gateway.namesCalled('admit')).toEqual(['a']);
    change('a', { status: 'Succeeded' });
    await planned();
    expect(gateway.namesCalled('admit')).toEqual(['a', 'b']);
  });

  it("tells every subscriber a job's end before the admission that end makes room for", async () => {
    const { gateway, hub, post, change, planned } = setUp();
    // An admission told at once, as the local runtime tells it.
    gateway.admit = async (name) => change(name, { queued: false });
    const told: string[] = [];
    hub.events$.subscribe((event) => told.push(`${event.type} ${event.job.name}`));
    post(queued('a', 1));
    post(queued('b', 2));
    await planned();
    change('a', { status: 'Succeeded' });
    await planned();
    expect(told).toEqual(['queued a', 'queued b', 'admitted a', 'finished a', 'admitted b']);
  });

  it('reads the jobs from the runtime once, then plans from the changes it is told', async () => {
    const { gateway, view, post, planned } = setUp(1000);
    await planned();
    const reads = gateway.namesCalled('list').length;
    for (let i = 0; i < 5; i++) {
      post(queued(`q${i}`, i));
      await planned();
    }
    expect(gateway.namesCalled('list')).toHaveLength(reads);
    expect(view.status()).toMatchObject({ running: 1, queued: 4 });
  });

  it('reads them again after the runtime listed everything anew', async () => {
    const { gateway, view, post, planned } = setUp();
    post(queued('a', 1));
    await planned();
    const reads = gateway.namesCalled('list').length;
    // A job the runtime holds but whose change was never told, as after a watch that had to list again.
    gateway.jobs.set('b', queued('b', 2));
    gateway.signal({ type: 'relisted', resource: 'jobs' });
    await planned();
    expect([gateway.namesCalled('list').length - reads, view.status().queued]).toEqual([1, 1]);
  });

  it('fails a job past its start deadline only if the runtime still has it not started', async () => {
    const { gateway, post, planned } = setUp();
    const late = { startDeadlineSeconds: 60, created: NOW.getTime() - 120_000 };
    post(aJob({ name: 'late', ...late }));
    post(aJob({ name: 'began', ...late }));
    // Its pod began without an event: the record this plan holds is older than the runtime's.
    gateway.jobs.set('began', { ...gateway.jobs.get('began')!, started: NOW.getTime() });
    await planned();
    expect(gateway.namesCalled('expire')).toEqual(['late']);
  });
});
