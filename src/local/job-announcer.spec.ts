import { describe, expect, it } from '@jest/globals';
import type { JobRecord } from '../jobs/job.model.js';
import { JobAnnouncer } from './job-announcer.js';

const record = (name: string, status: JobRecord['status'] = 'Waiting'): JobRecord => ({
  name,
  status,
  created: Date.parse('2026-12-01T00:00:00Z'),
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

describe('JobAnnouncer snapshots', () => {
  it('keep the state they were made with while the run changes the record and its attempts in place', () => {
    const sut = new JobAnnouncer();
    const live = record('a', 'Running');
    live.replicas.push({ name: 'a-1', state: 'Running', created: Date.parse('2026-12-01T00:00:01Z') });
    sut.changed(live);
    const told = sut.snapshot('a')!;

    live.status = 'Succeeded';
    Object.assign(live.replicas[0], { state: 'Succeeded', ended: new Date('2026-12-01T00:00:09Z') });
    live.replicas.push({ name: 'a-2' } as JobRecord['replicas'][number]);

    expect([told.status, told.replicas.length, told.replicas[0].state, told.replicas[0].ended]).toEqual([
      'Running',
      1,
      'Running',
      undefined,
    ]);
    expect([Object.isFrozen(told), Object.isFrozen(told.replicas), Object.isFrozen(told.replicas[0])]).toEqual([true, true, true]);
  });

  it('takes a frozen record as its own snapshot, without a copy', () => {
    const sut = new JobAnnouncer();
    const settled = Object.freeze(record('a', 'Succeeded'));
    sut.know(settled);
    expect(sut.snapshot('a')).toBe(settled);
  });
});
