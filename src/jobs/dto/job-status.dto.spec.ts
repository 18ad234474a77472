import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../../test/fakes/job-record.fixture.js';
import { sortNewestFirst } from '../job.model.js';
import { JobStatusListJson, toJobStatus } from './job-status.dto.js';

describe('JobStatusListJson', () => {
  it('is the JSON array of the JobStatuses', () => {
    const jobs = [aJob({ status: 'Running' }), aJob({ jobId: 'x' })];
    expect(JSON.parse(new JobStatusListJson().of(jobs).toString())).toEqual(jobs.map(toJobStatus));
  });

  it('answers the same bytes for the same records, and new ones when one record is new', () => {
    const sut = new JobStatusListJson();
    const jobs = [aJob(), aJob()];
    const first = sut.of(jobs);
    expect(sut.of([...jobs])).toBe(first);
    const changed = [jobs[0], { ...jobs[1], status: 'Succeeded' as const }];
    expect(JSON.parse(sut.of(changed).toString())[1].status).toBe('Succeeded');
  });
});

describe('sortNewestFirst', () => {
  const at = (minute: number, name: string) => aJob({ name, created: new Date(Date.UTC(2026, 0, 1, 0, minute)) });

  it('orders jobs kept oldest first, and jobs in any order, newest first, ties by name', () => {
    const names = (jobs: { name: string }[]) => jobs.map((job) => job.name);
    expect(names(sortNewestFirst([at(1, 'a'), at(2, 'b'), at(3, 'c')]))).toEqual(['c', 'b', 'a']);
    expect(names(sortNewestFirst([at(2, 'b'), at(3, 'c'), at(1, 'a'), at(3, 'd')]))).toEqual(['d', 'c', 'b', 'a']);
  });
});
