import { InvalidRequestError } from './jobs.errors.js';
import type { ListQuery } from './dto/list-query.dto.js';
import { type EpochMs, sortNewestFirst } from './job.model.js';

/** What lists are made of: a name and a creation time, newest first. */
interface Listed {
  name: string;
  created: EpochMs;
}

export interface Page<T> {
  items: readonly T[];
  /** The token of the next page, when there is one. */
  next?: string;
}

/**
 * Filters `items` (newest first) by creation time and pages them. A token is the position of
 * the last item of a page, so pages stay whole while jobs come and go: nothing is listed
 * twice, and nothing older than the token is skipped.
 */
export function pageOf<T extends Listed>(items: readonly T[], query: ListQuery): Page<T> {
  if (!query.createdAfter && !query.createdBefore && query.continue === undefined && query.limit === undefined) return { items };
  const after = query.createdAfter ? new Date(query.createdAfter).getTime() : -Infinity;
  const before = query.createdBefore ? new Date(query.createdBefore).getTime() : Infinity;
  const from = query.continue === undefined ? undefined : position(query.continue);
  const kept = items.filter((item) => {
    const { created } = item;
    return created >= after && created < before && (!from || created < from.created || (created === from.created && item.name < from.name));
  });
  if (query.limit === undefined || kept.length <= Number(query.limit)) return { items: kept };
  const page = kept.slice(0, Number(query.limit));
  const last = page[page.length - 1];
  return { items: page, next: Buffer.from(JSON.stringify([last.created, last.name])).toString('base64url') };
}

function position(token: string): { created: number; name: string } {
  try {
    const [created, name] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof created === 'number' && Number.isFinite(created) && typeof name === 'string') return { created, name };
  } catch {
    // fall through
  }
  throw new InvalidRequestError('continue: not a token this scheduler gave (use the X-Continue header of the previous page)');
}

/**
 * `sortNewestFirst`, remembered: while a runtime lists the same records (records are never
 * changed, a change makes a new one), the order made for the previous list is the answer.
 * Comparing identities is one pass; sorting a thousand jobs on every list was most of a list's CPU.
 */
export class NewestFirst<T extends Listed> {
  private last?: { items: readonly T[]; sorted: readonly T[] };

  of(items: readonly T[]): readonly T[] {
    const last = this.last;
    if (last && (last.items === items || (last.items.length === items.length && items.every((item, i) => item === last.items[i]))))
      return last.sorted;
    const sorted = Object.freeze(sortNewestFirst([...items]));
    this.last = { items, sorted };
    return sorted;
  }
}
