import { describe, expect, it } from '@jest/globals';
import type { JobDocument } from './job-document.js';
import { parseJob, serializeJob } from './job-document.js';

const NAME = 'compute-20261207100000-aaaaaaaa';
const at = (iso: string) => Date.parse(iso);

function aDocument(): JobDocument {
  return {
    record: {
      name: NAME,
      created: at('2026-12-07T10:00:00.123Z'),
      started: at('2026-12-07T10:00:01Z'),
      ended: at('2026-12-07T10:00:02Z'),
      status: 'Succeeded',
      replicas: [{ name: `${NAME}-0`, created: at('2026-12-07T10:00:00.500Z'), ended: at('2026-12-07T10:00:02Z'), state: 'Succeeded' }],
    },
    // A variable named like a time stays what it is.
    spec: { argv: ['true'], env: { created: 'not a time' }, hasPayload: false, backoffLimit: 0 },
  };
}

describe('job.json', () => {
  it('stores the times of a record and its attempts as RFC 3339 text, as earlier versions did', () => {
    const stored = JSON.parse(serializeJob(aDocument())) as { record: Record<string, unknown> & { replicas: Record<string, unknown>[] } };

    expect(stored.record).toMatchObject({
      created: '2026-12-07T10:00:00.123Z',
      started: '2026-12-07T10:00:01.000Z',
      ended: '2026-12-07T10:00:02.000Z',
    });
    expect(stored.record.replicas[0]).toMatchObject({ created: '2026-12-07T10:00:00.500Z', ended: '2026-12-07T10:00:02.000Z' });
    expect(stored.record.replicas[0]).not.toHaveProperty('started');
  });

  it('reads them back as milliseconds since the epoch, leaving other fields alone', () => {
    const document = aDocument();

    const read = parseJob(serializeJob(document), NAME);

    expect(read.record).toEqual(document.record);
    expect(read.spec.env).toEqual({ created: 'not a time' });
  });

  it('refuses a record whose creation time is not a time', () => {
    const text = serializeJob(aDocument()).replace('2026-12-07T10:00:00.123Z', 'yesterday');

    expect(() => parseJob(text, NAME)).toThrow('created is not a time');
  });
});
