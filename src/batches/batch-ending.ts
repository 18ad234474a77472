import type { Subscription } from 'rxjs';
import { ENDINGS, type JobEvent } from '../jobs/job-event.js';
import type { JobEventHub } from '../jobs/job-event-hub.js';
import type { JobGateway } from '../jobs/job.gateway.js';
import { isFinished } from '../jobs/job.model.js';

/**
 * The moment every job of one batch has finished (a batch is finished when all its jobs are,
 * whatever its status rules say), or the batch is gone, or the scheduler shuts down. It lists
 * the jobs once and then follows the batch's events, keeping the names of the jobs that have
 * not finished: each event costs a set operation, not a list of every job.
 */
export class BatchEnding {
  readonly ended: Promise<void>;
  private readonly unfinished = new Set<string>();
  private readonly subscription: Subscription;
  /** Events that came while the first list was being read, applied after it. */
  private early?: JobEvent[] = [];
  private end!: () => void;

  constructor(name: string, gateway: JobGateway, events: JobEventHub) {
    this.ended = new Promise<void>((resolve) => (this.end = resolve));
    // Subscribed before listing, so that no ending falls between the list and the first event.
    this.subscription = events.events$.subscribe({
      next: (event) => event.job.batchName === name && (this.early ? this.early.push(event) : this.apply(event)),
      complete: () => this.end(),
    });
    gateway.list().then(
      (jobs) => {
        for (const job of jobs) if (job.batchName === name && !isFinished(job.status)) this.unfinished.add(job.name);
        const early = this.early ?? [];
        this.early = undefined;
        early.forEach((event) => this.apply(event));
        if (this.unfinished.size === 0) this.end();
      },
      // The read that follows the wait meets the same failure and answers it.
      () => this.end(),
    );
  }

  close(): void {
    this.subscription.unsubscribe();
    this.end();
  }

  /**
   * Only endings count. A job of a batch becomes unfinished again only by a restart of the
   * whole batch, which needs it finished first; and an event that came while the list was read
   * may be older than what the list says.
   */
  private apply({ type, job }: JobEvent): void {
    if (!ENDINGS.has(type) && !isFinished(job.status)) return;
    this.unfinished.delete(job.name);
    if (this.unfinished.size === 0) this.end();
  }
}
