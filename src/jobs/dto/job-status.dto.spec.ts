import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../../test/fakes/job-record.fixture.js';
import { sortNewestFirst } from '../job.model.js';

describe('sortNewestFirst', () => {
  const at = (minute: number, name: string) => aJob({ name, created: Date.UTC(2026, 0, 1, 0, minute) });

  it('orders jobs kept oldest first, and jobs in any order, newest first, ties by name', () => {
    const names = (jobs: { name: string }[]) => jobs.map((job) => job.name);
    expect(names(sortNewestFirst([at(1, 'a'), at(2, 'b'), at(3, 'c')]))).toEqual(['c', 'b', 'a']);
    expect(names(sortNewestFirst([at(2, 'b'), at(3, 'c'), at(1, 'a'), at(3, 'd')]))).toEqual(['d', 'c', 'b', 'a']);
  });
});
