/**
 * One copy of each often-repeated string the cache keeps: the JSON of every watch event makes
 * new copies of a batch's name, an image, a phase, a reason, and 10,000 jobs would hold 10,000
 * of each. Bounded: past `limit` distinct strings it starts again, so unique values cost
 * nothing for long. Only for strings many jobs share (and the Job controller's fixed messages),
 * never for names.
 */
export class SharedStrings {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit = 4096) {}

  readonly one = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const known = this.known.get(value);
    if (known !== undefined) return known;
    if (this.known.size >= this.limit) this.known.clear();
    this.known.set(value, value);
    return value;
  };
}

/** What the facts' makers call on a repeated string: SharedStrings.one, or the string itself. */
export type Share = (value: string | undefined) => string | undefined;

export const unshared: Share = (value) => value;
