import { describe, expect, it } from '@jest/globals';
import type { FailurePolicyRule } from '../jobs/job.model.js';
import { judgeFailure, type Verdict } from './failure-policy.js';

const rule = (action: FailurePolicyRule['action'], operator: 'In' | 'NotIn', values: number[]): FailurePolicyRule => ({
  action,
  onExitCodes: { operator, values },
});

describe('judgeFailure', () => {
  const cases: Record<
    string,
    { exitCode?: number; failedBefore: number; backoffLimit: number; rules?: FailurePolicyRule[]; verdict: Verdict }
  > = {
    'fails the job on its first failure by default': {
      exitCode: 1,
      failedBefore: 0,
      backoffLimit: 0,
      verdict: { retry: false, counted: true, message: 'boom', reason: 'BackoffLimitExceeded' },
    },
    'retries while the failures stay within backoffLimit': {
      exitCode: 1,
      failedBefore: 1,
      backoffLimit: 2,
      verdict: { retry: true, counted: true },
    },
    'fails once the failures exceed backoffLimit': {
      exitCode: 1,
      failedBefore: 2,
      backoffLimit: 2,
      verdict: { retry: false, counted: true, message: 'boom (3 failed attempts, backoff limit 2)', reason: 'BackoffLimitExceeded' },
    },
    'fails at once on a FailJob rule': {
      exitCode: 42,
      failedBefore: 0,
      backoffLimit: 9,
      rules: [rule('FailJob', 'In', [42])],
      verdict: {
        retry: false,
        counted: true,
        message: 'boom, which fails the job by rule 0 of its failure policy',
        reason: 'PodFailurePolicy',
      },
    },
    'retries without counting on an Ignore rule, past backoffLimit': {
      exitCode: 137,
      failedBefore: 5,
      backoffLimit: 0,
      rules: [rule('Ignore', 'In', [137])],
      verdict: { retry: true, counted: false },
    },
    'counts on a Count rule': {
      exitCode: 2,
      failedBefore: 0,
      backoffLimit: 1,
      rules: [rule('Count', 'In', [2]), rule('FailJob', 'NotIn', [0])],
      verdict: { retry: true, counted: true },
    },
    'matches NotIn on codes outside the list': {
      exitCode: 5,
      failedBefore: 0,
      backoffLimit: 3,
      rules: [rule('FailJob', 'NotIn', [1, 2])],
      verdict: {
        retry: false,
        counted: true,
        message: 'boom, which fails the job by rule 0 of its failure policy',
        reason: 'PodFailurePolicy',
      },
    },
    'matches no rule when the process never started': {
      exitCode: undefined,
      failedBefore: 0,
      backoffLimit: 0,
      rules: [rule('Ignore', 'NotIn', [0])],
      verdict: { retry: false, counted: true, message: 'boom', reason: 'BackoffLimitExceeded' },
    },
  };

  it.each(Object.entries(cases))('%s', (_, c) => {
    const verdict = judgeFailure({ exitCode: c.exitCode, message: 'boom' }, c.failedBefore, {
      backoffLimit: c.backoffLimit,
      failurePolicy: c.rules && { rules: c.rules },
    });

    expect(verdict).toEqual(c.verdict);
  });
});
