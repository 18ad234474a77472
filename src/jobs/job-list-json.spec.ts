import { describe, expect, it } from '@jest/globals';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { toJobStatus } from './dto/job-status.dto.js';
import { JobListJson } from './job-list-json.js';
import type { JobRecord } from './job.model.js';

const parsed = (bytes: Buffer): unknown => JSON.parse(bytes.toString());
const statuses = (jobs: JobRecord[]) => JSON.parse(JSON.stringify(jobs.map(toJobStatus))) as unknown;

describe('JobListJson', () => {
  it('is the JSON array of the JobStatuses, for none, one and several jobs', () => {
    for (const jobs of [[], [aJob()], [aJob({ status: 'Running' }), aJob({ jobId: 'x' }), aJob({ jobId: 'ü€' })]]) {
      expect(parsed(new JobListJson().all(jobs))).toEqual(statuses(jobs));
    }
  });

  it('answers the same bytes for the same list', () => {
    const sut = new JobListJson();
    const jobs = [aJob(), aJob()];
    expect(sut.all(jobs)).toBe(sut.all(jobs));
  });

  it('makes a list in which records changed, came and went out of the last one, exactly', () => {
    const sut = new JobListJson();
    const [a, b, c, d] = [aJob({ jobId: 'a' }), aJob({ jobId: 'bé' }), aJob({ jobId: 'c' }), aJob({ jobId: 'd' })];
    sut.all([a, b, c]);
    const changed = { ...b, status: 'Succeeded' as const };
    for (const jobs of [[d, a, changed, c], [c], [a, b, c, d], [], [b, a]]) {
      expect(parsed(sut.all(jobs))).toEqual(statuses(jobs));
    }
  });

  it('serializes again only the records that are new to it', () => {
    const sut = new JobListJson();
    const [a, b] = [aJob(), aJob()];
    sut.all([a, b]);
    // A record whose JSON came out of the last list is not looked at again: were it read, this would fail.
    Object.defineProperty(a, 'status', {
      get: () => {
        throw new Error('read again');
      },
    });
    const c = aJob({ jobId: 'new' });
    const listed = parsed(sut.all([c, a, b])) as { name: string }[];
    expect(listed.map((job) => job.name)).toEqual([c.name, a.name, b.name]);
  });

  it('makes parts (filtered or paged) out of the whole list without replacing it', () => {
    const sut = new JobListJson();
    const jobs = [aJob({ jobId: 'a' }), aJob({ jobId: 'b' }), aJob({ jobId: 'c' })];
    const whole = sut.all(jobs);
    expect(parsed(Buffer.concat(sut.part([jobs[2], jobs[0]], jobs)))).toEqual(statuses([jobs[2], jobs[0]]));
    expect(sut.part(jobs, jobs)).toEqual([whole]);
    expect(sut.part(jobs, jobs)[0]).toBe(whole);
    expect(sut.all(jobs)).toBe(whole);
  });

  it('makes a part of runs of the whole list, records new to it, and none at all, exactly', () => {
    const sut = new JobListJson();
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((jobId) => aJob({ jobId }));
    const [fresh, other] = [aJob({ jobId: 'new' }), aJob({ jobId: 'ü€' })];
    const parts = [[], [jobs[1], jobs[2], jobs[3]], [jobs[4], jobs[0], jobs[1]], [fresh, jobs[2], jobs[3], other, jobs[0]], [fresh]];
    // Parts of the whole list, and parts with records it lacks (a caller that passed an older list).
    for (const part of parts) expect(parsed(Buffer.concat(sut.part(part, jobs)))).toEqual(statuses(part));
  });

  it('sends neighbours in the whole list as one view of its bytes, copying nothing', () => {
    const sut = new JobListJson();
    const jobs = ['a', 'b', 'c', 'd'].map((jobId) => aJob({ jobId }));
    const pieces = sut.part([jobs[1], jobs[2], jobs[3]], jobs);
    const whole = sut.all(jobs);

    expect(pieces.map((piece) => piece.toString())).toEqual(['[', JSON.stringify(statuses([jobs[1], jobs[2], jobs[3]])).slice(1, -1), ']']);
    const inside = pieces[1].byteOffset - whole.byteOffset;
    expect([pieces[1].buffer === whole.buffer, inside > 0 && inside + pieces[1].length < whole.length]).toEqual([true, true]);
  });
});
