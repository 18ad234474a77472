import { type EpochMs, isFinished } from '../jobs/job.model.js';
import { type Ending, finalReason } from './job-outcome.js';
import { JobQueue } from './job-queue.js';
import type { JobRunner } from './job-runner.js';
import type { LocalJob } from './local-job.js';

export interface DispatcherHooks {
  /** Persists the job's document after a change. */
  changed(job: LocalJob): void;
  /** Called once when a job reached a finished state and its processes are gone. */
  finished(job: LocalJob): void;
}

/** Runs queued jobs in order, at most `capacity` at once, and ends them on request. */
export class JobDispatcher {
  private readonly queue: JobQueue<LocalJob>;
  private closing = false;

  constructor(
    capacity: number,
    private readonly runner: JobRunner,
    private readonly hooks: DispatcherHooks,
  ) {
    this.queue = new JobQueue(capacity, (job) => this.start(job));
  }

  /** Queues a job; it starts at once when a slot is free. */
  enqueue(job: LocalJob): void {
    this.queue.push(job);
  }

  /**
   * Ends a job that has not finished: a waiting one leaves the queue; a running one gets
   * SIGTERM, then SIGKILL after the grace period. Its record says so at once; the promise
   * resolves once its processes are gone.
   */
  end(job: LocalJob, ending: Ending, now: EpochMs): Promise<void> {
    if (job.run) {
      job.run.end(ending);
      return job.run.done;
    }
    this.queue.remove(job);
    Object.assign(job.document.record, { status: ending.status, message: ending.message, reason: finalReason(ending), ended: now });
    this.hooks.changed(job);
    this.hooks.finished(job);
    return Promise.resolve();
  }

  /** Starts nothing more and ends every running job; waiting jobs stay queued on disk. Returns how many ended. */
  async close(ending: Ending): Promise<number> {
    this.closing = true;
    this.queue.pause();
    const runs = this.queue.active.flatMap((job) => (job.run ? [job.run] : []));
    runs.forEach((run) => run.end(ending));
    await Promise.all(runs.map((run) => run.done));
    return runs.length;
  }

  private start(job: LocalJob): void {
    // Ended before its turn came (stopped, deleted): its record is settled, and nothing runs.
    if (job.deleted || isFinished(job.record.status)) return this.queue.done(job);
    const run = this.runner.start(job.document, () => this.hooks.changed(job));
    job.run = run;
    void run.done.then(() => {
      job.run = undefined;
      this.queue.done(job);
      if (!this.closing) this.hooks.finished(job);
    });
  }
}
