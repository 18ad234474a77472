import type { SchedulerConfig } from '../config/scheduler.config.js';

export const LABEL = {
  managedBy: 'app.kubernetes.io/managed-by',
  app: 'radix-app',
  component: 'radix-component',
  environment: 'radix-environment',
  jobType: 'radix-job-type',
  jobId: 'radix-job-id',
  batchName: 'radix-batch-name',
  batchId: 'radix-batch-id',
  /** A digest of the Idempotency-Key the job was created with. */
  idempotencyKey: 'job-scheduler/idempotency-key',
  /** "true" on a run a schedule started, as Radix labels its cron runs. */
  cron: 'radix-batch-cron',
  /** Set by the Job controller on every pod: the UID of the Job incarnation that made it. */
  controllerUid: 'batch.kubernetes.io/controller-uid',
  /** Set by the Job controller on every pod of a Job. */
  jobName: 'job-name',
} as const;

export const ANNOTATION = {
  /** When the job was stopped; a stopped Job is suspended and kept. */
  stoppedAt: 'job-scheduler/stopped-at',
  /** Present from the Job's create until it is resumed; a Job that keeps it was abandoned half-way. */
  creating: 'job-scheduler/creating',
  /** When the job's container first started; kept because suspending a Job clears its start time. */
  startedAt: 'job-scheduler/started-at',
  /** The request the job was made from, as JSON without its payload: what copy and restart start from. */
  description: 'job-scheduler/description',
  batchIndex: 'job-scheduler/batch-index',
  /** A digest of the request an Idempotency-Key came with. */
  requestDigest: 'job-scheduler/request-digest',
  /** A restarted job is a new Job under the old name; these keep its history. */
  restarts: 'job-scheduler/restarts',
  restartedAt: 'job-scheduler/restarted-at',
  createdAt: 'job-scheduler/created-at',
  /** Present while the job waits in the queue: the Job stays suspended until the leader admits it. */
  queued: 'job-scheduler/queued',
  /** Its place in the queue's order, its batch's own cap, and its start deadline, as given. */
  priority: 'job-scheduler/priority',
  batchMaxConcurrentJobs: 'job-scheduler/batch-max-concurrent-jobs',
  startDeadlineSeconds: 'job-scheduler/start-deadline-seconds',
  /** When the job failed for not running within its start deadline; the Job is suspended and kept. */
  expiredAt: 'job-scheduler/start-deadline-exceeded-at',
  /** The cron expression a run was started by, as Radix annotates its cron runs. */
  cronSchedule: 'radix.equinor.com/batch-cron-schedule',
  /** The time the schedule fired for. */
  scheduledTime: 'job-scheduler/scheduled-time',
  /** The state the job's webhook was last told of (a deliverySignature); '' for none yet. */
  delivered: 'job-scheduler/webhook-delivered',
} as const;

export const MANAGED_BY = 'job-scheduler';

/** The Secret that holds the values of a job definition's `secrets`, one key per variable. */
export const secretsName = (job: string) => `${job}-secrets`;

/** The labels that mark an object as this job definition's; every read and write is scoped by them. */
export function ownLabels(config: SchedulerConfig): Record<string, string> {
  return {
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.app]: config.app,
    [LABEL.component]: config.job.name,
    [LABEL.environment]: config.environment,
    [LABEL.jobType]: 'job-scheduler',
  };
}

export function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

export function isOwn(labels: Record<string, string> | undefined, own: Record<string, string>): boolean {
  return Object.entries(own).every(([key, value]) => labels?.[key] === value);
}
