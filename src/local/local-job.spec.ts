import { describe, expect, it } from '@jest/globals';
import { nodeJob, T0 } from '../../test/fakes/local.fixtures.js';
import { newJobDocument } from './job-document.js';
import { LocalJob } from './local-job.js';

describe('LocalJob', () => {
  const document = () => newJobDocument(nodeJob(''), T0);

  it('holds the whole document until it settles, then only the record it is given', () => {
    const job = new LocalJob(document());
    const finished = Object.freeze({ ...job.record, status: 'Succeeded' as const });

    job.settle(finished);

    expect([job.live, job.record]).toEqual([false, finished]);
    expect(() => job.document).toThrow(/has settled/);
  });

  it('holds a new document again when the job runs again', () => {
    const job = new LocalJob(document());
    job.settle(job.record);
    const next = document();

    job.renew(next);

    expect([job.live, job.document, job.record]).toEqual([true, next, next.record]);
  });
});
