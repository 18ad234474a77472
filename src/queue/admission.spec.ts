import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import type { JobRecord } from '../jobs/job.model.js';
import { planAdmission, queueOrder } from './admission.js';

const at = (second: number) => Date.UTC(2026, 11, 7, 10, 0, second);
const queued = (name: string, second: number, more: Partial<JobRecord> = {}) => aJob({ name, created: at(second), queued: true, ...more });
const running = (name: string, more: Partial<JobRecord> = {}) => aJob({ name, status: 'Running', ...more });
const names = (jobs: readonly JobRecord[]) => jobs.map((job) => job.name);

describe('queueOrder', () => {
  it('puts higher priority first, then first in, first out', () => {
    const jobs = [queued('a', 1), queued('b', 2, { priority: 5 }), queued('c', 3), queued('d', 4, { priority: 5 })];
    expect(names(queueOrder(jobs))).toEqual(['b', 'd', 'a', 'c']);
  });

  it('lets single jobs and each batch take turns, so that a big batch starves nobody posted after it', () => {
    const batch = [0, 1, 2, 3].map((i) => queued(`batch-${i}`, 1, { batchName: 'big', batchIndex: i }));
    const jobs = [...batch, queued('late-1', 5), queued('late-2', 6), queued('other-0', 7, { batchName: 'small', batchIndex: 0 })];
    expect(names(queueOrder(jobs))).toEqual(['batch-0', 'late-1', 'other-0', 'batch-1', 'late-2', 'batch-2', 'batch-3']);
  });

  it('goes on with the turns across admissions: the line served longest ago goes next', () => {
    const batch = [1, 2].map((i) => queued(`batch-${i}`, 1, { batchName: 'big', batchIndex: i }));
    const singles = [queued('late-1', 5)];
    const served = new Map([
      ['0/', 1],
      ['0/big', 2],
    ]);
    expect(names(queueOrder([...batch, ...singles], served))).toEqual(['late-1', 'batch-1', 'batch-2']);
  });
});

describe('planAdmission', () => {
  it('admits up to the cap, counting the jobs started and unfinished, and gives the others their places', () => {
    const jobs = [running('r1'), queued('a', 1), queued('b', 2), queued('c', 3), aJob({ name: 'done', status: 'Succeeded' })];
    const plan = planAdmission(jobs, { maxConcurrentJobs: 2, paused: false });
    expect([names(plan.admit), plan.running, [...plan.places]]).toEqual([
      ['a'],
      1,
      [
        ['b', { position: 1, reason: 'Capacity' }],
        ['c', { position: 2, reason: 'Capacity' }],
      ],
    ]);
  });

  it('admits everything without a cap, and nothing while paused', () => {
    const jobs = [queued('a', 1), queued('b', 2)];
    expect(names(planAdmission(jobs, { paused: false }).admit)).toEqual(['a', 'b']);
    const paused = planAdmission(jobs, { paused: true });
    expect([paused.admit, paused.places.get('b')]).toEqual([[], { position: 2, reason: 'Paused' }]);
  });

  it('counts a job admitted a moment ago as running, so that no job is admitted twice', () => {
    const jobs = [queued('a', 1), queued('b', 2)];
    expect(names(planAdmission(jobs, { maxConcurrentJobs: 1, paused: false }, new Set(['a'])).admit)).toEqual([]);
  });

  it('holds a batch at its own maxConcurrentJobs while others go past it', () => {
    const jobs = [
      running('b-0', { batchName: 'b', batchMaxConcurrentJobs: 1 }),
      queued('b-1', 1, { batchName: 'b', batchIndex: 1, batchMaxConcurrentJobs: 1 }),
      queued('single', 2),
    ];
    const plan = planAdmission(jobs, { maxConcurrentJobs: 10, paused: false });
    expect([names(plan.admit), plan.places.get('b-1')]).toEqual([['single'], { position: 1, reason: 'BatchCapacity' }]);
  });
});
