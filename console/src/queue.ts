import type { JobEvent, JobStatus } from '@job-scheduler/client';

/**
 * Events after which the places in the queue may have moved: a job joined it, left it to run,
 * or left it otherwise (stopped, deleted, failed by its start deadline). Events carry no place
 * (it is not part of a job's state but of the whole queue's), so a view showing places asks
 * again after one of these.
 */
const MOVES = new Set<JobEvent['event']>(['queued', 'admitted', 'stopped', 'deleted', 'finished', 'restarted']);

export const movesQueue = (event: JobEvent): boolean => MOVES.has(event.event);

/**
 * The job of an event, keeping the place it was shown with while it still waits, so that the
 * place does not blink out until the view has asked for the new one.
 */
export function withPlaceKept(shown: JobStatus | undefined, { event, job }: JobEvent): JobStatus {
  const waits = job.status === 'Waiting' && !job.started && event !== 'admitted';
  return waits && shown?.queue && !job.queue ? { ...job, queue: shown.queue } : job;
}
