import type { JobRecord } from '../jobs/job.model.js';
import type { JobDocument } from './job-document.js';
import type { JobRun } from './job-run.js';

/**
 * A job the gateway knows. While it may still run, it holds its whole document; once it has
 * finished, only its record. The rest (what to run, the request it was made from) changes no
 * more and stays in its job.json, read when asked for: of thousands of finished jobs, the
 * memory holds what a list shows.
 */
export class LocalJob {
  run?: JobRun;
  deleted = false;
  private whole?: JobDocument;
  private kept?: JobRecord;

  constructor(document: JobDocument) {
    this.whole = document;
  }

  get record(): JobRecord {
    return (this.whole?.record ?? this.kept) as JobRecord;
  }

  /** Whether the whole document is in memory: the job has not settled (or was restarted since). */
  get live(): boolean {
    return this.whole !== undefined;
  }

  /** The whole document, while the job is live; a settled job's is on disk (JobStore.read). */
  get document(): JobDocument {
    if (!this.whole) throw new Error(`job ${this.record.name} has settled: its document is on disk`);
    return this.whole;
  }

  /** The job finished: from now on only `record` (frozen, shared with the announcer) is held; again when it changes (a delivery noted). */
  settle(record: JobRecord): void {
    this.kept = record;
    this.whole = undefined;
  }

  /** The job runs again (a restart): a new document, live until it settles again. */
  renew(document: JobDocument): void {
    this.whole = document;
    this.kept = undefined;
  }
}
