import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import type { BatchStatusRule } from '../config/radix-vocabulary.config.js';
import { batchesOf, toBatchRecord } from './batch.model.js';
import type { JobState } from '../jobs/job.model.js';

const at = (second: number) => Date.UTC(2026, 0, 1, 0, 0, second);
const jobsIn = (...states: JobState[]) =>
  states.map((status, i) =>
    aJob({
      name: `batch-compute-1-${i}`,
      batchName: 'b',
      batchIndex: i,
      status,
      created: at(0),
      started: status === 'Waiting' ? undefined : at(i + 1),
      ended: ['Succeeded', 'Failed', 'Stopped'].includes(status) ? at(i + 10) : undefined,
    }),
  );

describe('toBatchRecord', () => {
  const cases: { name: string; states: JobState[]; status: string }[] = [
    { name: 'Waiting while every job waits', states: ['Waiting', 'Waiting'], status: 'Waiting' },
    { name: 'Active while one runs', states: ['Running', 'Waiting'], status: 'Active' },
    { name: 'Active while one is done and another waits', states: ['Succeeded', 'Waiting'], status: 'Active' },
    { name: 'Completed once every job has finished', states: ['Succeeded', 'Failed'], status: 'Completed' },
    { name: 'Stopped once every job has finished and one was stopped', states: ['Succeeded', 'Stopped'], status: 'Stopped' },
  ];

  it.each(cases)('is $name', ({ states, status }) => {
    expect(toBatchRecord('b', jobsIn(...states)).status).toBe(status);
  });

  it('starts with its first job and ends with its last, once all have ended', () => {
    expect(toBatchRecord('b', jobsIn('Succeeded', 'Running'))).toMatchObject({ started: at(1), ended: undefined, finished: false });
    expect(toBatchRecord('b', jobsIn('Succeeded', 'Failed'))).toMatchObject({ started: at(1), ended: at(11), finished: true });
  });

  it('keeps the jobs in the order of the request', () => {
    const [first, second] = jobsIn('Waiting', 'Waiting');
    expect(toBatchRecord('b', [second, first]).jobs).toEqual([first, second]);
  });

  const anyFailed: BatchStatusRule = { condition: 'Any', operator: 'In', jobStatuses: ['Failed'], batchStatus: 'Failed' };
  const allSucceeded: BatchStatusRule = { condition: 'All', operator: 'In', jobStatuses: ['Succeeded'], batchStatus: 'Succeeded' };
  const noneWaiting: BatchStatusRule = { condition: 'All', operator: 'NotIn', jobStatuses: ['Waiting'], batchStatus: 'Running' };
  const anyActive: BatchStatusRule = { condition: 'Any', operator: 'In', jobStatuses: ['Active'], batchStatus: 'Running' };

  const ruled: { name: string; rules: BatchStatusRule[]; states: JobState[]; status: string }[] = [
    { name: 'the first rule that matches wins', rules: [anyFailed, allSucceeded], states: ['Failed', 'Succeeded'], status: 'Failed' },
    {
      name: 'later rules are tried when earlier do not match',
      rules: [anyFailed, allSucceeded],
      states: ['Succeeded', 'Succeeded'],
      status: 'Succeeded',
    },
    { name: 'NotIn matches jobs outside the list', rules: [noneWaiting], states: ['Running', 'Succeeded'], status: 'Running' },
    { name: "Radix's Active matches a running job", rules: [anyActive], states: ['Running', 'Waiting'], status: 'Running' },
    { name: 'no match leaves the aggregate', rules: [anyFailed], states: ['Succeeded', 'Running'], status: 'Active' },
  ];

  it.each(ruled)('with batchStatusRules: $name', ({ rules, states, status }) => {
    expect(toBatchRecord('b', jobsIn(...states), rules).status).toBe(status);
  });
});

describe('batchesOf', () => {
  it('groups the jobs of batches, newest batch first, and leaves single jobs out', () => {
    const jobs = [
      aJob({ batchName: 'old', created: at(1) }),
      aJob({ created: at(5) }),
      aJob({ batchName: 'new', created: at(3) }),
      aJob({ batchName: 'old', created: at(1) }),
    ];
    expect(batchesOf(jobs).map((batch) => [batch.name, batch.jobs.length])).toEqual([
      ['new', 1],
      ['old', 2],
    ]);
  });
});
