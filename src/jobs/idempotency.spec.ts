import { describe, expect, it } from '@jest/globals';
import { IdempotentSubmits, idempotencyStamp, madeElsewhere, madeWith } from './idempotency.js';
import { InvalidRequestError, JobConflictError, KeyClaimedError } from './jobs.errors.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';

describe('idempotencyStamp', () => {
  it('digests the key and the request, the same for the same request whatever the key order', () => {
    const sut = idempotencyStamp('order-1', { a: 1, b: { c: 2, d: 3 } });
    expect(sut).toEqual(idempotencyStamp('order-1', { b: { d: 3, c: 2 }, a: 1 }));
    expect(sut!.key).toMatch(/^[0-9a-f]{40}$/);
    expect(sut!.request).not.toBe(idempotencyStamp('order-1', { a: 2 })!.request);
  });

  it('is nothing without a key and refuses a key that cannot be one', () => {
    expect(idempotencyStamp(undefined, {})).toBeUndefined();
    for (const key of ['', 'with space', 'ünï', 'k'.repeat(256)]) expect(() => idempotencyStamp(key, {})).toThrow(InvalidRequestError);
  });
});

describe('madeWith', () => {
  it('matches a job of the key for 24 hours', () => {
    const stamp = idempotencyStamp('k', {})!;
    const job = aJob({ idempotency: stamp, created: Date.parse('2026-01-01T00:00:00Z') });
    expect(madeWith(job, stamp, new Date('2026-01-01T23:59:59Z'))).toBe(true);
    expect(madeWith(job, stamp, new Date('2026-01-02T00:00:00Z'))).toBe(false);
    expect(madeWith(aJob(), stamp, new Date('2026-01-01T01:00:00Z'))).toBe(false);
  });
});

describe('IdempotentSubmits', () => {
  it('runs requests with one key one after the other, so that the second finds what the first made', async () => {
    const sut = new IdempotentSubmits();
    const stamp = idempotencyStamp('k', {})!;
    let made: string | undefined;
    let makes = 0;
    const find = async () => (made ? { made, request: stamp.request } : undefined);
    const make = async () => {
      makes++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return (made = `job-${makes}`);
    };
    const results = await Promise.all([sut.submit(stamp, find, make), sut.submit(stamp, find, make), sut.submit(stamp, find, make)]);
    expect([results, makes]).toEqual([['job-1', 'job-1', 'job-1'], 1]);
  });

  it('refuses the key with another request with a conflict', async () => {
    const sut = new IdempotentSubmits();
    const stamp = idempotencyStamp('k', { a: 1 })!;
    await expect(
      sut.submit(
        stamp,
        async () => ({ made: 'x', request: 'other' }),
        async () => 'y',
      ),
    ).rejects.toThrow(JobConflictError);
  });

  it('lets a failed first attempt be retried with the same key', async () => {
    const sut = new IdempotentSubmits();
    const stamp = idempotencyStamp('k', {})!;
    await expect(
      sut.submit(
        stamp,
        async () => undefined,
        async () => Promise.reject(new Error('down')),
      ),
    ).rejects.toThrow('down');
    await expect(
      sut.submit(
        stamp,
        async () => undefined,
        async () => 'made',
      ),
    ).resolves.toBe('made');
  });
});

describe('madeElsewhere', () => {
  const stamp = { key: 'k', request: 'r' };

  it('answers with what the holder made once it exists', async () => {
    let looks = 0;
    const made = await madeElsewhere(new KeyClaimedError('compute-a', 'r'), stamp, async (holder) => (++looks < 3 ? undefined : holder));
    expect([made, looks]).toEqual(['compute-a', 3]);
  });

  it('refuses at once when the holder came with another request', async () => {
    const looked: string[] = [];
    const refused = madeElsewhere(new KeyClaimedError('compute-a', 'other'), stamp, async (holder) => {
      looked.push(holder);
      return holder;
    });
    await expect(refused).rejects.toBeInstanceOf(JobConflictError);
    expect(looked).toEqual([]);
  });
});
