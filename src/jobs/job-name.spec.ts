import { describe, expect, it } from '@jest/globals';
import { newJobName } from './job-name.js';

describe('newJobName', () => {
  const instant = new Date('2021-04-07T10:55:56.789Z');

  it('is the job, the UTC time to the second and eight random characters', () => {
    const sut = newJobName('compute', instant, () => 0);
    expect(sut).toBe('compute-20210407105556-aaaaaaaa');
  });

  it('draws every suffix character from [a-z0-9]', () => {
    const draws = [0, 25, 26, 35, 1, 2, 3, 4];
    const sut = newJobName('etl', instant, () => draws.shift()!);
    expect(sut).toBe('etl-20210407105556-az09bcde');
  });

  it('is a DNS-1123 label of at most 63 characters for the longest job name allowed', () => {
    const sut = newJobName('j'.repeat(39), instant);
    expect(sut.length).toBeLessThanOrEqual(63);
    expect(sut).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('gives distinct names for many jobs in the same second', () => {
    const names = new Set(Array.from({ length: 10_000 }, () => newJobName('compute', instant)));
    expect(names.size).toBe(10_000);
  });
});
