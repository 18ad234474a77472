import { type BatchRecord, batchesOf } from '../batches/batch.model.js';
import type { EpochMs, JobRecord } from '../jobs/job.model.js';

export interface HistoryLimits {
  /** How many Succeeded single jobs to keep. */
  succeeded: number;
  /** How many Failed or Stopped single jobs to keep. */
  failed: number;
  /** How many finished batches to keep, each with all its jobs. */
  batches: number;
}

type Ended = { name: string; ended?: EpochMs; created: EpochMs };
const byNewestEnd = (a: Ended, b: Ended) => endOf(b) - endOf(a) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
const endOf = (item: Ended) => item.ended ?? item.created;

/** A job kept past its limit for now (its webhook has not been told of its end yet). */
export type Held = (job: JobRecord) => boolean;

/**
 * The single jobs that fall outside the history limits: all but the newest `succeeded`
 * Succeeded jobs and all but the newest `failed` Failed or Stopped jobs, by end time. Jobs
 * that have not finished, jobs of batches, and held jobs are never chosen.
 */
export function selectExpired(
  jobs: readonly JobRecord[],
  limits: Pick<HistoryLimits, 'succeeded' | 'failed'>,
  held: Held = () => false,
): JobRecord[] {
  const singles = jobs.filter((job) => !job.batchName);
  const succeeded = singles.filter((job) => job.status === 'Succeeded').sort(byNewestEnd);
  const failed = singles.filter((job) => job.status === 'Failed' || job.status === 'Stopped').sort(byNewestEnd);
  return [...succeeded.slice(limits.succeeded), ...failed.slice(limits.failed)].filter((job) => !held(job));
}

/**
 * The batches outside the history limit: all but the newest `batches` finished batches (every
 * job finished), by the end of their last job. A batch goes as a whole or not at all, and one
 * with a job still waiting or running, or held, is never chosen.
 */
export function selectExpiredBatches(
  jobs: readonly JobRecord[],
  limits: Pick<HistoryLimits, 'batches'>,
  held: Held = () => false,
): BatchRecord[] {
  return batchesOf(jobs)
    .filter((batch) => batch.finished)
    .sort(byNewestEnd)
    .slice(limits.batches)
    .filter((batch) => !batch.jobs.some(held));
}
