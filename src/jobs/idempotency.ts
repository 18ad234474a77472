import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IdempotencyStamp, JobRecord } from './job.model.js';
import { InvalidRequestError, JobConflictError, type KeyClaimedError, RuntimeUnavailableError } from './jobs.errors.js';

/** How long a key keeps answering with what it made. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long a create that lost its key waits for the winner's job or batch to exist. */
const HOLDER_WAIT_MS = 30_000;
const HOLDER_POLL_MS = 200;
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The stamp stored with what an Idempotency-Key made: digests of the key and of the
 * validated request (canonical JSON), 40 hex characters each, so that both fit a label.
 */
export function idempotencyStamp(key: string | undefined, request: unknown): IdempotencyStamp | undefined {
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new InvalidRequestError('Idempotency-Key: must be 1 to 255 visible ASCII characters');
  return { key: digest(key), request: digest(canonicalJson(request)) };
}

/** Whether `job` was made with this key within the window. */
export function madeWith(job: JobRecord, stamp: IdempotencyStamp, now: Date): boolean {
  return job.idempotency?.key === stamp.key && now.getTime() - job.created < IDEMPOTENCY_WINDOW_MS;
}

/**
 * Makes each Idempotency-Key make at most one thing. Requests with one key run one after
 * the other, so that two at once make one job; each first looks for what the key made.
 * The same key with another request is a 409.
 */
export class IdempotentSubmits {
  private readonly running = new Map<string, Promise<unknown>>();

  submit<T>(
    stamp: IdempotencyStamp | undefined,
    find: () => Promise<{ made: T; request: string } | undefined>,
    make: () => Promise<T>,
  ): Promise<T> {
    if (!stamp) return make();
    const before = this.running.get(stamp.key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(async () => {
        const existing = await find();
        if (!existing) return make();
        if (existing.request !== stamp.request)
          throw new JobConflictError('Idempotency-Key: was used in the last 24 hours with a different request');
        return existing.made;
      });
    this.running.set(stamp.key, run);
    const forget = () => this.running.get(stamp.key) === run && this.running.delete(stamp.key);
    run.then(forget, forget);
    return run;
  }
}

/**
 * The answer of a create whose key another create (on another replica, say) holds: what
 * that one made, once it exists, or a 409 when it came with another request.
 */
export async function madeElsewhere<T>(
  claimed: KeyClaimedError,
  stamp: IdempotencyStamp,
  find: (holder: string) => Promise<T | undefined>,
): Promise<T> {
  if (claimed.request !== stamp.request)
    throw new JobConflictError('Idempotency-Key: was used in the last 24 hours with a different request');
  for (const deadline = Date.now() + HOLDER_WAIT_MS; Date.now() < deadline; await sleep(HOLDER_POLL_MS)) {
    const made = await find(claimed.holder);
    if (made) return made;
  }
  throw new RuntimeUnavailableError(`Idempotency-Key: ${claimed.holder}, made with this key, is still being created; try again`, 1);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

/** JSON with object keys sorted, so that two equal requests give one digest. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}
