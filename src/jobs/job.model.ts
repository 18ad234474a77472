import type { EmptyDirMount, NodeRequirements, RadixJobStatus, ResourceRequirements } from '../config/radix-vocabulary.config.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import type { FailurePolicyRule } from './dto/job-settings.dto.js';

/** Names the file that holds a job's payload, in every runtime, so job code need not know the path. */
export const PAYLOAD_FILE_VARIABLE = 'RADIX_JOB_PAYLOAD_FILE';

/**
 * Names the folder of an emptyDir mount (`scratch-data`: RADIX_VOLUME_MOUNT_SCRATCH_DATA), in
 * every runtime: its path in the container, or the job's own folder locally.
 */
export function volumeMountVariable(name: string): string {
  return `RADIX_VOLUME_MOUNT_${name.toUpperCase().replaceAll('-', '_')}`;
}

/** What the API reports: `Waiting` until a container runs, then `Running`, then one of the end states. */
export type JobState = RadixJobStatus;

const FINISHED: ReadonlySet<JobState> = new Set(['Succeeded', 'Failed', 'Stopped']);

export function isFinished(state: JobState): boolean {
  return FINISHED.has(state);
}

/**
 * Why a finished job did not succeed, the same on both runtimes, so that no caller reads
 * Kubernetes conditions: its time limit, its failures past backoffLimit, a FailJob rule of its
 * failure policy, memory, its image, a program that could not start, a stop, or the
 * scheduler (local runtime) going away while it ran.
 */
export const FAILURE_REASONS = [
  'DeadlineExceeded',
  'BackoffLimitExceeded',
  'PodFailurePolicy',
  'OOMKilled',
  'ImagePullFailed',
  'StartError',
  'Stopped',
  'SchedulerRestarted',
  'SchedulerShutdown',
  'StartDeadlineExceeded',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The message of a job failed for not running within its start deadline, the same on both runtimes. */
export function startDeadlineMessage(seconds: number | undefined): string {
  return `not running ${seconds ?? '?'} seconds after it was created (startDeadlineSeconds)`;
}

/**
 * `items` newest first, in place. Runtimes keep jobs in the order they were made, so the
 * reverse is usually in order already: checking that costs one pass, sorting a thousand jobs
 * on every list costs more than the rest of the list.
 */
export function sortNewestFirst<T extends { name: string; created: EpochMs }>(items: T[]): T[] {
  items.reverse();
  for (let i = 1; i < items.length; i++) if (newestFirst(items[i - 1], items[i]) > 0) return items.sort(newestFirst);
  return items;
}

/** The order every list is in: newest created first, then by name (code points), descending. */
export function newestFirst(a: { name: string; created: EpochMs }, b: { name: string; created: EpochMs }): number {
  return b.created - a.created || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
}

/** State of one attempt (a pod on Kubernetes, a process locally), as Radix's `PodStatus`. */
export type ReplicaState = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';

export interface ReplicaRecord {
  name: string;
  created?: EpochMs;
  started?: EpochMs;
  ended?: EpochMs;
  exitCode?: number;
  reason?: string;
  message?: string;
  image?: string;
  restartCount?: number;
  podIndex?: number;
  state: ReplicaState;
}

/** What a job was asked to be, without its payload: kept with the job so that it can be copied or restarted. */
export type JobDescription = Omit<JobScheduleDescription, 'payload'>;

/** Digests of the Idempotency-Key a job was created with and of its request, to answer a repeat. */
export interface IdempotencyStamp {
  key: string;
  request: string;
}

/**
 * An instant as milliseconds since the epoch. Records keep their times so, not as Dates: a
 * scheduler holds thousands of records of several times each, and a Date costs about a
 * hundred bytes of heap more than a number (bench B4); times become Dates or text only at
 * the edges (the API's JSON, Kubernetes' annotations, the local job.json).
 */
export type EpochMs = number;

/** The slim record of one job that both runtimes keep and the API returns. */
export interface JobRecord {
  name: string;
  jobId?: string;
  /** The batch the job belongs to; undefined for a single job. */
  batchName?: string;
  batchId?: string;
  /** Its place in the batch request's list. */
  batchIndex?: number;
  created: EpochMs;
  started?: EpochMs;
  ended?: EpochMs;
  status: JobState;
  /** Why the job waits or failed, when known. */
  message?: string;
  /** Set once the job finished without success. */
  reason?: FailureReason;
  /** Number of failed attempts. */
  failed?: number;
  /** How many times the job was restarted, and when last. */
  restarts?: number;
  restartedAt?: EpochMs;
  idempotency?: IdempotencyStamp;
  /** Made, but waiting in the queue for a slot: its runtime has not started it (see src/queue). */
  queued?: boolean;
  /** Where a queued job stands, as readers see it: never stored, the queue adds it (AdmissionGate.view). */
  queue?: { position: number; reason: string };
  /** Higher goes first in the queue; 0 when not given. */
  priority?: number;
  /** Of a job of a batch that limits itself: at most this many of its jobs run at once. */
  batchMaxConcurrentJobs?: number;
  /** Fails the job (StartDeadlineExceeded) when it is not running this long after its creation. */
  startDeadlineSeconds?: number;
  /** Set for a run a schedule started: its cron expression, as Radix reports it. */
  cronSchedule?: string;
  /** The time the schedule fired for (a run started by hand: when it was asked for). */
  scheduledTime?: EpochMs;
  /**
   * With a webhook: the signature of the state its receiver was last told ('' for none yet).
   * Undefined for a job made without a webhook.
   */
  delivered?: string;
  replicas: ReplicaRecord[];
}

/** Declared once, as the request's DTO, which validates and documents it. */
export type { FailurePolicyRule };

/** Everything a runtime needs to start one job: the definition merged with the request. */
export interface JobSpec {
  name: string;
  jobId?: string;
  batchName?: string;
  batchId?: string;
  /** Its place in the batch request's list. */
  batchIndex?: number;
  /** The request it came from, stored with the job. */
  description: JobDescription;
  idempotency?: IdempotencyStamp;
  /** Whether a webhook is told of the job's events, so that what it was told is kept with the job. */
  webhook?: boolean;
  /** Set for a run a schedule started: the expression and the time it fired for. */
  cron?: { schedule: string; scheduledTime: Date };
  /** Made but not started: it waits in the queue until admitted (JobGateway.admit). */
  queued?: boolean;
  /** Its place in the queue's order, and its batch's own cap; see JobRecord. */
  priority?: number;
  batchMaxConcurrentJobs?: number;
  startDeadlineSeconds?: number;
  /** Set when the job is a restart of the job of the same name: its count, and when the job was first created. */
  restart?: { count: number; at: Date; created: EpochMs };
  /** UTF-8 bytes of the payload; undefined when the job definition takes none. */
  payload?: Buffer;
  image?: string;
  command?: string[];
  args?: string[];
  /** RADIX_* variables, configured variables and request variables, in that order of precedence reversed. */
  env: Record<string, string>;
  /** Names of the job definition's `secrets`: environment variables whose values the runtime supplies. */
  secrets: string[];
  secretRefs: string[];
  resources: ResourceRequirements;
  node?: NodeRequirements;
  runtime?: { architecture?: string; nodeType?: string };
  /** Kubernetes: whether the cluster autoscaler may evict the pod; unset, the time limit decides. */
  safeToRestart?: boolean;
  /** Kubernetes: the user the container runs as. */
  runAsUser?: number;
  /** Kubernetes: whether the container's root filesystem is read-only (the job definition's alone). */
  readOnlyFileSystem?: boolean;
  /** The job definition's scratch volumes. */
  emptyDirs: EmptyDirMount[];
  timeLimitSeconds?: number;
  backoffLimit: number;
  failurePolicy?: { rules: FailurePolicyRule[] };
}

/** The record of a job just accepted: Waiting, no attempts yet; a restart keeps when it was first accepted. */
export function acceptedRecord(spec: JobSpec, now: Date): JobRecord {
  return {
    name: spec.name,
    jobId: spec.jobId,
    batchName: spec.batchName,
    batchId: spec.batchId,
    batchIndex: spec.batchIndex,
    idempotency: spec.idempotency,
    ...(spec.cron ? { cronSchedule: spec.cron.schedule, scheduledTime: spec.cron.scheduledTime.getTime() } : {}),
    ...(spec.queued ? { queued: true } : {}),
    ...(spec.priority ? { priority: spec.priority } : {}),
    ...(spec.batchMaxConcurrentJobs !== undefined ? { batchMaxConcurrentJobs: spec.batchMaxConcurrentJobs } : {}),
    ...(spec.startDeadlineSeconds !== undefined ? { startDeadlineSeconds: spec.startDeadlineSeconds } : {}),
    ...(spec.webhook ? { delivered: '' } : {}),
    created: spec.restart?.created ?? now.getTime(),
    ...(spec.restart ? { restarts: spec.restart.count, restartedAt: spec.restart.at.getTime() } : {}),
    status: 'Waiting',
    replicas: [],
  };
}
