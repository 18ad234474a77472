import type { KubernetesListObject, KubernetesObject, Watch } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';

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

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

/**
 * Keeps handlers in step with the API server: list, then watch from the list's
 * resourceVersion. A watch that ends is resumed where it stopped; a resourceVersion the
 * server has forgotten (410 Gone) means list again; errors (an API server restart, a lost
 * connection) are retried with back-off, for as long as the watch runs.
 *
 * client-node's ListWatch stops for good after such errors and keeps whole objects;
 * this one keeps nothing itself and never gives up.
 */
export class ResourceWatch<T extends KubernetesObject> {
  private readonly logger: Logger;
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = false;
  private backoffMs = 0;
  private sawEvent = false;
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
      this.sawEvent = false;
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
    this.backoffMs = 0;
    this.sawEvent = true;
    switch (phase) {
      case 'ADDED':
      case 'MODIFIED':
        this.handlers.upsert(object);
        break;
      case 'DELETED':
        this.handlers.remove(object);
        break;
      case 'ERROR':
        // Usually 410 Gone: the resourceVersion is too old to resume from.
        if ((object as { code?: number }).code === 410) this.resourceVersion = undefined;
        return;
    }
    this.resourceVersion = object.metadata?.resourceVersion ?? this.resourceVersion;
  }

  private onDone(error: unknown): void {
    if (this.stopped) return;
    const status = error as { code?: number; statusCode?: number; name?: string } | undefined;
    if (status?.code === 410 || status?.statusCode === 410) this.resourceVersion = undefined;
    // client-node ends a watch that carried no data for 30 s with a TimeoutError: on a quiet
    // namespace that is the normal end of a watch, not a failure.
    const failed = error && status?.name !== 'AbortError' && status?.name !== 'TimeoutError';
    if (failed) {
      this.backoffMs = Math.min(Math.max(this.backoffMs * 2, MIN_BACKOFF_MS), MAX_BACKOFF_MS);
      this.logger.warn(`watch failed, retrying in ${this.backoffMs}ms: ${(error as Error).message ?? error}`);
    }
    // A watch that ended after events, or by the inactivity timeout, resumes at once; one the
    // server closed empty-handed waits a little, so that a server closing every watch at once
    // cannot make this spin.
    const delay = failed ? this.backoffMs : this.sawEvent || status?.name === 'TimeoutError' ? 0 : MIN_BACKOFF_MS;
    this.retryTimer = setTimeout(() => void this.run(), delay);
  }
}
