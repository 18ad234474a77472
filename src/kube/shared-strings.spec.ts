import { describe, expect, it } from '@jest/globals';
import { SharedStrings } from './shared-strings.js';

// Which copy of a string comes back cannot be seen from JavaScript; B4 measures what sharing saves.
describe('SharedStrings', () => {
  const size = (strings: SharedStrings) => (strings as unknown as { known: Map<string, string> }).known.size;

  it('gives back the value it is given, undefined too, keeping one entry per distinct string', () => {
    const strings = new SharedStrings();
    const given = ['batch-1', 'compute:1.0.0', 'batch-1', undefined, 'Completed', 'batch-1'];

    expect(given.map((value) => strings.one(value))).toEqual(given);
    expect(size(strings)).toBe(3);
  });

  it('holds at most `limit` strings, starting again past it', () => {
    const strings = new SharedStrings(2);

    expect(['a', 'b', 'c', 'd', 'c'].map((value) => strings.one(value))).toEqual(['a', 'b', 'c', 'd', 'c']);
    expect(size(strings)).toBe(2);
  });
});
