/**
 * Cron expressions as Radix reads them: robfig/cron v3's `ParseStandard`, which Radix's
 * admission webhook and job-scheduler use. The grammar is checked here, with robfig's own error
 * texts (Radix's messages embed them); next times are computed elsewhere, by a calendar library
 * given the normalised pattern this returns.
 *
 * - five fields (minute, hour, day of month, month, day of week), `?` read as `*`;
 * - `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`, `@hourly`;
 * - `@every <Go duration>`: under a second counts as one, and fractions of a second are dropped;
 * - an optional `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix;
 * - day of month and day of week: when both are restricted (neither is `*` or `?` without a
 *   step over 1), a day matching either one matches.
 */

/** What an expression means: a calendar pattern (five fields, normalised) or a fixed interval. */
export type CronTiming = { kind: 'calendar'; pattern: string; timeZone?: string } | { kind: 'every'; seconds: number };

export class CronGrammarError extends Error {}

interface Field {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
/** Go's strings.Fields: any Unicode white space separates. */
const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0]+/;

/** Reads an expression; throws CronGrammarError with the text robfig would give. */
export function parseCron(expression: string): CronTiming {
  if (expression.length === 0) throw new CronGrammarError('empty spec string');
  let spec = expression;
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const end = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, end < 0 ? undefined : end);
    // robfig v3.0.1 panics on a prefix with nothing after it; here it is an error.
    if (end < 0) throw new CronGrammarError(`provided bad location ${zone}: no schedule after the time zone`);
    if (!isTimeZone(zone)) throw new CronGrammarError(`provided bad location ${zone}: unknown time zone ${zone}`);
    timeZone = zone;
    spec = spec.slice(end).trim();
  }
  if (spec.startsWith('@every ')) return { kind: 'every', seconds: everySeconds(spec) };
  if (spec.startsWith('@')) {
    const pattern = DESCRIPTORS[spec];
    if (!pattern) throw new CronGrammarError(`unrecognized descriptor: ${spec}`);
    return { kind: 'calendar', pattern, timeZone };
  }
  const fields = spec.split(WHITE_SPACE).filter((field) => field !== '');
  if (fields.length !== 5) throw new CronGrammarError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return { kind: 'calendar', pattern: fields.map((field, i) => normaliseField(field, FIELDS[i])).join(' '), timeZone };
}

/**
 * Whether `name` is a time zone as Go's time.LoadLocation takes it: an IANA name (aliases such as
 * `US/Eastern` included) or UTC, spelled with its own case (`europe/oslo` is refused, as in Go).
 */
export function isTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC') return true;
  // Node 24's Intl takes UTC offsets (`+02:00`) as zones, as ES2024 allows; Go has no such zone.
  if (/^[+-]/.test(name)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
}

/**
 * One field, checked, as the calendar library reads it: each item of its list (`*`, `?`, `N`,
 * `N-M`, each with an optional `/step`) checked against the field's bounds, `?` and `*\/1` made
 * `*`, a step of 2 or more kept (in robfig it makes the field restricted, and so does the library).
 */
function normaliseField(field: string, bounds: Field): string {
  const items = field.split(',').filter((item) => item !== '');
  return items.map((item) => normaliseItem(item, bounds)).join(',') || '*';
}

function normaliseItem(item: string, bounds: Field): string {
  const [range, ...steps] = item.split('/');
  const [low, high, ...moreHyphens] = range.split('-');
  // In robfig's order, so that an item wrong in two ways gets robfig's message.
  const any = low === '*' || low === '?';
  let start = bounds.min;
  let end = bounds.max;
  if (!any) {
    start = number(low, bounds);
    if (moreHyphens.length > 0) throw new CronGrammarError(`too many hyphens: ${item}`);
    end = high === undefined ? start : number(high, bounds);
  }
  if (steps.length > 1) throw new CronGrammarError(`too many slashes: ${item}`);
  const step = steps.length === 0 ? 1 : whole(steps[0]);
  // `N/step` runs from N to the field's end.
  if (steps.length === 1 && high === undefined) end = bounds.max;
  if (start < bounds.min) throw new CronGrammarError(`beginning of range (${start}) below minimum (${bounds.min}): ${item}`);
  if (end > bounds.max) throw new CronGrammarError(`end of range (${end}) above maximum (${bounds.max}): ${item}`);
  if (start > end) throw new CronGrammarError(`beginning of range (${start}) beyond end of range (${end}): ${item}`);
  if (step === 0) throw new CronGrammarError(`step of range should be a positive number: ${item}`);
  if (any) return step > 1 ? `*/${step}` : '*';
  return `${start}${start === end && steps.length === 0 ? '' : `-${end}`}${step > 1 ? `/${step}` : ''}`;
}

/** A number or, where the field has them, a name (`JAN`, `mon`). */
function number(text: string, bounds: Field): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? whole(text);
}

/** strconv.Atoi, then robfig's refusal of negatives. */
function whole(text: string): number {
  if (!/^[+-]?\d+$/.test(text))
    throw new CronGrammarError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new CronGrammarError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  if (value < 0) throw new CronGrammarError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

/** `@every <duration>` in whole seconds, at least one, as robfig's Every rounds it. */
function everySeconds(spec: string): number {
  const text = spec.slice('@every '.length);
  let milliseconds: number;
  try {
    milliseconds = goDuration(text);
  } catch (error) {
    throw new CronGrammarError(`failed to parse duration ${spec}: ${(error as Error).message}`);
  }
  return Math.max(1, Math.floor(milliseconds / 1000));
}

const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds: `1h30m`, `90s`, `1.5h`, `-2m`; units ns to h (no days). */
function goDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let rest = text.replace(/^[+-]/, '');
  const sign = text.startsWith('-') ? -1 : 1;
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const amount = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (amount[1] === '' && !amount[2]) throw new Error(`time: invalid duration ${quoted}`);
    rest = rest.slice(amount[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    if (!(unit in UNITS)) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    total += Number(`${amount[1] || '0'}.${amount[2] || '0'}`) * UNITS[unit];
  }
  return sign * total;
}
