import type { SchedulerConfig } from '../config/scheduler.config.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import type { JobSpec } from './job.model.js';

/** Merges a request over the job definition into what a runtime starts. */
export function buildJobSpec(
  config: SchedulerConfig,
  request: JobScheduleDescription,
  name: string,
  payload: Buffer | undefined,
): JobSpec {
  const job = config.job;
  return {
    name,
    jobId: request.jobId,
    payload,
    image: job.image && request.imageTagName ? withTag(job.image, request.imageTagName) : job.image,
    command: request.command ?? job.command,
    args: request.args ?? job.args,
    env: { ...job.variables, ...request.variables, ...radixVariables(config, name) },
    secretRefs: job.secretRefs,
    resources: {
      requests: { ...job.resources.requests, ...request.resources?.requests },
      limits: { ...job.resources.limits, ...request.resources?.limits },
    },
    node: request.node ?? job.node,
    runtime: request.runtime,
    timeLimitSeconds: request.timeLimitSeconds ?? job.timeLimitSeconds,
    backoffLimit: request.backoffLimit ?? job.backoffLimit ?? 0,
    failurePolicy: request.failurePolicy,
  };
}

/** The variables Radix gives every job container; RADIX_PORTS uses Radix's `(3000 8080)` form. */
function radixVariables(config: SchedulerConfig, name: string): Record<string, string> {
  const ports = config.job.ports;
  return {
    RADIX_APP: config.app,
    RADIX_ENVIRONMENT: config.environment,
    RADIX_COMPONENT: config.job.name,
    RADIX_JOB_NAME: name,
    ...(ports.length > 0
      ? { RADIX_PORTS: `(${ports.map((p) => p.port).join(' ')})`, RADIX_PORT_NAMES: `(${ports.map((p) => p.name).join(' ')})` }
      : {}),
  };
}

/** Replaces the tag (and drops any digest) of an image reference; a registry port is not a tag. */
export function withTag(image: string, tag: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const repository = lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
  return `${repository}:${tag}`;
}
