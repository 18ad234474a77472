import type { JobDefinition } from '../../src/config/job-definition.config.js';
import { LOOPBACK_HOST_NAMES } from '../../src/config/browser-access.config.js';
import { SchedulerConfig } from '../../src/config/scheduler.config.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BATCH_BYTES } from '../../src/config/server-limits.config.js';
import { DEFAULT_PLACEMENT } from '../../src/config/node-placement.config.js';

export function aJobDefinition(overrides: Partial<JobDefinition> = {}): JobDefinition {
  return {
    name: 'compute',
    schedulerPort: 8000,
    payloadPath: '/compute/args',
    ports: [],
    image: 'compute:1.0.0',
    variables: {},
    secrets: [],
    secretRefs: [],
    batchStatusRules: [],
    emptyDirs: [],
    resources: { requests: {}, limits: {} },
    command: ['node', 'main.mjs'],
    ...overrides,
  };
}

/** A scheduler config for tests; `job` and the rest can be overridden field by field. */
export type SchedulerConfigOverrides = Partial<Omit<SchedulerConfig, 'job'>> & { job?: Partial<JobDefinition> };

export function aSchedulerConfig(overrides: SchedulerConfigOverrides = {}): SchedulerConfig {
  const { job, ...rest } = overrides;
  return new SchedulerConfig({
    app: 'demo',
    environment: 'dev',
    configDir: process.cwd(),
    http: { host: '127.0.0.1', port: 0, allowedOrigins: [], allowedHosts: LOOPBACK_HOST_NAMES },
    runtime: 'local',
    kubernetes: { inCluster: false },
    placement: DEFAULT_PLACEMENT,
    local: {
      dataDir: '.data',
      maxWaitingJobs: 10_000,
      maxOutputBytes: 65536,
      baseEnv: {},
      requestCommand: false,
      secrets: {},
    },
    queue: {},
    retention: { succeeded: 10, failed: 10, batches: 10, intervalSeconds: 60, abandonedAfterSeconds: 300 },
    batches: { maxJobs: 1000, maxBodyBytes: DEFAULT_MAX_BATCH_BYTES },
    limits: DEFAULT_LIMITS,
    webhooks: { timeoutMs: 5000, retryWindowMs: 3_600_000, maxQueue: 10_000, scheduleEvents: false },
    ...rest,
    job: aJobDefinition(job),
  });
}
