import { type FSWatcher, watch } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Tells when anything in a folder changed (a file written, replaced or removed), so that a
 * follower reads again then and sleeps otherwise. A change that came while nobody waited is
 * kept for the next wait. Where the platform cannot watch (a network file system), or the
 * folder went, a wait ends after `fallbackMs` instead: slower to notice, never stuck.
 */
export class FolderChanges {
  private watcher?: FSWatcher;
  private pending = false;
  private wake?: () => void;

  constructor(folder: string) {
    try {
      this.watcher = watch(folder, { persistent: false }, () => this.changed());
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined;
    }
  }

  /** Resolves at the next change (at once if one came since the last wait) or after `fallbackMs`; false once `signal` aborts. */
  async next(fallbackMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    if (this.pending) {
      this.pending = false;
      return true;
    }
    const timer = new AbortController();
    const changed = new Promise<void>((resolve) => (this.wake = resolve));
    const aborted = signal ? new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })) : undefined;
    await Promise.race([changed, sleep(fallbackMs, undefined, { signal: timer.signal, ref: false }).catch(() => undefined), aborted]);
    timer.abort();
    this.wake = undefined;
    this.pending = false;
    return !signal?.aborted;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private changed(): void {
    this.pending = true;
    this.wake?.();
  }
}
