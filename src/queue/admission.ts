import { isFinished, type JobRecord } from '../jobs/job.model.js';

/** Why a queued job waits: the cap is reached (its own batch's, or the definition's), or the queue is paused. */
export type QueueReason = 'Capacity' | 'BatchCapacity' | 'Paused';

export interface QueuePlace {
  /** 1 for the job admitted next. */
  position: number;
  reason: QueueReason;
}

export interface QueueLimits {
  /** Jobs started and unfinished, at most; undefined for no cap. */
  maxConcurrentJobs?: number;
  paused: boolean;
}

export interface AdmissionPlan {
  /** The queued jobs to admit now, in order. */
  admit: JobRecord[];
  /** Every queued job left waiting, with its place. */
  places: Map<string, QueuePlace>;
  /** Jobs started and unfinished. */
  running: number;
}

/** A job counts against the cap from its admission to its end. */
export const isRunning = (job: JobRecord) => !job.queued && !isFinished(job.status);
export const isQueued = (job: JobRecord) => job.queued === true && !isFinished(job.status);

/**
 * Which queued jobs start now, and where the others stand. The order: higher priority first;
 * within one priority, single jobs and each batch take turns, so that a batch of a thousand
 * cannot starve the jobs posted after it; within each, first in, first out (a batch in its
 * request's order). A batch with its own maxConcurrentJobs is passed over while it has that
 * many running. `admitting` are jobs admitted a moment ago whose change has not been seen yet:
 * they count as running, so that no job is admitted twice and the cap never overflows.
 */
export function planAdmission(
  jobs: readonly JobRecord[],
  limits: QueueLimits,
  admitting: ReadonlySet<string> = new Set(),
  served: ReadonlyMap<string, number> = new Map(),
): AdmissionPlan {
  const running = jobs.filter((job) => isRunning(job) || (admitting.has(job.name) && !isFinished(job.status)));
  const runningPerBatch = countBy(running, (job) => job.batchName);
  let free = limits.paused ? 0 : limits.maxConcurrentJobs === undefined ? Infinity : Math.max(0, limits.maxConcurrentJobs - running.length);
  const admit: JobRecord[] = [];
  const places = new Map<string, QueuePlace>();
  const waiting = queueOrder(
    jobs.filter((job) => isQueued(job) && !admitting.has(job.name)),
    served,
  );
  for (const job of waiting) {
    const batchFull = job.batchMaxConcurrentJobs !== undefined && (runningPerBatch.get(job.batchName) ?? 0) >= job.batchMaxConcurrentJobs;
    if (free > 0 && !batchFull) {
      admit.push(job);
      free--;
      runningPerBatch.set(job.batchName, (runningPerBatch.get(job.batchName) ?? 0) + 1);
      continue;
    }
    places.set(job.name, { position: places.size + 1, reason: limits.paused ? 'Paused' : batchFull ? 'BatchCapacity' : 'Capacity' });
  }
  return { admit, places, running: running.length };
}

/** The line a job waits in, within its priority: its batch's, or the one line of single jobs. */
export const lineOf = (job: JobRecord) => `${job.priority ?? 0}/${job.batchName ?? ''}`;

/**
 * The queued jobs in the order they are admitted (see planAdmission). `served` says when each
 * line last had a job admitted (a growing number), so that turns go on across admissions.
 */
export function queueOrder(queued: readonly JobRecord[], served: ReadonlyMap<string, number> = new Map()): JobRecord[] {
  const byPriority = groupBy(queued, (job) => job.priority ?? 0);
  return [...byPriority.keys()].sort((a, b) => b - a).flatMap((priority) => takeTurns(byPriority.get(priority)!, served));
}

/**
 * Single jobs are one line, each batch another; each turn goes to the line served longest ago
 * (a line never served by its first job's creation), and takes its first job.
 */
function takeTurns(jobs: JobRecord[], served: ReadonlyMap<string, number>): JobRecord[] {
  const lines = [...groupBy(jobs, lineOf).values()].map((line) => ({
    jobs: line.sort(firstIn),
    last: served.get(lineOf(line[0])) ?? -Infinity,
    next: 0,
  }));
  const order: JobRecord[] = [];
  for (let turn = 0; order.length < jobs.length; turn++) {
    const line = lines
      .filter((candidate) => candidate.next < candidate.jobs.length)
      .reduce((best, candidate) =>
        candidate.last < best.last || (candidate.last === best.last && firstIn(candidate.jobs[0], best.jobs[0]) < 0) ? candidate : best,
      );
    order.push(line.jobs[line.next++]);
    line.last = Number.MAX_SAFE_INTEGER / 2 + turn;
  }
  return order;
}

/** First in, first out: by creation, a batch's jobs by their place in its request, then by name. */
function firstIn(a: JobRecord, b: JobRecord): number {
  return a.created - b.created || (a.batchIndex ?? 0) - (b.batchIndex ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function groupBy<K>(jobs: readonly JobRecord[], key: (job: JobRecord) => K): Map<K, JobRecord[]> {
  const groups = new Map<K, JobRecord[]>();
  for (const job of jobs) {
    const group = groups.get(key(job));
    if (group) group.push(job);
    else groups.set(key(job), [job]);
  }
  return groups;
}

function countBy(jobs: readonly JobRecord[], key: (job: JobRecord) => string | undefined): Map<string | undefined, number> {
  const counts = new Map<string | undefined, number>();
  for (const job of jobs) counts.set(key(job), (counts.get(key(job)) ?? 0) + 1);
  return counts;
}
