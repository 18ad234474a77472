import { ApiException } from '@kubernetes/client-node';
import { InvalidRequestError, JobConflictError, JobNotFoundError, RuntimeUnavailableError, SchedulerError } from '../jobs/jobs.errors.js';

/** The status code of an API server answer, or undefined when there was no answer at all. */
export function apiStatus(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/**
 * Turns a failed API call into the scheduler's errors, by HTTP status. No answer at all
 * (refused, reset, timed out), throttling and server-side 5xx mean "try again later".
 * Anything else (403 from a missing Role permission, say) stays a bug report: a 500.
 * A quota that is full is the exception among 403s: it passes, so it is a 503.
 */
export function fromApiError(error: unknown, jobName: string): Error {
  if (error instanceof SchedulerError) return error;
  const status = apiStatus(error);
  if (status === undefined) {
    return new RuntimeUnavailableError(`Kubernetes API server unreachable: ${(error as Error).message}`);
  }
  const message = statusMessage(error as ApiException<unknown>);
  switch (status) {
    case 403:
      // A full ResourceQuota is the namespace's capacity, not a bug: retry once jobs end.
      if (/exceeded quota/.test(message)) return new RuntimeUnavailableError(`Kubernetes refused job ${jobName}: ${message}`, 30);
      return error as Error;
    case 404:
      return new JobNotFoundError(jobName);
    case 409:
      return new JobConflictError(`job ${jobName}: ${message}`);
    case 422:
      return new InvalidRequestError(`Kubernetes refused job ${jobName}: ${message}`);
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return new RuntimeUnavailableError(`Kubernetes API server answered ${status}: ${message}`);
    default:
      return error as Error;
  }
}

function statusMessage(error: ApiException<unknown>): string {
  const body = error.body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return (body as { message?: string } | undefined)?.message ?? error.message;
}
