import type { JobDefinition } from './job-definition.config.js';
import type { NodePlacement } from './node-placement.config.js';
import type { ServerLimits } from './server-limits.config.js';

export type RuntimeKind = 'kubernetes' | 'local';
export type LogFormat = 'text' | 'json';

export interface KubernetesSettings {
  /** Path of a kubeconfig; absent when running in-cluster. */
  kubeconfig?: string;
  inCluster: boolean;
  /** Namespace to work in; when absent, the in-cluster namespace or the kubeconfig context's. */
  namespace?: string;
}

export interface LocalSettings {
  /** Folder that holds job records, payloads and output; one sub-folder per job definition. */
  dataDir: string;
  /** Jobs that may wait for a slot at once; past it, a create is refused (503). */
  maxWaitingJobs: number;
  /** Bytes of stdout and of stderr kept per job. */
  maxOutputBytes: number;
  /** What a local job inherits from the scheduler's environment (PATH, HOME, locale, ...). */
  baseEnv: Record<string, string>;
  /** Whether a request may choose the program (`command`, `args`); only when the operator allows it for this job. */
  requestCommand: boolean;
  /** Values of the job's `secrets` found in the scheduler's environment; never written to disk. */
  secrets: Record<string, string>;
}

/** What the HTTP server accepts from browsers and which Host names it answers to. */
export interface HttpSettings {
  host: string;
  /**
   * Where it listens. Undefined for a job without a schedulerPort when no --port is given: its
   * schedules start its runs, and it listens on no port (its metrics are in the process's
   * /metrics on any other port).
   */
  port?: number;
  apiToken?: string;
  /** Origins (`scheme://host[:port]`) besides the scheduler's own whose pages may call the API; they get CORS answers. */
  allowedOrigins: string[];
  /**
   * Host names a request's `Host` header may name (DNS-rebinding defence); undefined means any.
   * Set when listening on loopback (the loopback names) or when configured.
   */
  allowedHosts?: string[];
}

export interface RetentionSettings {
  succeeded: number;
  failed: number;
  /** Finished batches kept, each as a whole. */
  batches: number;
  intervalSeconds: number;
  /** A job whose create is unfinished this long after it began was abandoned (the scheduler died half-way); the sweep removes it. */
  abandonedAfterSeconds: number;
}

/** How events reach a job definition's webhook, when it has one. */
export interface WebhookSettings {
  /** A secret for the HMAC-SHA256 signature of each body; no signature without it. */
  secret?: string;
  timeoutMs: number;
  /** How long an event is retried before it is given up. */
  retryWindowMs: number;
  /** Events waiting to be delivered, at most; past it the oldest is dropped. */
  maxQueue: number;
  /**
   * Also POST the firings of schedules that started no job (skipped, missed). Off by default:
   * their body is no Radix BatchEvent, and a Radix receiver must get only those.
   */
  scheduleEvents: boolean;
}

/** The queue of one job definition (src/queue). */
export interface QueueSettings {
  /** Jobs started and unfinished, at most; undefined for no cap (Kubernetes' default). */
  maxConcurrentJobs?: number;
  /** A job not running this long after its creation fails (StartDeadlineExceeded); undefined for never. */
  startDeadlineSeconds?: number;
}

export interface BatchSettings {
  /** Jobs one batch may have. */
  maxJobs: number;
  /** Bytes a batch request's body may have. */
  maxBodyBytes: number;
}

/**
 * Everything one scheduler app (one job definition) needs, validated at start and injected
 * typed. The class doubles as its own injection token.
 */
export class SchedulerConfig {
  readonly app!: string;
  readonly environment!: string;
  readonly job!: JobDefinition;
  /** Folder of radixconfig.yaml; job `src` folders are relative to it. */
  readonly configDir!: string;
  readonly http!: HttpSettings;
  readonly runtime!: RuntimeKind;
  readonly kubernetes!: KubernetesSettings;
  /** Kubernetes: the node labels and taints that place job pods. */
  readonly placement!: NodePlacement;
  readonly local!: LocalSettings;
  readonly queue!: QueueSettings;
  readonly retention!: RetentionSettings;
  readonly batches!: BatchSettings;
  readonly limits!: ServerLimits;
  readonly webhooks!: WebhookSettings;
  /** The other job definitions this process serves, for the console's links. */
  readonly peers?: { job: string; port: number }[];

  constructor(values: SchedulerConfig) {
    Object.assign(this, values);
  }
}

export interface ProcessSettings {
  logFormat: LogFormat;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  runtime: RuntimeKind;
  /** Why this runtime was chosen, for the start-up log line. */
  runtimeReason: string;
  schedulers: SchedulerConfig[];
  /** Said once at start: what radixconfig.yaml sets that this scheduler does not apply. */
  warnings: string[];
}
