import type { SchedulerConfig } from '../config/scheduler.config.js';
import { isLoaderVariable } from '../jobs/request-trust.js';
import type { JobDocument } from './job-document.js';

/**
 * Why a job found on disk may not run, or undefined when it may: what a `job.json` says to
 * run is run only when the settings could have chosen it. Without
 * JOB_SCHEDULER_ALLOW_REQUEST_COMMAND its program and arguments are the job definition's, and
 * in any case a variable that changes which code a program loads has the job definition's
 * value or none, as a request's would (refuseUntrusted).
 */
export function distrust(document: JobDocument, config: SchedulerConfig): string | undefined {
  const { job, local } = config;
  const argv = [...(job.command ?? []), ...(job.args ?? [])];
  const { spec } = document;
  if (!local.requestCommand && (spec.argv.length !== argv.length || spec.argv.some((word, i) => word !== argv[i])))
    return "its command is not the job definition's";
  const variable = Object.entries(spec.env).find(([name, value]) => isLoaderVariable(name) && job.variables?.[name] !== value);
  return variable ? `its variable ${variable[0]} is not the job definition's` : undefined;
}
