import { describe, expect, it } from '@jest/globals';
import { escapeControls } from '../http/status.filter.js';
import { shapeProblem } from './json-shape.js';

describe('shapeProblem', () => {
  const limits = { depth: 3, keysPerObject: 2, values: 10 };
  const cases: { name: string; value: unknown; problem: string | undefined }[] = [
    { name: 'a plain body is fine', value: { a: 1, b: [1, 2] }, problem: undefined },
    { name: 'too deep', value: { a: { b: { c: { d: 1 } } } }, problem: 'a.b.c: nested more than 3 levels deep' },
    { name: 'too many keys', value: { a: 1, b: 2, c: 3 }, problem: 'request body: 3 keys; an object may have at most 2' },
    { name: 'too many values', value: { a: Array.from({ length: 20 }, () => 1) }, problem: 'request body: more than 10 values' },
    { name: 'a prototype key', value: JSON.parse('{"v":{"__proto__":1}}'), problem: 'v.__proto__: "__proto__" is not allowed as a name' },
  ];

  it.each(cases)('$name', ({ value, problem }) => {
    expect(shapeProblem(value, limits)).toBe(problem);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(shapeProblem(deep)).toMatch(/nested more than 32 levels deep$/);
  });
});

describe('escapeControls', () => {
  it('keeps a forged log line, a NUL and a line separator on one line', () => {
    expect(escapeControls('job compute-\r\nSet-Cookie: x=1\u0000\u2028')).toBe('job compute-\\u000d\\u000aSet-Cookie: x=1\\u0000\\u2028');
  });
});
