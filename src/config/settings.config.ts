import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.errors.js';
import { resolveJobDefinition } from './job-definition.config.js';
import type { RadixApplication } from './radix-application.config.js';
import { DNS_LABEL } from '../validation/validators.js';
import { readRadixConfig } from './radixconfig.config.js';
import { unappliedKeys } from './unapplied-keys.config.js';
import { localNoEffect } from './runtime-effects.config.js';
import { mountPathProblems } from './volume-mounts.config.js';
import { cronProblems } from './cron-schedule.config.js';
import { type ProcessSettings, type RuntimeKind, SchedulerConfig } from './scheduler.config.js';
import { type Env, type Setting, SettingSources } from './setting-sources.config.js';
import { allowedHostsFor, parseHostNames, parseOrigins } from './browser-access.config.js';
import { DEFAULT_MAX_BATCH_BYTES, LIMIT_SETTINGS, readMaxWaitingJobs, readServerLimits } from './server-limits.config.js';
import { secretSetting } from './secret-files.config.js';
import { PLACEMENT_SETTINGS, readPlacement } from './node-placement.config.js';

/** Every setting the process reads; README's configuration table mirrors this one. */
export const SETTINGS = {
  config: { env: 'RADIX_CONFIG_FILE', flag: 'config' },
  job: { env: 'RADIX_COMPONENT', flag: 'job' },
  environment: { env: 'RADIX_ENVIRONMENT', flag: 'environment' },
  app: { env: 'RADIX_APP', flag: 'app' },
  runtime: { env: 'JOB_SCHEDULER_RUNTIME', flag: 'runtime' },
  kubeconfig: { env: 'KUBECONFIG', flag: 'kubeconfig' },
  namespace: { env: 'JOB_SCHEDULER_NAMESPACE', flag: 'namespace' },
  port: { env: 'JOB_SCHEDULER_PORT', flag: 'port' },
  image: { env: 'JOB_SCHEDULER_IMAGE', flag: 'image' },
  host: { env: 'JOB_SCHEDULER_HOST', flag: 'host' },
  apiToken: { env: 'JOB_SCHEDULER_API_TOKEN' },
  allowedOrigins: { env: 'JOB_SCHEDULER_ALLOWED_ORIGINS' },
  allowedHosts: { env: 'JOB_SCHEDULER_ALLOWED_HOSTS' },
  requestCommand: { env: 'JOB_SCHEDULER_ALLOW_REQUEST_COMMAND' },
  historyLimit: { env: 'RADIX_JOB_SCHEDULERS_PER_ENVIRONMENT_HISTORY_LIMIT' },
  historySucceeded: { env: 'JOB_SCHEDULER_HISTORY_SUCCEEDED' },
  historyFailed: { env: 'JOB_SCHEDULER_HISTORY_FAILED' },
  historyBatches: { env: 'JOB_SCHEDULER_HISTORY_BATCHES' },
  maxBatchJobs: { env: 'JOB_SCHEDULER_MAX_BATCH_JOBS' },
  maxBatchBytes: { env: 'JOB_SCHEDULER_MAX_BATCH_BYTES' },
  webhookSecret: { env: 'JOB_SCHEDULER_WEBHOOK_SECRET' },
  webhookTimeout: { env: 'JOB_SCHEDULER_WEBHOOK_TIMEOUT_SECONDS' },
  webhookRetry: { env: 'JOB_SCHEDULER_WEBHOOK_RETRY_SECONDS' },
  webhookQueue: { env: 'JOB_SCHEDULER_WEBHOOK_QUEUE' },
  webhookScheduleEvents: { env: 'JOB_SCHEDULER_WEBHOOK_SCHEDULE_EVENTS' },
  retentionInterval: { env: 'JOB_SCHEDULER_RETENTION_INTERVAL_SECONDS' },
  abandonedAfter: { env: 'JOB_SCHEDULER_ABANDONED_AFTER_SECONDS' },
  dataDir: { env: 'JOB_SCHEDULER_DATA_DIR', flag: 'data-dir' },
  maxConcurrent: { env: 'JOB_SCHEDULER_MAX_CONCURRENT_JOBS' },
  startDeadline: { env: 'JOB_SCHEDULER_START_DEADLINE_SECONDS' },
  maxOutputBytes: { env: 'JOB_SCHEDULER_MAX_OUTPUT_BYTES' },
  logFormat: { env: 'LOG_FORMAT' },
  logLevel: { env: 'LOG_LEVEL' },
  ...LIMIT_SETTINGS,
  ...PLACEMENT_SETTINGS,
} satisfies Record<string, Setting>;

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const KNOWN_FLAGS = Object.values(SETTINGS).flatMap((s: Setting) => (s.flag ? [s.flag] : []));

/**
 * Reads flags, environment and radixconfig.yaml into validated settings. Throws a
 * ConfigError listing every bad setting, one line each, so the operator fixes them at once.
 */
export function loadProcessSettings(argv: string[], env: Env, cwd = process.cwd()): ProcessSettings {
  const sources = new SettingSources(argv, env, KNOWN_FLAGS);
  const configPath = resolve(cwd, sources.string(SETTINGS.config) ?? 'radixconfig.yaml');
  const application = readRadixConfig(configPath);
  if (Array.isArray(application)) throw new ConfigError([...sources.problems, ...application]);
  sources.problems.push(...cronProblems(application).map((problem) => `${configPath}: ${problem}`));

  const { runtime, runtimeReason, kubeconfig, inCluster } = chooseRuntime(sources, env, cwd);
  const environment = chooseEnvironment(sources, application);
  const jobs = chooseJobs(sources, application);
  const defaultHistory = sources.integer(SETTINGS.historyLimit, 10, 0, 1000);
  const maxBatchBytes = sources.integer(SETTINGS.maxBatchBytes, DEFAULT_MAX_BATCH_BYTES, 1024 * 1024, 1024 ** 3);
  const app = sources.string(SETTINGS.app) ?? application.metadata?.name ?? 'app';
  checkName(sources, SETTINGS.app, app);
  checkName(sources, SETTINGS.environment, environment);
  const shared = {
    app,
    environment,
    configDir: dirname(configPath),
    runtime,
    kubernetes: { kubeconfig, inCluster, namespace: sources.string(SETTINGS.namespace) },
    placement: readPlacement(sources),
    local: {
      dataDir: resolve(cwd, sources.string(SETTINGS.dataDir) ?? '.data'),
      maxOutputBytes: sources.integer(SETTINGS.maxOutputBytes, 1024 * 1024, 0, 1024 ** 3),
      maxWaitingJobs: readMaxWaitingJobs(sources),
      baseEnv: inheritableEnv(env),
    },
    retention: {
      succeeded: sources.integer(SETTINGS.historySucceeded, defaultHistory, 0, 1000),
      failed: sources.integer(SETTINGS.historyFailed, defaultHistory, 0, 1000),
      batches: sources.integer(SETTINGS.historyBatches, defaultHistory, 0, 1000),
      intervalSeconds: sources.integer(SETTINGS.retentionInterval, 60, 1, 86_400),
      // A create takes well under a second; a big batch on a slow API server, seconds.
      abandonedAfterSeconds: sources.integer(SETTINGS.abandonedAfter, 300, 10, 86_400),
    },
    batches: {
      maxJobs: sources.integer(SETTINGS.maxBatchJobs, 1000, 1, 10_000),
      maxBodyBytes: maxBatchBytes,
    },
    limits: readServerLimits(sources, maxBatchBytes),
    webhooks: {
      secret: secretSetting(sources, SETTINGS.webhookSecret),
      timeoutMs: sources.integer(SETTINGS.webhookTimeout, 5, 1, 300) * 1000,
      // At least an hour: a receiver down for a deploy or a night's maintenance still hears everything.
      retryWindowMs: sources.integer(SETTINGS.webhookRetry, 3600, 3600, 7 * 86_400) * 1000,
      maxQueue: sources.integer(SETTINGS.webhookQueue, 10_000, 1, 1_000_000),
      scheduleEvents: sources.oneOf(SETTINGS.webhookScheduleEvents, ['true', 'false'] as const) === 'true',
    },
  };
  // In a cluster the Service must reach it. Anywhere else it is a process on someone's
  // machine, running jobs with that user's programs or cluster credentials: loopback only,
  // unless the operator says otherwise, so that the Host check keeps rebound names out.
  const host = sources.string(SETTINGS.host) ?? (inCluster ? '0.0.0.0' : '127.0.0.1');
  const allowedOrigins = parseOrigins(sources, SETTINGS.allowedOrigins);
  const allowedHosts = allowedHostsFor(host, parseHostNames(sources, SETTINGS.allowedHosts));
  const requestCommand = requestCommandJobs(sources, application);
  const portOverride = oneJobOnly(sources, SETTINGS.port, jobs.length, () => sources.integer(SETTINGS.port, 0, 0, 65535));
  const imageOverride = oneJobOnly(sources, SETTINGS.image, jobs.length, () => sources.string(SETTINGS.image));
  const apiToken = secretSetting(sources, SETTINGS.apiToken);
  const queueDefaults = readQueueDefaults(sources, runtime);
  const schedulers = jobs.map((job) => {
    const resolved = resolveJobDefinition(job, environment);
    const definition = { ...resolved, image: imageOverride ?? resolved.image };
    checkRuntimeNeeds(sources, runtime, definition.name, definition.image, definition.command);
    sources.problems.push(...mountPathProblems(definition.name, definition.emptyDirs, definition.payloadPath));
    const http = {
      host,
      port: portOverride ?? job.schedulerPort,
      apiToken,
      allowedOrigins,
      allowedHosts,
    };
    const local = { ...shared.local, requestCommand: requestCommand.has(definition.name), secrets: secretValues(env, definition.secrets) };
    const queue = {
      maxConcurrentJobs: definition.maxConcurrentJobs ?? queueDefaults.maxConcurrentJobs,
      startDeadlineSeconds: definition.startDeadlineSeconds ?? queueDefaults.startDeadlineSeconds,
    };
    return new SchedulerConfig({ ...shared, local, queue, job: definition, http });
  });
  checkDistinctPorts(sources, schedulers);
  const withPeers = schedulers.map(
    (self) =>
      new SchedulerConfig({
        ...self,
        peers: schedulers.flatMap((other) =>
          other !== self && other.job.schedulerPort !== undefined && other.http.port !== undefined
            ? [{ job: other.job.name, port: other.http.port }]
            : [],
        ),
      }),
  );
  const logFormat = sources.oneOf(SETTINGS.logFormat, ['text', 'json'] as const) ?? 'text';
  const logLevel = sources.oneOf(SETTINGS.logLevel, ['error', 'warn', 'log', 'debug', 'verbose'] as const) ?? 'log';
  if (sources.problems.length > 0) throw new ConfigError(sources.problems);
  const served = schedulers.map((s) => s.job);
  const warnings = [...unappliedKeys(application, configPath), ...localNoEffect(runtime, served, configPath)];
  return { logFormat, logLevel, runtime, runtimeReason, schedulers: withPeers, warnings };
}

/** A setting that names one job's value (its port, its image): refused when several jobs are served. */
function oneJobOnly<T>(sources: SettingSources, setting: Setting, jobs: number, read: () => T): T | undefined {
  const { value, name } = sources.raw(setting);
  if (value === undefined) return undefined;
  if (jobs > 1) sources.problems.push(`${name}: serves one job only; choose it with --job or RADIX_COMPONENT`);
  return read();
}

function chooseRuntime(sources: SettingSources, env: Env, cwd: string) {
  const explicit = sources.oneOf(SETTINGS.runtime, ['kubernetes', 'local'] as const);
  const kubeconfigSetting = sources.raw(SETTINGS.kubeconfig);
  const kubeconfig = kubeconfigSetting.value === undefined ? undefined : resolve(cwd, kubeconfigSetting.value);
  if (kubeconfig !== undefined && !existsSync(kubeconfig)) {
    sources.problems.push(`${kubeconfigSetting.name}=${kubeconfigSetting.value}: file not found`);
  }
  const inCluster = env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(SERVICE_ACCOUNT_TOKEN);
  let runtime: RuntimeKind;
  let runtimeReason: string;
  if (explicit) [runtime, runtimeReason] = [explicit, `${sources.raw(SETTINGS.runtime).name} says so`];
  else if (inCluster) [runtime, runtimeReason] = ['kubernetes', 'running inside a cluster'];
  else if (kubeconfig) [runtime, runtimeReason] = ['kubernetes', `${kubeconfigSetting.name} is set`];
  else [runtime, runtimeReason] = ['local', 'no cluster configured (set KUBECONFIG to use one)'];
  if (runtime === 'kubernetes' && !inCluster && !kubeconfig) {
    sources.problems.push(`${sources.raw(SETTINGS.runtime).name}=kubernetes: needs KUBECONFIG or an in-cluster service account`);
  }
  return { runtime, runtimeReason, kubeconfig: inCluster && !kubeconfig ? undefined : kubeconfig, inCluster };
}

function chooseEnvironment(sources: SettingSources, application: RadixApplication): string {
  const known = (application.spec.environments ?? []).map((e) => e.name);
  const { value, name } = sources.raw(SETTINGS.environment);
  if (value === undefined) return known[0] ?? 'default';
  if (known.length > 0 && !known.includes(value)) {
    sources.problems.push(`${name}=${value}: not an environment of radixconfig.yaml (${known.join(', ')})`);
  }
  return value;
}

function chooseJobs(sources: SettingSources, application: RadixApplication) {
  const { value, name } = sources.raw(SETTINGS.job);
  if (value === undefined) return application.spec.jobs;
  const job = application.spec.jobs.find((j) => j.name === value);
  if (!job) {
    const known = application.spec.jobs.map((j) => j.name).join(', ');
    sources.problems.push(`${name}=${value}: not a job of radixconfig.yaml (${known})`);
    return [];
  }
  return [job];
}

/** Jobs whose requests may choose the program on the local runtime: a comma-separated list of job names. */
function requestCommandJobs(sources: SettingSources, application: RadixApplication): Set<string> {
  const { value, name } = sources.raw(SETTINGS.requestCommand);
  const listed = (value ?? '')
    .split(',')
    .map((job) => job.trim())
    .filter(Boolean);
  const known = application.spec.jobs.map((job) => job.name);
  for (const job of listed.filter((j) => !known.includes(j))) {
    sources.problems.push(`${name}=${value}: ${job} is not a job of radixconfig.yaml (${known.join(', ')})`);
  }
  return new Set(listed);
}

/** App and environment become label values and folder names: DNS labels only. */
function checkName(sources: SettingSources, setting: Setting, value: string) {
  if (value.length <= 63 && DNS_LABEL.test(value)) return;
  const { name } = sources.raw(setting);
  sources.problems.push(`${name}=${value}: must be a lowercase DNS label (a-z, 0-9 and -, at most 63 characters, starting with a letter)`);
}

/** The local runtime's values of a job's `secrets`: those set in the scheduler's own environment. */
function secretValues(env: Env, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

function checkRuntimeNeeds(sources: SettingSources, runtime: RuntimeKind, job: string, image?: string, command?: string[]) {
  if (runtime === 'kubernetes' && !image) {
    sources.problems.push(
      `jobs[${job}].image: required on the kubernetes runtime (set it in radixconfig.yaml, or with --image or JOB_SCHEDULER_IMAGE)`,
    );
  }
  if (runtime === 'kubernetes' && image?.includes('{imageTagName}')) {
    sources.problems.push(`jobs[${job}].image: ${image} needs an imageTagName in the environmentConfig of this environment`);
  }
  if (runtime === 'local' && !command?.length) {
    sources.problems.push(`jobs[${job}].command: required on the local runtime (the program each job runs)`);
  }
}

function checkDistinctPorts(sources: SettingSources, schedulers: SchedulerConfig[]) {
  const seen = new Map<number, string>();
  for (const { job, http } of schedulers) {
    if (http.port === undefined) continue;
    const other = seen.get(http.port);
    if (other) sources.problems.push(`jobs[${job.name}].schedulerPort: ${http.port} is also the port of ${other}`);
    seen.set(http.port, job.name);
  }
}

/**
 * What a local job inherits from the scheduler's environment: what programs need to run,
 * and nothing else: credentials in the scheduler's environment are not passed on (a job of the
 * same user can still read /proc/<pid>/environ; docs/security.md says what it can reach). Jobs get
 * more through `variables` in radixconfig.yaml.
 */
const INHERITED = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP|TERM)$/;

function inheritableEnv(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && INHERITED.test(entry[0])),
  );
}

/**
 * The queue's defaults for every job definition the process serves (radixconfig.yaml's
 * `maxConcurrentJobs` and `startDeadlineSeconds` win per definition): no cap on Kubernetes, a
 * job per core locally; no start deadline.
 */
function readQueueDefaults(sources: SettingSources, runtime: RuntimeKind) {
  const cap = sources.raw(SETTINGS.maxConcurrent).value;
  const deadline = sources.raw(SETTINGS.startDeadline).value;
  return {
    maxConcurrentJobs:
      cap !== undefined ? sources.integer(SETTINGS.maxConcurrent, 1, 1, 100_000) : runtime === 'local' ? availableParallelism() : undefined,
    startDeadlineSeconds: deadline !== undefined ? sources.integer(SETTINGS.startDeadline, 1, 1, 31_536_000) : undefined,
  };
}
