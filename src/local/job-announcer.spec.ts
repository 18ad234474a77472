import { describe, expect, it } from '@jest/globals';
import type { JobRecord } from '../jobs/job.model.js';
import { JobAnnouncer } from './job-announcer.js';

const record = (name: string, status: JobRecord['status'] = 'Waiting'): JobRecord => ({
  name,
  status,
  created: new Date('2026-12-01T00:00:00Z'),
  replicas: [],
});

describe('JobAnnouncer records', () => {
  it('answers the same frozen array while nothing changes', () => {
    const sut = new JobAnnouncer();
    sut.know(record('a'));
    const first = sut.records();
    expect(sut.records()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('answers a new array after a change, a record known again, or a job gone', () => {
    const sut = new JobAnnouncer();
    sut.know(record('a'));
    const first = sut.records();
    sut.changed(record('a', 'Running'));
    const second = sut.records();
    expect(second).not.toBe(first);
    expect(second.map((job) => job.status)).toEqual(['Running']);
    sut.know(record('b'));
    expect(sut.records().map((job) => job.name)).toEqual(['a', 'b']);
    sut.gone('a');
    expect(sut.records().map((job) => job.name)).toEqual(['b']);
  });
});
