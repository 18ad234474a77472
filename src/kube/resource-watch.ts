import type { KubernetesListObject, KubernetesObject, Watch } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';
import { backoff, type BackoffShape } from '../jobs/backoff.js';

export interface ResourceWatchHandlers<T> {
  /** The full current set, after each (re)list. */
  replace(items: T[]): void;
  upsert(item: T): void;
  remove(item: T): void;
}

export interface ResourceWatchSource<T extends KubernetesObject> {
  /** Watch path, e.g. `/apis/batch/v1/namespaces/ns/jobs`. */
  path: string;
  labelSelector: string;
  list(): Promise<KubernetesListObject<T>>;
  /** Told after each full list, the first and each one a watch that could not resume needed. */
  listed?(): void;
}

/** Restarts after failures: spread, so that every watch of every replica does not retry in step after an outage. */
export const WATCH_BACKOFF: BackoffShape = { firstMs: 500, maxMs: 15_000, jitter: 0.5 };
/** The pause before a watch the server closed empty-handed is opened again. */
const QUIET_END_MS = 500;

/** How a watch connection ended, and so what comes next. */
type WatchEnd =
  { kind: 'ended'; progressed: boolean; timedOut: boolean } | { kind: 'expired' } | { kind: 'failed'; why: string } | { kind: 'aborted' };

/**
 * Keeps handlers in step with the API server: list, then watch from the list's
 * resourceVersion. A watch that ends is resumed where it stopped; a resourceVersion the
 * server has forgotten (410 Gone, after etcd compaction) means list again, since the events
 * in between are lost; errors (an API server restart, a lost connection, an ERROR event) are
 * retried with back-off, for as long as the watch runs.
 *
 * client-node's ListWatch stops for good after such errors and keeps whole objects;
 * this one keeps nothing itself and never gives up.
 */
export class ResourceWatch<T extends KubernetesObject> {
  private readonly logger: Logger;
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = false;
  /** Failures in a row, reset by a real event: what the back-off grows with. */
  private failures = 0;
  /** 410s in a row without a real event between: a list that is stale at once must not loop hot. */
  private expiries = 0;
  private progressed = false;
  /** An ERROR event the current connection carried; the server closes the watch after it. */
  private errorEvent?: { code?: number; message?: string };
  private retryTimer?: NodeJS.Timeout;
  private firstSync!: Promise<void>;
  private resolveFirstSync!: () => void;
  synced = false;

  constructor(
    private readonly name: string,
    private readonly watch: Watch,
    private readonly source: ResourceWatchSource<T>,
    private readonly handlers: ResourceWatchHandlers<T>,
  ) {
    this.logger = new Logger(`ResourceWatch(${name})`);
    this.firstSync = new Promise((resolve) => (this.resolveFirstSync = resolve));
  }

  /** Starts in the background; the promise settles once the first list has been applied. */
  start(): Promise<void> {
    this.stopped = false;
    void this.run();
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.abort?.abort();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.resourceVersion) await this.relist();
      if (this.stopped) return;
      this.progressed = false;
      this.errorEvent = undefined;
      this.abort = await this.watch.watch(
        this.source.path,
        { resourceVersion: this.resourceVersion, labelSelector: this.source.labelSelector, allowWatchBookmarks: true },
        (phase, object: T) => this.onEvent(phase, object),
        (error) => this.onDone(error),
      );
      // stop() may have come while the watch was connecting.
      if (this.stopped) this.abort.abort();
    } catch (error) {
      this.onDone(error);
    }
  }

  private async relist(): Promise<void> {
    const list = await this.source.list();
    this.handlers.replace(list.items);
    this.source.listed?.();
    this.resourceVersion = list.metadata?.resourceVersion;
    if (!this.synced) this.logger.log(`synced items=${list.items.length}`);
    this.synced = true;
    this.resolveFirstSync();
  }

  private onEvent(phase: string, object: T): void {
    // An ERROR event is the server's answer to this watch (a Status), not a change: it is no
    // progress, and the server ends the watch after it.
    if (phase === 'ERROR') {
      this.errorEvent = object as { code?: number; message?: string };
      return;
    }
    this.failures = 0;
    this.expiries = 0;
    this.progressed = true;
    if (phase === 'ADDED' || phase === 'MODIFIED') this.handlers.upsert(object);
    else if (phase === 'DELETED') this.handlers.remove(object);
    this.resourceVersion = object.metadata?.resourceVersion ?? this.resourceVersion;
  }

  private onDone(error: unknown): void {
    if (this.stopped) return;
    const end = this.classify(error);
    this.errorEvent = undefined;
    const delay = this.delayAfter(end);
    if (delay === undefined) return;
    this.retryTimer = setTimeout(() => void this.run(), delay);
  }

  private classify(error: unknown): WatchEnd {
    const status = (this.errorEvent ?? error) as { code?: number; statusCode?: number; name?: string; message?: string } | null;
    if (status?.code === 410 || status?.statusCode === 410) return { kind: 'expired' };
    if (this.errorEvent) return { kind: 'failed', why: `${this.errorEvent.code ?? 'ERROR'} ${this.errorEvent.message ?? ''}`.trim() };
    if (status?.name === 'AbortError') return { kind: 'aborted' };
    // client-node ends a watch that carried no data for 30 s with a TimeoutError: on a quiet
    // namespace that is the normal end of a watch, not a failure.
    if (!error || status?.name === 'TimeoutError') return { kind: 'ended', progressed: this.progressed, timedOut: Boolean(error) };
    return { kind: 'failed', why: status?.message ?? JSON.stringify(error) };
  }

  /** How long to wait before the next list or watch; undefined for none. */
  private delayAfter(end: WatchEnd): number | undefined {
    switch (end.kind) {
      case 'aborted':
        return undefined;
      case 'expired': {
        this.logger.log(`resourceVersion=${this.resourceVersion} expired (410 Gone), listing again`);
        this.resourceVersion = undefined;
        this.failures = 0;
        // The first at once: events were lost and the cache is stale until the list is in.
        return this.expiries++ === 0 ? 0 : backoff(WATCH_BACKOFF, this.expiries - 1);
      }
      case 'failed': {
        const delay = Math.round(backoff(WATCH_BACKOFF, ++this.failures));
        this.logger.warn(`watch failed, retrying in ${delay}ms: ${end.why}`);
        return delay;
      }
      case 'ended':
        // A watch that ended after events, or by the inactivity timeout, resumes at once; one
        // the server closed empty-handed waits a little, so that a server closing every watch
        // at once cannot make this spin.
        return end.progressed || end.timedOut ? 0 : QUIET_END_MS;
      default: {
        const unknown: never = end;
        return unknown;
      }
    }
  }
}
