import type { NodeRequirements, ResourceRequirements } from '../config/job-definition.config.js';

/** Names the file that holds a job's payload, in every runtime, so job code need not know the path. */
export const PAYLOAD_FILE_VARIABLE = 'RADIX_JOB_PAYLOAD_FILE';

/** What the API reports: `Waiting` until a container runs, then `Running`, then one of the end states. */
export type JobState = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';

const FINISHED: ReadonlySet<JobState> = new Set(['Succeeded', 'Failed', 'Stopped']);

export function isFinished(state: JobState): boolean {
  return FINISHED.has(state);
}

/** The order every job list is in: newest created first, then by name, descending. */
export function newestFirst(a: JobRecord, b: JobRecord): number {
  return b.created.getTime() - a.created.getTime() || b.name.localeCompare(a.name);
}

/** State of one attempt (a pod on Kubernetes, a process locally), as Radix's `PodStatus`. */
export type ReplicaState = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';

export interface ReplicaRecord {
  name: string;
  created?: Date;
  started?: Date;
  ended?: Date;
  exitCode?: number;
  reason?: string;
  message?: string;
  image?: string;
  restartCount?: number;
  podIndex?: number;
  state: ReplicaState;
}

/** The slim record of one job that both runtimes keep and the API returns. */
export interface JobRecord {
  name: string;
  jobId?: string;
  created: Date;
  started?: Date;
  ended?: Date;
  status: JobState;
  /** Why the job waits or failed, when known. */
  message?: string;
  /** Number of failed attempts. */
  failed?: number;
  replicas: ReplicaRecord[];
}

export interface FailurePolicyRule {
  action: 'FailJob' | 'Ignore' | 'Count';
  onExitCodes: { operator: 'In' | 'NotIn'; values: number[] };
}

/** Everything a runtime needs to start one job: the definition merged with the request. */
export interface JobSpec {
  name: string;
  jobId?: string;
  /** UTF-8 bytes of the payload; undefined when the job definition takes none. */
  payload?: Buffer;
  image?: string;
  command?: string[];
  args?: string[];
  /** RADIX_* variables, configured variables and request variables, in that order of precedence reversed. */
  env: Record<string, string>;
  secretRefs: string[];
  resources: ResourceRequirements;
  node?: NodeRequirements;
  runtime?: { architecture?: string; nodeType?: string };
  timeLimitSeconds?: number;
  backoffLimit: number;
  failurePolicy?: { rules: FailurePolicyRule[] };
}
