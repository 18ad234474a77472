import { randomInt } from 'node:crypto';
import { type EpochMs, isFinished, type JobRecord } from './job.model.js';

/**
 * What happened to a job: it was created (or created into the queue, and later admitted); it waits, with a reason; it started; it finished
 * (Succeeded or Failed, its status says which) or was stopped; it was restarted; it was
 * deleted; or something else of its state changed (an attempt failed and another began).
 */
export type JobEventType =
  'created' | 'queued' | 'admitted' | 'waiting' | 'started' | 'finished' | 'stopped' | 'restarted' | 'deleted' | 'updated';

export interface JobEvent {
  /** Grows with every event, across restarts of the scheduler too (it starts from the clock). */
  id: number;
  type: JobEventType;
  at: EpochMs;
  /** The job as it is after the change; for `deleted`, as it was last. */
  job: JobRecord;
}

/**
 * What a runtime notices about itself, besides changes of jobs, for whoever counts it: a watch
 * that had to list everything again, and how late a job's end was seen (from the end the
 * runtime recorded to the moment its reader saw it).
 */
export type RuntimeSignal = { type: 'relisted'; resource: string } | { type: 'endSeen'; lagSeconds: number };

/**
 * A firing of a schedule that started no job: `skipped` by its concurrency policy (or because
 * the job could not be made), or `missed` while no scheduler led (`count` firings, the last at
 * `scheduledTime`). A firing that started a job is that job's `created` event.
 */
export interface ScheduleEvent {
  id: number;
  type: 'skipped' | 'missed';
  at: EpochMs;
  schedule: { id: string; expression: string; scheduledTime: Date; reason: string; count: number };
}

/** Everything the hub tells, in one order: what happened to jobs, and to schedules' firings. */
export type HubEvent = JobEvent | ScheduleEvent;

/** The events after which a job is done with: it finished, was stopped or went. */
export const ENDINGS: ReadonlySet<JobEventType> = new Set(['finished', 'stopped', 'deleted']);

/** A change a runtime saw: a job came (no previous), went (no current), or changed. */
export interface JobChange {
  previous?: JobRecord;
  current?: JobRecord;
}

/**
 * The event a change makes, or none when nothing a caller watches changed (a resourceVersion,
 * a pod's image). One change is one event, the most telling one.
 */
export function eventTypeOf({ previous, current }: JobChange): JobEventType | undefined {
  if (!current) return previous ? 'deleted' : undefined;
  // A job made into the queue is `queued` (a Radix receiver hears Create, as for `created`); leaving it to run, `admitted`.
  if (!previous) return current.queued ? 'queued' : 'created';
  if (previous.queued && !current.queued && !isFinished(current.status)) return 'admitted';
  if ((current.restarts ?? 0) > (previous.restarts ?? 0)) return 'restarted';
  if (current.status !== previous.status) {
    if (current.status === 'Stopped') return 'stopped';
    if (isFinished(current.status)) return 'finished';
    return current.status === 'Running' ? 'started' : 'waiting';
  }
  if (current.status === 'Waiting' && current.message !== previous.message) return 'waiting';
  // Pods coming and going (the first one, those a stop deletes) are the runtime's business: both runtimes tell the same events.
  if ((current.failed ?? 0) !== (previous.failed ?? 0)) return 'updated';
  return undefined;
}

/**
 * Event ids: the clock in milliseconds times 1,000, plus this process's tag (0 to 999), and a
 * thousand more than the last when the clock has not moved on. Every id of one process ends in
 * its tag, so that an id another replica gave (a stream resumed through a Service) is not taken
 * for one of this replica's: two replicas seeing one change in the same millisecond gave it the
 * same id, and a resume on the other one replayed from a point that was not the client's.
 * Replicas draw their tags at random: two of three share one once in about 330 deployments.
 */
export class EventIds {
  private last = 0;

  constructor(private readonly tag = randomInt(1000)) {}

  next(now: Date): number {
    this.last = Math.max(this.last + 1000, now.getTime() * 1000 + this.tag);
    return this.last;
  }
}
