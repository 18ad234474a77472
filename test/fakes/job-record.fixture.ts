import type { JobRecord } from '../../src/jobs/job.model.js';

let counter = 0;

/** A job record with sensible defaults; pass only what the test is about. */
export function aJob(overrides: Partial<JobRecord> = {}): JobRecord {
  counter++;
  return {
    name: `compute-20260101000000-${String(counter).padStart(8, '0')}`,
    created: Date.parse('2026-01-01T00:00:00Z'),
    status: 'Waiting',
    replicas: [],
    ...overrides,
  };
}

/** A job that ended `minutesAfter` minutes past 2026-01-01T00:00Z, in the given end state. */
export function anEndedJob(status: 'Succeeded' | 'Failed' | 'Stopped', minutesAfter: number, name?: string): JobRecord {
  const ended = Date.UTC(2026, 0, 1, 0, minutesAfter);
  return aJob({ status, ended, started: ended, ...(name ? { name } : {}) });
}
