import type { V1PodFailurePolicy } from '@kubernetes/client-node';
import type { JobSpec } from '../jobs/job.model.js';

/** The cluster autoscaler's pod annotation: whether it may evict the pod to remove its node. */
export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
/** Radix's threshold: a job allowed to run this long is evicted rather than hold a node for days. */
const SAFE_TO_RESTART_SECONDS = 259_200;
/** Radix's default time limit: a job here may have none, and is judged as the same job on Radix would be. */
const RADIX_TIME_LIMIT_SECONDS = 43_200;

/**
 * Radix's failurePolicy as a podFailurePolicy of the job's container; none without rules. The API
 * server wants each rule's exit codes unique and ascending; Radix sorts them too.
 */
export function podFailurePolicy(spec: JobSpec, container: string): V1PodFailurePolicy | undefined {
  const rules = spec.failurePolicy?.rules ?? [];
  if (rules.length === 0) return undefined;
  return {
    rules: rules.map(({ action, onExitCodes: { operator, values } }) => ({
      action,
      onExitCodes: { containerName: container, operator, values: [...new Set(values)].sort((a, b) => a - b) },
    })),
  };
}

/**
 * Whether the cluster autoscaler may evict the pod: the job's safeToRestart, else, as Radix
 * decides, whether its time limit is at least 3 days. A job without a limit counts as having
 * Radix's default of 12 hours, so a Radix file gives the same answer here as on Radix.
 */
export function safeToEvict(spec: JobSpec): boolean {
  return spec.safeToRestart ?? (spec.timeLimitSeconds ?? RADIX_TIME_LIMIT_SECONDS) >= SAFE_TO_RESTART_SECONDS;
}
