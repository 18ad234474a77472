import type { SchedulerConfig } from '../config/scheduler.config.js';
import type { JobScheduleDescription, RadixJobComponentConfig } from './dto/job-schedule-description.dto.js';
import type { IdempotencyStamp, JobDescription, JobSpec } from './job.model.js';
import { InvalidRequestError, PayloadTooLargeError } from './jobs.errors.js';

export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Who a job is beyond its request: its name, and where it belongs. */
export interface JobIdentity {
  name: string;
  payload: Buffer | undefined;
  batch?: { name: string; id?: string; index: number };
  idempotency?: IdempotencyStamp;
  restart?: JobSpec['restart'];
  cron?: JobSpec['cron'];
  /** Whether it waits in the queue (the queue decides, through AdmissionGate). */
  queued?: boolean;
  /** Of a job of a batch that limits itself. */
  batchMaxConcurrentJobs?: number;
}

/** Merges a request over the job definition into what a runtime starts. */
export function buildJobSpec(config: SchedulerConfig, request: JobScheduleDescription, identity: JobIdentity): JobSpec {
  const job = config.job;
  const { payload: _payload, ...description } = request;
  const image = request.image ?? job.image;
  return {
    name: identity.name,
    jobId: request.jobId,
    batchName: identity.batch?.name,
    batchId: identity.batch?.id,
    batchIndex: identity.batch?.index,
    description: description satisfies JobDescription,
    idempotency: identity.idempotency,
    restart: identity.restart,
    cron: identity.cron,
    queued: identity.queued,
    priority: request.priority,
    batchMaxConcurrentJobs: identity.batchMaxConcurrentJobs,
    startDeadlineSeconds: request.startDeadlineSeconds ?? config.queue.startDeadlineSeconds,
    webhook: config.job.webhook !== undefined,
    payload: identity.payload,
    image: image && request.imageTagName ? withTag(image, request.imageTagName) : image,
    command: request.command ?? job.command,
    args: request.args ?? job.args,
    env: { ...job.variables, ...request.variables, ...radixVariables(config, identity.name) },
    // A request's variable wins over a secret of the same name, as in Radix: its value, not the Secret's.
    secrets: job.secrets.filter((name) => !Object.hasOwn(request.variables ?? {}, name)),
    secretRefs: job.secretRefs,
    resources: {
      requests: { ...job.resources.requests, ...request.resources?.requests },
      limits: { ...job.resources.limits, ...request.resources?.limits },
    },
    node: request.node ?? job.node,
    runtime: request.runtime ?? job.runtime,
    safeToRestart: request.safeToRestart ?? job.safeToRestart,
    runAsUser: request.runAsUser ?? job.runAsUser,
    readOnlyFileSystem: job.readOnlyFileSystem,
    emptyDirs: job.emptyDirs,
    timeLimitSeconds: request.timeLimitSeconds ?? job.timeLimitSeconds,
    backoffLimit: request.backoffLimit ?? job.backoffLimit ?? 0,
    failurePolicy: request.failurePolicy ?? job.failurePolicy,
  };
}

/**
 * One job of a batch: the batch's defaults with the job's own values on top, as Radix merges
 * them. Variables and resource requests and limits merge name by name; node merges field by
 * field; every other setting is the job's when it has one.
 */
export function mergeDefaults(defaults: RadixJobComponentConfig | undefined, own: JobScheduleDescription): JobScheduleDescription {
  if (!defaults) return own;
  const merged: JobScheduleDescription = { ...definedOnly(defaults), ...definedOnly(own) };
  if (defaults.variables || own.variables) merged.variables = { ...defaults.variables, ...own.variables };
  if (defaults.node || own.node) merged.node = { ...defaults.node, ...own.node };
  if (defaults.resources || own.resources) {
    const [base, mine] = [defaults.resources ?? {}, own.resources ?? {}];
    merged.resources = {
      ...(base.requests || mine.requests ? { requests: { ...base.requests, ...mine.requests } } : {}),
      ...(base.limits || mine.limits ? { limits: { ...base.limits, ...mine.limits } } : {}),
    };
  }
  return merged;
}

/**
 * The payload as the bytes the job will read, after the checks the seed promises. `field`
 * names where it came from in messages (`jobScheduleDescriptions[3].payload`).
 */
export function payloadBytes(config: SchedulerConfig, payload: string | undefined, field = 'payload'): Buffer | undefined {
  const { name, payloadPath } = config.job;
  if (!payloadPath) {
    if (payload) throw new InvalidRequestError(`${field}: job ${name} takes no payload (radixconfig.yaml sets no payload.path for it)`);
    return undefined;
  }
  const text = payload ?? '';
  if (!text.isWellFormed()) throw new InvalidRequestError(`${field}: must be valid Unicode text (it contains a lone surrogate)`);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(`${field}: ${bytes.length} bytes of UTF-8; at most ${MAX_PAYLOAD_BYTES} (1 MiB) are allowed`);
  }
  return bytes;
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

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
