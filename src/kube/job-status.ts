import {
  type EpochMs,
  type FailureReason,
  type JobRecord,
  type JobState,
  type ReplicaRecord,
  type ReplicaState,
  startDeadlineMessage,
} from '../jobs/job.model.js';
import type { JobFacts, PodFacts } from './job-facts.js';

/**
 * A job's status from its Job and pods. Terminal Job conditions win; a stop counts only if
 * the Job had not already ended; otherwise a running container means Running and anything
 * else Waiting, with the pod's waiting reason as the message.
 */
export function toJobRecord(job: JobFacts, allPods: PodFacts[]): JobRecord {
  // The pods of an earlier incarnation (before a restart) linger until the garbage collector takes them.
  const pods = allPods.filter((pod) => !job.uid || !pod.controllerUid || pod.controllerUid === job.uid);
  const ordered = [...pods].sort((a, b) => (a.created ?? 0) - (b.created ?? 0) || a.name.localeCompare(b.name));
  const replicas = ordered.map((pod, index) => toReplica(pod, index, job.stoppedAt !== undefined));
  const { status, ended, message } = jobState(job, ordered);
  const reason = status === 'Failed' ? failureReason(job, ordered) : status === 'Stopped' ? 'Stopped' : undefined;
  // Every key written out, none spread in: a literal of fixed keys keeps its fields inside the
  // object, where spreads pushed them into a second array of properties (B4: 400 bytes a job).
  return {
    name: job.name,
    jobId: job.jobId,
    batchName: job.batchName,
    batchId: job.batchId,
    batchIndex: job.batchIndex,
    restarts: job.restarts,
    restartedAt: job.restartedAt,
    idempotency: job.idempotency,
    delivered: job.delivered,
    cronSchedule: job.cronSchedule,
    scheduledTime: job.scheduledTime,
    queued: job.queued || undefined,
    priority: job.priority || undefined,
    batchMaxConcurrentJobs: job.batchMaxConcurrentJobs,
    startDeadlineSeconds: job.startDeadlineSeconds,
    created: job.created,
    // A job failed past its start deadline never ran, though its Job was started and its pods killed.
    started:
      job.expiredAt !== undefined
        ? job.startedAt
        : (job.startedAt ?? firstStart(ordered) ?? (status === 'Waiting' ? undefined : job.startTime)),
    ended,
    status,
    message,
    reason,
    failed: job.failed,
    replicas,
  };
}

function jobState(job: JobFacts, pods: PodFacts[]): { status: JobState; ended?: EpochMs; message?: string } {
  if (job.terminal?.type === 'Complete') return { status: 'Succeeded', ended: job.terminal.at ?? job.completionTime };
  if (job.terminal?.type === 'Failed') {
    return { status: 'Failed', ended: job.terminal.at, message: describe(job.terminal.reason, job.terminal.message) };
  }
  if (job.stoppedAt !== undefined) return { status: 'Stopped', ended: job.stoppedAt, message: 'stopped on request' };
  if (job.expiredAt !== undefined)
    return { status: 'Failed', ended: job.expiredAt, message: startDeadlineMessage(job.startDeadlineSeconds) };
  if (job.creating) return { status: 'Waiting', message: 'being created' };
  const live = pods.filter((pod) => !pod.deleting && !pod.terminated);
  if (live.some((pod) => pod.running)) return { status: 'Running' };
  const waiting = live.find((pod) => pod.waiting?.reason || pod.unschedulable);
  if (waiting) return { status: 'Waiting', message: waiting.unschedulable ?? describe(waiting.waiting?.reason, waiting.waiting?.message) };
  // A container has ended and the Job controller has not judged it yet (or the next attempt's
  // pod is just being made): the job is still running, not back to waiting.
  if (pods.some((pod) => pod.terminated && !pod.deleting)) return { status: 'Running' };
  return { status: 'Waiting' };
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CANNOT_START = new Set(['StartError', 'ContainerCannotRun', 'CreateContainerError', 'RunContainerError']);
const JOB_REASONS: Record<string, FailureReason> = {
  DeadlineExceeded: 'DeadlineExceeded',
  BackoffLimitExceeded: 'BackoffLimitExceeded',
  PodFailurePolicy: 'PodFailurePolicy',
};

/**
 * One reason for a failed Job: what its pods say when they say more (out of memory, no
 * image, a program that cannot start), else the Job controller's condition.
 */
function failureReason(job: JobFacts, pods: PodFacts[]): FailureReason | undefined {
  if (job.expiredAt !== undefined && job.terminal?.type !== 'Failed') return 'StartDeadlineExceeded';
  if (pods.some((pod) => pod.terminated?.reason === 'OOMKilled')) return 'OOMKilled';
  const last = pods[pods.length - 1];
  if (last?.terminated?.reason && CANNOT_START.has(last.terminated.reason)) return 'StartError';
  if (last?.waiting?.reason && IMAGE_PULL.has(last.waiting.reason)) return 'ImagePullFailed';
  return JOB_REASONS[job.terminal?.reason ?? ''] ?? 'BackoffLimitExceeded';
}

function firstStart(pods: PodFacts[]): EpochMs | undefined {
  const starts = pods.map((pod) => pod.running?.startedAt ?? pod.terminated?.startedAt).filter((time) => time !== undefined);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

function toReplica(pod: PodFacts, index: number, stopped: boolean): ReplicaRecord {
  return {
    name: pod.name,
    created: pod.created,
    started: pod.running?.startedAt ?? pod.terminated?.startedAt,
    ended: pod.terminated?.finishedAt,
    exitCode: pod.terminated?.exitCode,
    reason: pod.terminated?.reason ?? pod.waiting?.reason,
    message: pod.terminated?.message ?? pod.waiting?.message ?? pod.unschedulable,
    image: pod.image,
    restartCount: pod.restartCount,
    podIndex: index,
    state: replicaState(pod, stopped),
  };
}

function replicaState(pod: PodFacts, stopped: boolean): ReplicaState {
  if (stopped && (pod.deleting || !pod.terminated)) return 'Stopped';
  if (pod.terminated) return pod.terminated.exitCode === 0 ? 'Succeeded' : 'Failed';
  if (pod.running) return 'Running';
  return 'Pending';
}

/** `Reason: message`, or whichever of the two exists. */
function describe(reason?: string, message?: string): string | undefined {
  if (reason && message) return `${reason}: ${message}`;
  return message ?? reason;
}
