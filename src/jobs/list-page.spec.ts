import { describe, expect, it } from '@jest/globals';
import { NewestFirst, pageOf } from './list-page.js';

const job = (name: string, created: string) => ({ name, created: Date.parse(created) });

describe('NewestFirst', () => {
  const older = job('a', '2026-12-01T00:00:00Z');
  const newer = job('b', '2026-12-02T00:00:00Z');
  const same = job('c', '2026-12-02T00:00:00Z');

  it('sorts newest first, then by name descending, without changing its input', () => {
    const input = [older, newer, same];
    expect(new NewestFirst().of(input)).toEqual([same, newer, older]);
    expect(input).toEqual([older, newer, same]);
  });

  it('answers the same array while it is given the same records', () => {
    const sut = new NewestFirst();
    const first = sut.of([older, newer]);
    expect(sut.of([older, newer])).toBe(first);
  });

  it('answers at once, without comparing, when given the very array it was given before', () => {
    const sut = new NewestFirst();
    const input = [older, newer];
    const first = sut.of(input);
    input[0] = same;
    expect(sut.of(input)).toBe(first);
  });

  it('sorts again when a record is replaced, added or removed', () => {
    const sut = new NewestFirst();
    const first = sut.of([older, newer]);
    const replaced = job('a', '2026-12-03T00:00:00Z');
    expect(sut.of([replaced, newer])).toEqual([replaced, newer]);
    expect(sut.of([older, newer, same])).toEqual([same, newer, older]);
    expect(sut.of([older])).not.toBe(first);
  });
});

describe('pageOf', () => {
  it('gives the items themselves when nothing filters or pages them', () => {
    const items = [job('b', '2026-12-02T00:00:00Z'), job('a', '2026-12-01T00:00:00Z')];
    expect(pageOf(items, {}).items).toBe(items);
  });

  it('filters by creation time and pages with a token', () => {
    const items = [job('c', '2026-12-03T00:00:00Z'), job('b', '2026-12-02T00:00:00Z'), job('a', '2026-12-01T00:00:00Z')];
    const first = pageOf(items, { createdAfter: '2026-12-01T12:00:00Z', limit: 1 } as never);
    expect(first.items.map((item) => item.name)).toEqual(['c']);
    const second = pageOf(items, { createdAfter: '2026-12-01T12:00:00Z', limit: 1, continue: first.next } as never);
    expect([second.items.map((item) => item.name), second.next]).toEqual([['b'], undefined]);
  });
});
