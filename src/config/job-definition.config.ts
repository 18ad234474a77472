import type {
  BatchStatusRule,
  EmptyDirMount,
  FailurePolicySpec,
  NodeRequirements,
  ResourceRequirements,
  RuntimeChoice,
} from './radix-vocabulary.config.js';
import { type CronDefinition, resolveCron } from './cron-schedule.config.js';
import type { RadixJob, RadixJobEnvironmentConfig } from './radix-application.config.js';
import { runtimeChoice } from './radix-job-fields.config.js';
import { emptyDirMounts } from './volume-mounts.config.js';

/** Radix's placeholder in a job's image for the tag an environment chooses. */
const IMAGE_TAG_NAME = '{imageTagName}';

export interface JobPort {
  name: string;
  port: number;
}

/** One job of radixconfig.yaml with its environment's overrides applied. */
export interface JobDefinition {
  name: string;
  /** Folder of the job's sources, relative to radixconfig.yaml; the local runtime runs commands there. */
  src?: string;
  /** Where its API listens; undefined for a job that only its schedules start, which serves no API. */
  schedulerPort?: number;
  /** Folder in the container where the payload file is mounted; no payloads are accepted without it. */
  payloadPath?: string;
  ports: JobPort[];
  image?: string;
  variables: Record<string, string>;
  /** Environment variables whose values are secret (radixconfig.yaml's `secrets`). */
  secrets: string[];
  secretRefs: string[];
  resources: ResourceRequirements;
  node?: NodeRequirements;
  /** Kubernetes: whether the cluster autoscaler may evict the pod; unset, decided by the time limit. */
  safeToRestart?: boolean;
  /** Kubernetes: the user the container runs as. */
  runAsUser?: number;
  /** Kubernetes: a read-only root filesystem for the container. */
  readOnlyFileSystem?: boolean;
  runtime?: RuntimeChoice;
  failurePolicy?: FailurePolicySpec;
  /** Scratch volumes: an emptyDir on Kubernetes, a folder of the job's own locally. */
  emptyDirs: EmptyDirMount[];
  timeLimitSeconds?: number;
  backoffLimit?: number;
  command?: string[];
  args?: string[];
  batchStatusRules: BatchStatusRule[];
  /** Where every event of its jobs is POSTed (radixconfig.yaml's `notifications.webhook`). */
  webhook?: string;
  /** Extensions: its queue's cap and start deadline, when radixconfig.yaml gives them. */
  maxConcurrentJobs?: number;
  startDeadlineSeconds?: number;
  /** When its runs start, after the environment's override. */
  cron?: CronDefinition;
  /** Kubernetes: false lets the job's container run as root; true (the default) refuses images that would. */
  runAsNonRoot?: boolean;
}

/** Applies the `environmentConfig` entry of `environment` on top of the job's own settings. */
export function resolveJobDefinition(job: RadixJob, environment: string): JobDefinition {
  const override: RadixJobEnvironmentConfig | Partial<RadixJobEnvironmentConfig> =
    job.environmentConfig?.find((e) => e.environment === environment) ?? {};
  const image = override.image ?? job.image;
  return {
    name: job.name,
    src: job.src,
    schedulerPort: job.schedulerPort,
    payloadPath: job.payload?.path,
    ports: (job.ports ?? []).map(({ name, port }) => ({ name, port })),
    image: override.imageTagName && image ? image.replaceAll(IMAGE_TAG_NAME, override.imageTagName) : image,
    variables: { ...job.variables, ...override.variables },
    secrets: job.secrets ?? [],
    secretRefs: override.secretRefs ?? job.secretRefs ?? [],
    resources: {
      requests: { ...job.resources?.requests, ...override.resources?.requests },
      limits: { ...job.resources?.limits, ...override.resources?.limits },
    },
    node: override.node ?? job.node,
    safeToRestart: override.safeToRestart ?? job.safeToRestart,
    runAsUser: override.runAsUser ?? job.runAsUser,
    readOnlyFileSystem: override.readOnlyFileSystem ?? job.readOnlyFileSystem,
    runtime: runtimeChoice(override.runtime ?? job.runtime),
    failurePolicy: override.failurePolicy ?? job.failurePolicy,
    emptyDirs: emptyDirMounts(job.volumeMounts, override.volumeMounts),
    timeLimitSeconds: override.timeLimitSeconds ?? job.timeLimitSeconds,
    backoffLimit: override.backoffLimit ?? job.backoffLimit,
    command: override.command ?? job.command,
    args: override.args ?? job.args,
    batchStatusRules: override.batchStatusRules ?? job.batchStatusRules ?? [],
    webhook: override.notifications?.webhook ?? job.notifications?.webhook,
    runAsNonRoot: override.runAsNonRoot ?? job.runAsNonRoot,
    cron: resolveCron(job, environment),
    maxConcurrentJobs: override.maxConcurrentJobs ?? job.maxConcurrentJobs,
    startDeadlineSeconds: override.startDeadlineSeconds ?? job.startDeadlineSeconds,
  };
}
