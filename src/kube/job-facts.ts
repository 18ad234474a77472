import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { EpochMs } from '../jobs/job.model.js';
import { ANNOTATION, LABEL } from './labels.js';
import { type Share, unshared } from './shared-strings.js';

/** What the cache keeps of a Job: just enough to compute its status. */
export interface JobFacts {
  name: string;
  uid?: string;
  resourceVersion?: string;
  /** Created but not yet resumed: its Secret and Service may still be missing. */
  creating: boolean;
  jobId?: string;
  batchName?: string;
  batchId?: string;
  batchIndex?: number;
  idempotency?: { key: string; request: string };
  restarts?: number;
  restartedAt?: EpochMs;
  delivered?: string;
  cronSchedule?: string;
  scheduledTime?: EpochMs;
  /** Waits in the queue: suspended until the leader admits it. */
  queued?: boolean;
  priority?: number;
  batchMaxConcurrentJobs?: number;
  startDeadlineSeconds?: number;
  expiredAt?: EpochMs;
  created: EpochMs;
  startTime?: EpochMs;
  completionTime?: EpochMs;
  /** Complete or Failed, when the Job controller has decided. */
  terminal?: { type: 'Complete' | 'Failed'; at?: EpochMs; reason?: string; message?: string };
  stoppedAt?: EpochMs;
  startedAt?: EpochMs;
  failed: number;
}

/** What the cache keeps of a pod. */
export interface PodFacts {
  name: string;
  job: string;
  /** The UID of the Job incarnation that made the pod; a restarted job's old pods have another. */
  controllerUid?: string;
  created?: EpochMs;
  phase?: string;
  deleting: boolean;
  image?: string;
  restartCount: number;
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: EpochMs };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: EpochMs; finishedAt?: EpochMs };
  /** Why the pod cannot be placed on a node, when it cannot. */
  unschedulable?: string;
}

/** `share` gives strings many jobs repeat one copy (see SharedStrings). */
export function jobFacts(job: V1Job, share: Share = unshared): JobFacts {
  const annotations = job.metadata?.annotations ?? {};
  const labels = job.metadata?.labels ?? {};
  const key = labels[LABEL.idempotencyKey];
  return {
    name: job.metadata!.name!,
    uid: job.metadata?.uid,
    resourceVersion: job.metadata?.resourceVersion,
    creating: annotations[ANNOTATION.creating] !== undefined,
    jobId: labels[LABEL.jobId],
    batchName: share(labels[LABEL.batchName]),
    batchId: share(labels[LABEL.batchId]),
    batchIndex: toNumber(annotations[ANNOTATION.batchIndex]),
    idempotency: key ? { key, request: annotations[ANNOTATION.requestDigest] ?? '' } : undefined,
    restarts: toNumber(annotations[ANNOTATION.restarts]),
    restartedAt: toTime(annotations[ANNOTATION.restartedAt]),
    delivered: annotations[ANNOTATION.delivered],
    cronSchedule: share(annotations[ANNOTATION.cronSchedule]),
    queued: annotations[ANNOTATION.queued] !== undefined,
    priority: toNumber(annotations[ANNOTATION.priority]),
    batchMaxConcurrentJobs: toNumber(annotations[ANNOTATION.batchMaxConcurrentJobs]),
    startDeadlineSeconds: toNumber(annotations[ANNOTATION.startDeadlineSeconds]),
    expiredAt: toTime(annotations[ANNOTATION.expiredAt]),
    scheduledTime: toTime(annotations[ANNOTATION.scheduledTime]),
    // A restart makes a new Job under the old name; the job was accepted when the first was.
    created: toTime(annotations[ANNOTATION.createdAt]) ?? toTime(job.metadata?.creationTimestamp) ?? 0,
    startTime: toTime(job.status?.startTime),
    completionTime: toTime(job.status?.completionTime),
    terminal: terminalCondition(job, share),
    stoppedAt: toTime(annotations[ANNOTATION.stoppedAt]),
    startedAt: toTime(annotations[ANNOTATION.startedAt]),
    failed: job.status?.failed ?? 0,
  };
}

/**
 * Only Complete and Failed end a Job. Since Kubernetes 1.31 the controller first adds the
 * interim SuccessCriteriaMet or FailureTarget and waits for pods to terminate; those are
 * not ends, so a job stays Running until the terminal condition arrives.
 */
function terminalCondition(job: V1Job, share: Share): JobFacts['terminal'] {
  const condition = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!condition) return undefined;
  return {
    type: condition.type as 'Complete' | 'Failed',
    at: toTime(condition.lastTransitionTime),
    reason: share(condition.reason),
    // The Job controller's messages are a few fixed texts ("Reached expected number of succeeded pods").
    message: share(condition.message),
  };
}

export function podFacts(pod: V1Pod, share: Share = unshared): PodFacts | undefined {
  const job = pod.metadata?.labels?.[LABEL.jobName];
  if (!job) return undefined;
  const container = pod.status?.containerStatuses?.[0];
  const state = container?.state;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return {
    name: pod.metadata!.name!,
    job,
    controllerUid: pod.metadata?.labels?.[LABEL.controllerUid],
    created: toTime(pod.metadata?.creationTimestamp),
    phase: share(pod.status?.phase),
    deleting: pod.metadata?.deletionTimestamp !== undefined,
    image: share(container?.image ?? pod.spec?.containers?.[0]?.image),
    restartCount: container?.restartCount ?? 0,
    waiting: state?.waiting && { reason: share(state.waiting.reason), message: state.waiting.message },
    running: state?.running && { startedAt: toTime(state.running.startedAt) },
    terminated: state?.terminated && {
      exitCode: state.terminated.exitCode,
      reason: share(state.terminated.reason),
      message: state.terminated.message,
      startedAt: toTime(state.terminated.startedAt),
      finishedAt: toTime(state.terminated.finishedAt),
    },
    unschedulable: scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason) : undefined,
  };
}

function toNumber(value: string | undefined): number | undefined {
  const number = value === undefined ? NaN : Number(value);
  return Number.isInteger(number) ? number : undefined;
}

/**
 * client-node hands timestamps over as Date objects or strings depending on the path; accept
 * both, and keep the time as a number (see EpochMs).
 */
function toTime(value: Date | string | undefined): EpochMs | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
