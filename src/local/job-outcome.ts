import { type EpochMs, type FailureReason, type JobState, type ReplicaState, startDeadlineMessage } from '../jobs/job.model.js';
import type { JobDocument } from './job-document.js';
import type { ProcessExit } from './job-process.js';

/** How one attempt ended, in the terms of a Radix PodStatus. */
export interface AttemptOutcome {
  exitCode?: number;
  reason: string;
  message?: string;
}

/** A job ended from outside its process: stopped, deleted, out of time, or the scheduler going away. */
export interface Ending {
  status: Extract<JobState, 'Stopped' | 'Failed'>;
  reason: FailureReason | 'Deleted';
  message: string;
}

export const STOPPED: Ending = { status: 'Stopped', reason: 'Stopped', message: 'stopped on request' };
export const DELETED: Ending = { status: 'Stopped', reason: 'Deleted', message: 'deleted on request' };
export const SHUT_DOWN: Ending = {
  status: 'Failed',
  reason: 'SchedulerShutdown',
  message: 'the scheduler shut down while the job was running',
};
export const RESTARTED: Ending = {
  status: 'Failed',
  reason: 'SchedulerRestarted',
  message: 'the scheduler stopped while the job was running',
};

/** A deleted job has no record left to carry a reason. */
export function finalReason(ending: Ending): FailureReason | undefined {
  return ending.reason === 'Deleted' ? undefined : ending.reason;
}

export function startDeadlineExceeded(seconds: number | undefined): Ending {
  return { status: 'Failed', reason: 'StartDeadlineExceeded', message: startDeadlineMessage(seconds) };
}

export function deadlineExceeded(limitSeconds: number): Ending {
  return { status: 'Failed', reason: 'DeadlineExceeded', message: `job exceeded its time limit of ${limitSeconds} seconds` };
}

export function describeExit(exit: ProcessExit): AttemptOutcome {
  if (exit.signal) return { exitCode: exit.exitCode, reason: 'Signal', message: `killed by signal ${exit.signal}` };
  if (exit.exitCode === 0) return { exitCode: 0, reason: 'Completed' };
  return { exitCode: exit.exitCode, reason: 'Error', message: `exited with code ${exit.exitCode}` };
}

export function cannotStart(program: string, error: Error): AttemptOutcome {
  return { reason: 'StartError', message: `cannot start ${program}: ${error.message}` };
}

/**
 * Closes what a scheduler that died left open. A job still running failed: nothing of this
 * scheduler runs it any more. A job that was already ending (stopped, out of time) keeps its
 * end state. Either way the attempts whose end nobody saw end now.
 */
export function closeInterrupted(document: JobDocument, now: EpochMs): void {
  const { record } = document;
  if (record.status === 'Running')
    Object.assign(record, { status: RESTARTED.status, message: RESTARTED.message, reason: RESTARTED.reason, ended: now });
  const state = record.status as ReplicaState;
  for (const replica of record.replicas.filter((r) => r.ended === undefined)) {
    Object.assign(replica, { state, reason: RESTARTED.reason, message: RESTARTED.message, ended: now });
  }
  document.process = undefined;
}
