import { describe, expect, it } from '@jest/globals';
import { CronGrammarError, isTimeZone, parseCron } from './cron-grammar.js';

interface Read {
  expression: string;
  /** The five fields as the calendar library gets them, or the interval. */
  means: string | { every: number };
  timeZone?: string;
}

const reads: Read[] = [
  { expression: '* * * * ?', means: '* * * * *' },
  { expression: '? ? ? ? ?', means: '* * * * *' },
  { expression: '0 0 ? * MON', means: '0 0 * * 1' },
  { expression: '@yearly', means: '0 0 1 1 *' },
  { expression: '@annually', means: '0 0 1 1 *' },
  { expression: '@monthly', means: '0 0 1 * *' },
  { expression: '@weekly', means: '0 0 * * 0' },
  { expression: '@daily', means: '0 0 * * *' },
  { expression: '@midnight', means: '0 0 * * *' },
  { expression: '@hourly', means: '0 * * * *' },
  { expression: '@every 1h30m', means: { every: 5400 } },
  { expression: '@every 90s', means: { every: 90 } },
  { expression: '@every 1.5s', means: { every: 1 } },
  { expression: '@every 500ms', means: { every: 1 } },
  { expression: '@every -5m', means: { every: 1 } },
  { expression: 'CRON_TZ=America/New_York 0 9 * * *', means: '0 9 * * *', timeZone: 'America/New_York' },
  { expression: 'TZ=Asia/Tokyo 0 9 * * *', means: '0 9 * * *', timeZone: 'Asia/Tokyo' },
  // A star with a step of 1 is still a star (day of month and day of week then both have to match).
  { expression: '0 0 */1 * MON', means: '0 0 * * 1' },
  // A step over 1, or an explicit full range, restricts the field (either day then matches).
  { expression: '0 0 */2 * MON', means: '0 0 */2 * 1' },
  { expression: '0 0 1-31 * MON', means: '0 0 1-31 * 1' },
  { expression: '0 0 * JAN-MAR MON-FRI', means: '0 0 * 1-3 1-5' },
  { expression: '0 0 * jan mon', means: '0 0 * 1 1' },
  { expression: '5/15 * * * *', means: '5-59/15 * * * *' },
  { expression: '10-50/20 * * * *', means: '10-50/20 * * * *' },
  { expression: '1,2,3 8-9 * * *', means: '1,2,3 8-9 * * *' },
  { expression: '0  0 * *  *', means: '0 0 * * *' },
  { expression: '  0 0 * * *  ', means: '0 0 * * *' },
];

/** What robfig (and so Radix) says of expressions it refuses. */
const refusals: { expression: string; error: string }[] = [
  { expression: '', error: 'empty spec string' },
  { expression: '@hourlyy', error: 'unrecognized descriptor: @hourlyy' },
  { expression: '@reboot', error: 'unrecognized descriptor: @reboot' },
  { expression: '@DAILY', error: 'unrecognized descriptor: @DAILY' },
  { expression: '@daily ', error: 'unrecognized descriptor: @daily ' },
  { expression: '@every 1d', error: 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"' },
  { expression: '@every soon', error: 'failed to parse duration @every soon: time: invalid duration "soon"' },
  { expression: '@every 10', error: 'failed to parse duration @every 10: time: missing unit in duration "10"' },
  { expression: 'CRON_TZ=Not/AZone 0 9 * * *', error: 'provided bad location Not/AZone: unknown time zone Not/AZone' },
  { expression: 'CRON_TZ=UTC', error: 'provided bad location UTC: no schedule after the time zone' },
  { expression: '0 0 * * 7', error: 'end of range (7) above maximum (6): 7' },
  { expression: '0 0 * * MON-SUN', error: 'beginning of range (1) beyond end of range (0): MON-SUN' },
  { expression: '60 * * * *', error: 'end of range (60) above maximum (59): 60' },
  { expression: '99 * * * *', error: 'end of range (99) above maximum (59): 99' },
  { expression: '0 24 * * *', error: 'end of range (24) above maximum (23): 24' },
  { expression: '0 0 0 * *', error: 'beginning of range (0) below minimum (1): 0' },
  { expression: '0 0 32 * *', error: 'end of range (32) above maximum (31): 32' },
  { expression: '0 0 * 13 *', error: 'end of range (13) above maximum (12): 13' },
  { expression: '0 */0 * * *', error: 'step of range should be a positive number: */0' },
  { expression: '0 1-2-3 * * *', error: 'too many hyphens: 1-2-3' },
  { expression: '0 1/2/3 * * *', error: 'too many slashes: 1/2/3' },
  { expression: '*/-1 * * * *', error: 'negative number (-1) not allowed: -1' },
  { expression: '0 * * * * *', error: 'expected exactly 5 fields, found 6: [0 * * * * *]' },
  { expression: '0 0 0 * * * 2026', error: 'expected exactly 5 fields, found 7: [0 0 0 * * * 2026]' },
  { expression: '* * 1', error: 'expected exactly 5 fields, found 3: [* * 1]' },
  { expression: '0 0 L * *', error: 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax' },
  { expression: '0 0 15W * *', error: 'failed to parse int from 15W: strconv.Atoi: parsing "15W": invalid syntax' },
  { expression: '0 0 * * MON#2', error: 'failed to parse int from MON#2: strconv.Atoi: parsing "MON#2": invalid syntax' },
  { expression: 'H 0 * * *', error: 'failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax' },
];

describe('parseCron reads what robfig ParseStandard reads', () => {
  it.each(reads)('$expression', ({ expression, means, timeZone }) => {
    const timing = parseCron(expression);
    if (typeof means === 'string') expect(timing).toEqual({ kind: 'calendar', pattern: means, timeZone });
    else expect(timing).toEqual({ kind: 'every', seconds: means.every });
  });
});

describe('parseCron refuses what robfig refuses, in its words', () => {
  it.each(refusals)('$expression', ({ expression, error }) => {
    expect(() => parseCron(expression)).toThrow(new CronGrammarError(error));
  });
});

describe('isTimeZone takes names as Go does', () => {
  it.each([
    ['Europe/Oslo', true],
    ['UTC', true],
    ['US/Eastern', true],
    ['America/New_York', true],
    ['europe/oslo', false],
    ['utc', false],
    ['Not/AZone', false],
    ['+02:00', false],
  ])('%s: %s', (name, taken) => {
    expect(isTimeZone(name)).toBe(taken);
  });
});
