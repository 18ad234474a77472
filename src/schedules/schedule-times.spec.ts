import { describe, expect, it } from '@jest/globals';
import { parseCron } from '../validation/cron-grammar.js';
import { ScheduleTimes } from './schedule-times.js';

const times = (expression: string, timeZone = 'UTC') => new ScheduleTimes(parseCron(expression), timeZone);
/** The next `n` times after `from`, as ISO strings. */
const nextTimes = (sut: ScheduleTimes, from: string, n: number) => {
  const found: string[] = [];
  for (let at: Date | undefined = new Date(from); found.length < n && at;) {
    at = sut.next(at);
    if (at) found.push(at.toISOString());
  }
  return found;
};
const MONDAY = '2026-06-15T10:07:00Z';

interface Case {
  name: string;
  expression: string;
  timeZone?: string;
  from: string;
  next: string[];
}

/** Next times as robfig gives them (checked against robfig/cron v3.0.1), except where daylight saving or @every says otherwise. */
const cases: Case[] = [
  { name: '? is *', expression: '0 0 ? * MON', from: MONDAY, next: ['2026-06-22T00:00:00.000Z', '2026-06-29T00:00:00.000Z'] },
  { name: '@annually', expression: '@annually', from: MONDAY, next: ['2027-01-01T00:00:00.000Z'] },
  { name: '@weekly is Sunday midnight', expression: '@weekly', from: MONDAY, next: ['2026-06-21T00:00:00.000Z'] },
  { name: '@midnight', expression: '@midnight', from: MONDAY, next: ['2026-06-16T00:00:00.000Z'] },
  {
    name: 'day of month or day of week, when both are restricted',
    expression: '0 0 1 * MON',
    from: MONDAY,
    next: ['2026-06-22T00:00:00.000Z', '2026-06-29T00:00:00.000Z', '2026-07-01T00:00:00.000Z', '2026-07-06T00:00:00.000Z'],
  },
  {
    name: 'a step over 1 restricts the day of month: odd days or Mondays',
    expression: '0 0 */2 * MON',
    from: MONDAY,
    next: ['2026-06-17T00:00:00.000Z', '2026-06-19T00:00:00.000Z', '2026-06-21T00:00:00.000Z', '2026-06-22T00:00:00.000Z'],
  },
  {
    name: 'a star with step 1 does not: Mondays only',
    expression: '0 0 */1 * MON',
    from: MONDAY,
    next: ['2026-06-22T00:00:00.000Z', '2026-06-29T00:00:00.000Z'],
  },
  {
    name: 'an explicit full range restricts: every day',
    expression: '0 0 1-31 * MON',
    from: MONDAY,
    next: ['2026-06-16T00:00:00.000Z', '2026-06-17T00:00:00.000Z'],
  },
  {
    name: 'names and ranges',
    expression: '0 0 * JAN-MAR MON-FRI',
    from: MONDAY,
    next: ['2027-01-01T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
  },
  { name: 'N/step', expression: '5/15 * * * *', from: MONDAY, next: ['2026-06-15T10:20:00.000Z', '2026-06-15T10:35:00.000Z'] },
  { name: 'leap day', expression: '0 0 29 2 *', from: MONDAY, next: ['2028-02-29T00:00:00.000Z'] },
  { name: 'a time zone prefix wins', expression: 'CRON_TZ=America/New_York 0 9 * * *', from: MONDAY, next: ['2026-06-15T13:00:00.000Z'] },
  { name: 'the schedule time zone', expression: '0 9 * * *', timeZone: 'Europe/Oslo', from: MONDAY, next: ['2026-06-16T07:00:00.000Z'] },
  {
    name: '@every counts from the epoch, the same on every replica',
    expression: '@every 1h30m',
    from: MONDAY,
    next: ['2026-06-15T10:30:00.000Z', '2026-06-15T12:00:00.000Z'],
  },
  {
    name: 'spring forward: 02:30 that does not exist fires once, when the clocks jump to 03:00',
    expression: '30 2 * * *',
    timeZone: 'Europe/Oslo',
    from: '2026-03-28T11:00:00Z',
    next: ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
  },
  {
    name: 'fall back: 02:30 that happens twice fires once',
    expression: '30 2 * * *',
    timeZone: 'Europe/Oslo',
    from: '2026-10-24T10:00:00Z',
    next: ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
  },
  {
    name: 'fall back: an hourly schedule fires every hour, the repeated one too',
    expression: '0 * * * *',
    timeZone: 'Europe/Oslo',
    from: '2026-10-24T22:30:00Z',
    next: ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'],
  },
];

describe('ScheduleTimes.next', () => {
  it.each(cases)('$name', ({ expression, timeZone, from, next }) => {
    expect(nextTimes(times(expression, timeZone), from, next.length)).toEqual(next);
  });

  it('has none for a day that never comes', () => {
    expect(times('0 0 31 2 *').next(new Date(MONDAY))).toBeUndefined();
  });
});

describe('ScheduleTimes.latest', () => {
  it('finds the most recent time a restart missed', () => {
    const sut = times('*/15 * * * *');
    expect(sut.latest(new Date('2026-06-15T09:00:00Z'), new Date('2026-06-15T10:07:00Z'))?.toISOString()).toBe('2026-06-15T10:00:00.000Z');
  });

  it('counts a time equal to the end, and none at or before the start', () => {
    const sut = times('@every 10s');
    expect(sut.latest(new Date('2026-06-15T10:06:50Z'), new Date('2026-06-15T10:07:00Z'))?.toISOString()).toBe('2026-06-15T10:07:00.000Z');
    expect(sut.latest(new Date('2026-06-15T10:07:00Z'), new Date('2026-06-15T10:07:09Z'))).toBeUndefined();
  });

  it('counts the times in between', () => {
    expect(times('*/15 * * * *').countBetween(new Date('2026-06-15T09:00:00Z'), new Date('2026-06-15T10:07:00Z'))).toBe(4);
  });
});
