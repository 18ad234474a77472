import { describe, expect, it } from '@jest/globals';
import { backoff } from './backoff.js';

describe('backoff', () => {
  const shape = { firstMs: 1000, maxMs: 60_000 };

  it.each([
    { attempt: 1, delay: 1000 },
    { attempt: 2, delay: 2000 },
    { attempt: 6, delay: 32_000 },
    { attempt: 7, delay: 60_000 },
    { attempt: 1000, delay: 60_000 },
  ])('waits $delay ms before attempt $attempt, doubling up to the cap', ({ attempt, delay }) => {
    expect(backoff(shape, attempt)).toBe(delay);
  });

  it('treats attempt 0 as the first', () => {
    expect(backoff(shape, 0)).toBe(1000);
  });

  it('spreads a delay over the jitter, from its low end to its high end', () => {
    const jittered = { ...shape, jitter: 0.5 };
    expect([backoff(jittered, 2, () => 0), backoff(jittered, 2, () => 0.5), backoff(jittered, 2, () => 1)]).toEqual([1000, 2000, 3000]);
  });
});
