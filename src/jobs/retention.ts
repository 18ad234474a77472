import type { JobRecord } from './job.model.js';

export interface HistoryLimits {
  /** How many Succeeded jobs to keep. */
  succeeded: number;
  /** How many Failed or Stopped jobs to keep. */
  failed: number;
}

const newestEndFirst = (a: JobRecord, b: JobRecord) => endOf(b) - endOf(a) || b.name.localeCompare(a.name);
const endOf = (job: JobRecord) => (job.ended ?? job.created).getTime();

/**
 * The finished jobs that fall outside the history limits: all but the newest `succeeded`
 * Succeeded jobs and all but the newest `failed` Failed or Stopped jobs, by end time.
 * Jobs that have not finished are never chosen.
 */
export function selectExpired(jobs: JobRecord[], limits: HistoryLimits): JobRecord[] {
  const succeeded = jobs.filter((job) => job.status === 'Succeeded').sort(newestEndFirst);
  const failed = jobs.filter((job) => job.status === 'Failed' || job.status === 'Stopped').sort(newestEndFirst);
  return [...succeeded.slice(limits.succeeded), ...failed.slice(limits.failed)];
}
