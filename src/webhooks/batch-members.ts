import type { JobEvent } from '../jobs/job-event.js';
import type { JobRecord } from '../jobs/job.model.js';

/**
 * The jobs of each batch as the events have shown them: what a BatchEvent's batch status is
 * made of. Kept from the events, so that no event costs a list of every job.
 */
export class BatchMembers {
  private readonly batches = new Map<string, Map<string, JobRecord>>();

  /** Takes in what an event says of a job of a batch. */
  see({ type, job }: JobEvent): void {
    if (!job.batchName) return;
    const members = this.batches.get(job.batchName) ?? new Map<string, JobRecord>();
    if (type === 'deleted') members.delete(job.name);
    else members.set(job.name, job);
    if (members.size > 0) this.batches.set(job.batchName, members);
    else this.batches.delete(job.batchName);
  }

  /** Jobs known without an event (a start's list); what an event has told of a job stays as told. */
  seed(jobs: readonly JobRecord[]): void {
    for (const job of jobs) {
      if (!job.batchName) continue;
      const members = this.batches.get(job.batchName) ?? new Map<string, JobRecord>();
      if (!members.has(job.name)) members.set(job.name, job);
      this.batches.set(job.batchName, members);
    }
  }

  /** The jobs of `job`'s batch as last seen; the job alone once the whole batch has gone. */
  of(job: JobRecord & { batchName: string }): JobRecord[] {
    const members = this.batches.get(job.batchName);
    return members && members.size > 0 ? [...members.values()] : [job];
  }
}
