import { Logger } from '@nestjs/common';
import { backoff } from '../jobs/backoff.js';
import { mapLimit } from '../jobs/concurrency.js';
import { apiStatus } from './kube.errors.js';

/** Delays between attempts to remove a half-created job: from one second to half a minute, spread. */
export const ROLLBACK_BACKOFF = { firstMs: 1000, maxMs: 30_000, jitter: 0.5 };

/**
 * Removes the Jobs of a create that failed half-way. A removal that fails (the API server
 * went away: the very reason the create failed, often) is retried in the background until
 * the Job is gone, so no Job, Secret or Service of a refused create outlives the outage;
 * the abandoned sweep is the net for a scheduler that dies meanwhile.
 */
export class Rollback {
  private readonly logger = new Logger(Rollback.name);
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly remove: (name: string) => Promise<void>,
    private readonly concurrency = 16,
  ) {}

  /** Tries each removal once now; the ones that fail are retried later. Never throws. */
  async removeAll(names: string[]): Promise<void> {
    await mapLimit(names, this.concurrency, (name) => this.attempt(name, 1));
  }

  /** Job names whose removal still waits for a retry. */
  get waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Shutdown: retries stop; what is left is marked `creating` or was resumed, and the log says which names. */
  stop(): void {
    if (this.pending.size > 0)
      this.logger.warn(`rollback left unfinished at shutdown count=${this.pending.size} names=${this.waiting.join(',')}`);
    this.stopped = true;
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
  }

  private async attempt(name: string, attempt: number): Promise<void> {
    this.pending.delete(name);
    try {
      await this.remove(name);
      if (attempt > 1) this.logger.log(`half-created job removed name=${name} attempts=${attempt}`);
    } catch (error) {
      if (apiStatus(error) === 404 || this.stopped) return;
      const delay = backoff(ROLLBACK_BACKOFF, attempt);
      if (attempt === 1) this.logger.warn(`could not remove half-created job name=${name}, retrying: ${(error as Error).message}`);
      this.pending.set(
        name,
        setTimeout(() => void this.attempt(name, attempt + 1), delay),
      );
    }
  }
}
