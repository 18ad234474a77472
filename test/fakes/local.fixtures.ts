import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobDefinition } from '../../src/config/job-definition.config.js';
import { LOOPBACK_HOST_NAMES } from '../../src/config/browser-access.config.js';
import { type LocalSettings, type QueueSettings, SchedulerConfig } from '../../src/config/scheduler.config.js';
import { Clock } from '../../src/jobs/clock.js';
import { FixedClock } from './fixed-clock.js';
import { eventually } from '../support/eventually.js';
import type { JobRecord, JobSpec, JobState } from '../../src/jobs/job.model.js';
import { JobRunner } from '../../src/local/job-runner.js';
import { JobStore } from '../../src/local/job-store.js';
import { LocalJobGateway } from '../../src/local/local-job.gateway.js';
import { LocalRuntimeOptions } from '../../src/local/local-runtime.options.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BATCH_BYTES } from '../../src/config/server-limits.config.js';
import { DEFAULT_PLACEMENT } from '../../src/config/node-placement.config.js';

// Fixtures for the unit specs of src/local (not production code).

export const T0 = new Date('2024-05-01T10:00:00Z');

export { FixedClock };

/** Fast timings: no retry back-off, a short kill grace. */
export const FAST = new LocalRuntimeOptions({ killGraceMs: 300, retryDelayMs: () => 0, drainMs: 300 });

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'local-runtime-'));
}

export function removeDir(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true });
}

export function localConfig(
  dir: string,
  overrides: { local?: Partial<LocalSettings>; job?: Partial<JobDefinition>; queue?: QueueSettings } = {},
): SchedulerConfig {
  return new SchedulerConfig({
    app: 'demo',
    environment: 'dev',
    configDir: dir,
    job: {
      name: 'compute',
      src: 'compute',
      schedulerPort: 8000,
      ports: [],
      variables: {},
      secrets: [],
      secretRefs: [],
      resources: { requests: {}, limits: {} },
      batchStatusRules: [],
      emptyDirs: [],
      ...overrides.job,
    },
    http: { host: '127.0.0.1', port: 0, allowedOrigins: [], allowedHosts: LOOPBACK_HOST_NAMES },
    runtime: 'local',
    kubernetes: { inCluster: false },
    placement: DEFAULT_PLACEMENT,
    local: {
      dataDir: join(dir, 'data'),
      maxWaitingJobs: 10_000,
      maxOutputBytes: 1024 * 1024,
      baseEnv: { FROM_BASE: 'base' },
      requestCommand: false,
      secrets: {},
      ...overrides.local,
    },
    queue: overrides.queue ?? { maxConcurrentJobs: 4 },
    retention: { succeeded: 10, failed: 10, batches: 10, intervalSeconds: 60, abandonedAfterSeconds: 300 },
    batches: { maxJobs: 1000, maxBodyBytes: DEFAULT_MAX_BATCH_BYTES },
    limits: DEFAULT_LIMITS,
    webhooks: { timeoutMs: 5000, retryWindowMs: 3_600_000, maxQueue: 10_000, scheduleEvents: false },
  });
}

let counter = 0;

/** A job running `node -e script`; node by its absolute path, so no PATH is needed. */
export function nodeJob(script: string, overrides: Partial<JobSpec> = {}): JobSpec {
  counter++;
  return {
    name: `compute-20240501100000-${String(counter).padStart(8, '0')}`,
    command: [process.execPath, '-e', script],
    env: { RADIX_JOB_NAME: 'set-by-spec' },
    description: {},
    secrets: [],
    secretRefs: [],
    resources: { requests: {}, limits: {} },
    emptyDirs: [],
    backoffLimit: 0,
    ...overrides,
  };
}

export interface Started {
  gateway: LocalJobGateway;
  store: JobStore;
}

/** A gateway as Nest would build it, loaded and ready. */
export async function startGateway(config: SchedulerConfig, clock: Clock = new FixedClock(T0), options = FAST): Promise<Started> {
  const store = new JobStore(config);
  const gateway = new LocalJobGateway(config, clock, store, new JobRunner(config, clock, options, store));
  await gateway.onModuleInit();
  return { gateway, store };
}

/** Polls until `accept` holds; fails with the last value seen. */
/** `eventually`, at the pace of unit specs. */
export function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  return eventually(probe, accept, 'the condition', { timeoutMs, intervalMs: 20 });
}

export async function waitForStatus(
  gateway: LocalJobGateway,
  name: string,
  status: JobState | ((s: JobState) => boolean),
): Promise<JobRecord> {
  const accept = typeof status === 'function' ? status : (s: JobState) => s === status;
  return (await waitFor(
    () => gateway.get(name),
    (job) => job !== undefined && accept(job.status),
  )) as JobRecord;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
