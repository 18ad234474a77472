import type { BatchState, BatchStatusRule } from '../config/radix-vocabulary.config.js';
import { type EpochMs, isFinished, type JobRecord, newestFirst } from '../jobs/job.model.js';

/** A batch as the API reports it, derived from its jobs: runtimes keep jobs, never batches. */
export interface BatchRecord {
  name: string;
  batchId?: string;
  created: EpochMs;
  /** When its first job started. */
  started?: EpochMs;
  /** When its last job finished, once all have. */
  ended?: EpochMs;
  status: BatchState;
  /** Every job has finished: what retention and restart go by, whatever the rules say. */
  finished: boolean;
  /** In the order the request listed them. */
  jobs: JobRecord[];
}

/**
 * Radix's aggregate: Waiting while every job waits, Completed once every job has finished
 * (Stopped when one of them was stopped), Active in between. Rules, when given, are tried
 * in order and the first that matches wins; none matching leaves the aggregate.
 */
export function toBatchRecord(name: string, jobs: JobRecord[], rules: readonly BatchStatusRule[] = []): BatchRecord {
  const ordered = [...jobs].sort((a, b) => (a.batchIndex ?? 0) - (b.batchIndex ?? 0) || a.name.localeCompare(b.name));
  const finished = ordered.every((job) => isFinished(job.status));
  const waiting = ordered.every((job) => job.status === 'Waiting');
  const starts = ordered.flatMap((job) => (job.started !== undefined ? [job.started] : []));
  const ends = ordered.flatMap((job) => (job.ended !== undefined ? [job.ended] : []));
  const aggregate: BatchState = waiting
    ? 'Waiting'
    : finished
      ? ordered.some((job) => job.status === 'Stopped')
        ? 'Stopped'
        : 'Completed'
      : 'Active';
  return {
    name,
    batchId: ordered[0]?.batchId,
    created: Math.min(...ordered.map((job) => job.created)),
    started: !waiting && starts.length > 0 ? Math.min(...starts) : undefined,
    ended: finished && ends.length > 0 ? Math.max(...ends) : undefined,
    status: rules.find((rule) => matches(rule, ordered))?.batchStatus ?? aggregate,
    finished,
    jobs: ordered,
  };
}

/** The batches among `jobs` (those with a batchName), newest first. */
export function batchesOf(jobs: readonly JobRecord[], rules: readonly BatchStatusRule[] = []): BatchRecord[] {
  const byBatch = new Map<string, JobRecord[]>();
  for (const job of jobs) {
    if (!job.batchName) continue;
    const members = byBatch.get(job.batchName);
    if (members) members.push(job);
    else byBatch.set(job.batchName, [job]);
  }
  return [...byBatch].map(([name, members]) => toBatchRecord(name, members, rules)).sort(newestFirst);
}

function matches(rule: BatchStatusRule, jobs: JobRecord[]): boolean {
  const listed = (job: JobRecord) =>
    rule.jobStatuses.includes(job.status) || (job.status === 'Running' && rule.jobStatuses.includes('Active'));
  const test = (job: JobRecord) => (rule.operator === 'In' ? listed(job) : !listed(job));
  return rule.condition === 'Any' ? jobs.some(test) : jobs.every(test);
}
