import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { ANNOTATION, LABEL } from './labels.js';

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
  restartedAt?: Date;
  delivered?: string;
  cronSchedule?: string;
  scheduledTime?: Date;
  /** Waits in the queue: suspended until the leader admits it. */
  queued?: boolean;
  priority?: number;
  batchMaxConcurrentJobs?: number;
  startDeadlineSeconds?: number;
  expiredAt?: Date;
  created: Date;
  startTime?: Date;
  completionTime?: Date;
  /** Complete or Failed, when the Job controller has decided. */
  terminal?: { type: 'Complete' | 'Failed'; at?: Date; reason?: string; message?: string };
  stoppedAt?: Date;
  startedAt?: Date;
  failed: number;
}

/** What the cache keeps of a pod. */
export interface PodFacts {
  name: string;
  job: string;
  /** The UID of the Job incarnation that made the pod; a restarted job's old pods have another. */
  controllerUid?: string;
  created?: Date;
  phase?: string;
  deleting: boolean;
  image?: string;
  restartCount: number;
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: Date };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: Date; finishedAt?: Date };
  /** Why the pod cannot be placed on a node, when it cannot. */
  unschedulable?: string;
}

export function jobFacts(job: V1Job): JobFacts {
  const annotations = job.metadata?.annotations ?? {};
  const labels = job.metadata?.labels ?? {};
  const key = labels[LABEL.idempotencyKey];
  return {
    name: job.metadata!.name!,
    uid: job.metadata?.uid,
    resourceVersion: job.metadata?.resourceVersion,
    creating: annotations[ANNOTATION.creating] !== undefined,
    jobId: labels[LABEL.jobId],
    batchName: labels[LABEL.batchName],
    batchId: labels[LABEL.batchId],
    batchIndex: toNumber(annotations[ANNOTATION.batchIndex]),
    idempotency: key ? { key, request: annotations[ANNOTATION.requestDigest] ?? '' } : undefined,
    restarts: toNumber(annotations[ANNOTATION.restarts]),
    restartedAt: toDate(annotations[ANNOTATION.restartedAt]),
    delivered: annotations[ANNOTATION.delivered],
    cronSchedule: annotations[ANNOTATION.cronSchedule],
    queued: annotations[ANNOTATION.queued] !== undefined,
    priority: toNumber(annotations[ANNOTATION.priority]),
    batchMaxConcurrentJobs: toNumber(annotations[ANNOTATION.batchMaxConcurrentJobs]),
    startDeadlineSeconds: toNumber(annotations[ANNOTATION.startDeadlineSeconds]),
    expiredAt: toDate(annotations[ANNOTATION.expiredAt]),
    scheduledTime: toDate(annotations[ANNOTATION.scheduledTime]),
    // A restart makes a new Job under the old name; the job was accepted when the first was.
    created: toDate(annotations[ANNOTATION.createdAt]) ?? toDate(job.metadata?.creationTimestamp) ?? new Date(0),
    startTime: toDate(job.status?.startTime),
    completionTime: toDate(job.status?.completionTime),
    terminal: terminalCondition(job),
    stoppedAt: toDate(annotations[ANNOTATION.stoppedAt]),
    startedAt: toDate(annotations[ANNOTATION.startedAt]),
    failed: job.status?.failed ?? 0,
  };
}

/**
 * Only Complete and Failed end a Job. Since Kubernetes 1.31 the controller first adds the
 * interim SuccessCriteriaMet or FailureTarget and waits for pods to terminate; those are
 * not ends, so a job stays Running until the terminal condition arrives.
 */
function terminalCondition(job: V1Job): JobFacts['terminal'] {
  const condition = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!condition) return undefined;
  return {
    type: condition.type as 'Complete' | 'Failed',
    at: toDate(condition.lastTransitionTime),
    reason: condition.reason,
    message: condition.message,
  };
}

export function podFacts(pod: V1Pod): PodFacts | undefined {
  const job = pod.metadata?.labels?.[LABEL.jobName];
  if (!job) return undefined;
  const container = pod.status?.containerStatuses?.[0];
  const state = container?.state;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return {
    name: pod.metadata!.name!,
    job,
    controllerUid: pod.metadata?.labels?.[LABEL.controllerUid],
    created: toDate(pod.metadata?.creationTimestamp),
    phase: pod.status?.phase,
    deleting: pod.metadata?.deletionTimestamp !== undefined,
    image: container?.image ?? pod.spec?.containers?.[0]?.image,
    restartCount: container?.restartCount ?? 0,
    waiting: state?.waiting && { reason: state.waiting.reason, message: state.waiting.message },
    running: state?.running && { startedAt: toDate(state.running.startedAt) },
    terminated: state?.terminated && {
      exitCode: state.terminated.exitCode,
      reason: state.terminated.reason,
      message: state.terminated.message,
      startedAt: toDate(state.terminated.startedAt),
      finishedAt: toDate(state.terminated.finishedAt),
    },
    unschedulable: scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason) : undefined,
  };
}

function toNumber(value: string | undefined): number | undefined {
  const number = value === undefined ? NaN : Number(value);
  return Number.isInteger(number) ? number : undefined;
}

/** client-node hands timestamps over as Date objects or strings depending on the path; accept both. */
function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
