/**
 * Radix's words that radixconfig.yaml and the API share: job and batch statuses, the batch
 * status rules, and the shapes of resources and nodes. They live here, below the domain, so
 * that config reads the file without knowing the features that act on it.
 */

/** A job's status in Radix's API: `Waiting` until a container runs, then `Running`, then one of the end states. */
export type RadixJobStatus = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';

/** A batch's status: Radix's aggregate of its jobs, or whatever its `batchStatusRules` say. */
export type BatchState = 'Waiting' | 'Active' | 'Running' | 'Succeeded' | 'Failed' | 'Stopping' | 'Stopped' | 'Completed';
export const BATCH_STATES: readonly BatchState[] = [
  'Waiting',
  'Active',
  'Running',
  'Succeeded',
  'Failed',
  'Stopping',
  'Stopped',
  'Completed',
];

/** Job statuses a rule may name: ours, and Radix's `Active`, which our `Running` covers. */
export type RuleJobStatus = RadixJobStatus | 'Active';
export const RULE_JOB_STATUSES: readonly RuleJobStatus[] = ['Waiting', 'Active', 'Running', 'Succeeded', 'Failed', 'Stopped'];

/** One of radixconfig.yaml's `batchStatusRules`: when any (or all) jobs are (not) in `jobStatuses`, the batch is `batchStatus`. */
export interface BatchStatusRule {
  condition: 'Any' | 'All';
  operator: 'In' | 'NotIn';
  jobStatuses: RuleJobStatus[];
  batchStatus: BatchState;
}

/** CPU, memory and GPU a job asks for and may use, as Kubernetes quantities. */
export interface ResourceRequirements {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface NodeRequirements {
  gpu?: string;
  gpuCount?: string;
}

/** Where a job runs: a node type (a node pool of its own), else a CPU architecture. */
export interface RuntimeChoice {
  architecture?: 'amd64' | 'arm64';
  nodeType?: string;
}

/** Radix's failurePolicy: the first rule whose exit codes match decides what a failed attempt does. */
export interface FailurePolicySpec {
  rules: { action: 'FailJob' | 'Ignore' | 'Count'; onExitCodes: { operator: 'In' | 'NotIn'; values: number[] } }[];
}

/** An emptyDir volume mount: scratch space of at most `sizeLimit`, fresh for each attempt, at `path`. */
export interface EmptyDirMount {
  name: string;
  path: string;
  sizeLimit: string;
}
