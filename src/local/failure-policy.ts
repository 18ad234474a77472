import type { FailurePolicyRule } from '../jobs/job.model.js';
import type { StoredSpec } from './job-document.js';

/** What a failed attempt means for its job: try again, or fail the job with a message. */
export type Verdict =
  { retry: true; counted: boolean } | { retry: false; counted: true; message: string; reason: 'PodFailurePolicy' | 'BackoffLimitExceeded' };

export interface FailedAttempt {
  /** Undefined when the process never started. */
  exitCode?: number;
  message: string;
}

/**
 * Judges a failed attempt as Kubernetes' podFailurePolicy and backoffLimit do. The first rule
 * whose exit codes match decides: FailJob fails the job at once, Ignore retries without counting
 * the failure (Kubernetes leaves such pods out of `failed` too), Count counts it. With no
 * matching rule the failure counts, and the job fails once more than `backoffLimit` counted.
 */
export function judgeFailure(
  attempt: FailedAttempt,
  failedBefore: number,
  spec: Pick<StoredSpec, 'backoffLimit' | 'failurePolicy'>,
): Verdict {
  const rules = spec.failurePolicy?.rules ?? [];
  const index = rules.findIndex((rule) => matches(rule, attempt.exitCode));
  const action = rules[index]?.action;
  if (action === 'FailJob') {
    return {
      retry: false,
      counted: true,
      message: `${attempt.message}, which fails the job by rule ${index} of its failure policy`,
      reason: 'PodFailurePolicy',
    };
  }
  if (action === 'Ignore') return { retry: true, counted: false };
  const failed = failedBefore + 1;
  if (failed <= spec.backoffLimit) return { retry: true, counted: true };
  const limit = spec.backoffLimit > 0 ? ` (${failed} failed attempts, backoff limit ${spec.backoffLimit})` : '';
  return { retry: false, counted: true, message: `${attempt.message}${limit}`, reason: 'BackoffLimitExceeded' };
}

function matches(rule: FailurePolicyRule, exitCode: number | undefined): boolean {
  if (exitCode === undefined) return false;
  const listed = rule.onExitCodes.values.includes(exitCode);
  return rule.onExitCodes.operator === 'In' ? listed : !listed;
}
