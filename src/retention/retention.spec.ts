import { describe, expect, it } from '@jest/globals';
import { aJob, anEndedJob } from '../../test/fakes/job-record.fixture.js';
import type { JobRecord } from '../jobs/job.model.js';
import { selectExpired, selectExpiredBatches } from './retention.js';

const limits = { succeeded: 2, failed: 2 };

const cases: { name: string; jobs: JobRecord[]; expired: string[] }[] = [
  {
    name: 'keeps everything within the limits',
    jobs: [anEndedJob('Succeeded', 1, 's1'), anEndedJob('Failed', 2, 'f1')],
    expired: [],
  },
  {
    name: 'deletes the oldest succeeded jobs beyond the limit, by end time',
    jobs: [anEndedJob('Succeeded', 3, 's3'), anEndedJob('Succeeded', 1, 's1'), anEndedJob('Succeeded', 2, 's2')],
    expired: ['s1'],
  },
  {
    name: 'counts Failed and Stopped together against the failed limit',
    jobs: [anEndedJob('Failed', 1, 'f1'), anEndedJob('Stopped', 2, 'x2'), anEndedJob('Failed', 3, 'f3')],
    expired: ['f1'],
  },
  {
    name: 'keeps the two histories apart',
    jobs: [
      anEndedJob('Succeeded', 1, 's1'),
      anEndedJob('Succeeded', 2, 's2'),
      anEndedJob('Failed', 3, 'f3'),
      anEndedJob('Failed', 4, 'f4'),
      anEndedJob('Failed', 5, 'f5'),
    ],
    expired: ['f3'],
  },
  {
    name: 'never touches jobs that have not finished, however old',
    jobs: [
      aJob({ name: 'w', status: 'Waiting', created: 0 }),
      aJob({ name: 'r', status: 'Running', created: 0 }),
      anEndedJob('Succeeded', 5, 's5'),
      anEndedJob('Succeeded', 6, 's6'),
      anEndedJob('Succeeded', 7, 's7'),
    ],
    expired: ['s5'],
  },
];

describe('selectExpired', () => {
  it.each(cases)('$name', ({ jobs, expired }) => {
    const sut = selectExpired(jobs, limits);
    expect(sut.map((job) => job.name)).toEqual(expired);
  });

  it('keeps the ten newest of twelve succeeded and twelve failed jobs', () => {
    const jobs = Array.from({ length: 12 }, (_, i) => [anEndedJob('Succeeded', i, `s${i}`), anEndedJob('Failed', i, `f${i}`)]).flat();
    const sut = selectExpired(jobs, { succeeded: 10, failed: 10 });
    expect(sut.map((job) => job.name).sort()).toEqual(['f0', 'f1', 's0', 's1']);
  });

  it('deletes every finished job when the limits are zero', () => {
    const sut = selectExpired([anEndedJob('Succeeded', 1), anEndedJob('Stopped', 2)], { succeeded: 0, failed: 0 });
    expect(sut).toHaveLength(2);
  });
});

describe('selectExpiredBatches', () => {
  const batchJob = (batch: string, status: 'Succeeded' | 'Failed' | 'Running', minutes: number) =>
    aJob({
      name: `${batch}-${minutes}-${status}`,
      batchName: batch,
      status,
      ...(status === 'Running' ? {} : { ended: Date.UTC(2026, 0, 1, 0, minutes) }),
    });

  it('drops the oldest finished batches whole, never a batch with a job still running, nor a held one', () => {
    const jobs = [
      batchJob('b1', 'Succeeded', 1),
      batchJob('b1', 'Failed', 2),
      batchJob('b2', 'Succeeded', 3),
      batchJob('b2', 'Running', 0),
      batchJob('b3', 'Succeeded', 4),
      batchJob('b4', 'Succeeded', 5),
      batchJob('b5', 'Failed', 6),
    ];
    expect(selectExpiredBatches(jobs, { batches: 2 }).map((batch) => [batch.name, batch.jobs.length])).toEqual([
      ['b3', 1],
      ['b1', 2],
    ]);
    expect(selectExpiredBatches(jobs, { batches: 2 }, (job) => job.batchName === 'b1').map((batch) => batch.name)).toEqual(['b3']);
  });
});
