import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { JobCache } from './job-cache.js';

const NAME = 'compute-20260101000000-abcdefgh';

function aJob(resourceVersion: string, annotations: Record<string, string> = {}): V1Job {
  return { metadata: { name: NAME, resourceVersion, annotations, creationTimestamp: new Date('2026-01-01T00:00:00Z') } };
}

const STOPPED = { 'job-scheduler/stopped-at': '2026-01-01T00:00:05Z' };

describe('JobCache writes', () => {
  it('shows a created job at once, before the watch reports it', () => {
    const sut = new JobCache();
    sut.applyWrite(aJob('10'), 'created');
    expect(sut.get(NAME)?.status).toBe('Waiting');
  });

  it('takes an update of a job it holds', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.applyWrite(aJob('11', STOPPED), 'updated');
    expect(sut.get(NAME)?.status).toBe('Stopped');
  });

  it('does not bring back a job deleted elsewhere while this scheduler updated it', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.jobHandlers.remove(aJob('12'));
    sut.applyWrite(aJob('11', STOPPED), 'updated');
    expect(sut.get(NAME)).toBeUndefined();
  });

  it('keeps a newer version the watch delivered first', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('12', STOPPED));
    sut.applyWrite(aJob('11'), 'created');
    expect(sut.get(NAME)?.status).toBe('Stopped');
  });

  it('ignores late watch events for a job it has forgotten, until the deletion arrives', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.forget(NAME);
    sut.jobHandlers.upsert(aJob('11'));
    expect(sut.get(NAME)).toBeUndefined();
    sut.jobHandlers.remove(aJob('12'));
    sut.jobHandlers.upsert(aJob('13'));
    expect(sut.get(NAME)).toBeDefined();
  });
});
