import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { SchedulerConfig } from './config/scheduler.config.js';
import { buildOpenApiDocument } from './http/swagger.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BATCH_BYTES } from './config/server-limits.config.js';
import { DEFAULT_PLACEMENT } from './config/node-placement.config.js';

/** The document does not depend on the job definition; any valid one describes the API. */
const DESCRIBED = {
  app: 'app',
  environment: 'default',
  job: {
    name: 'job',
    schedulerPort: 8000,
    ports: [],
    variables: {},
    secrets: [],
    secretRefs: [],
    resources: { requests: {}, limits: {} },
    batchStatusRules: [],
    emptyDirs: [],
  },
  configDir: '.',
  http: { host: '127.0.0.1', port: 8000, allowedOrigins: [] },
  runtime: 'local',
  kubernetes: { inCluster: false },
  placement: DEFAULT_PLACEMENT,
  local: {
    dataDir: '.data',
    maxWaitingJobs: 10_000,
    maxOutputBytes: 0,
    baseEnv: {},
    requestCommand: false,
    secrets: {},
  },
  queue: {},
  retention: { succeeded: 10, failed: 10, batches: 10, intervalSeconds: 60, abandonedAfterSeconds: 300 },
  batches: { maxJobs: 1000, maxBodyBytes: DEFAULT_MAX_BATCH_BYTES },
  limits: DEFAULT_LIMITS,
  webhooks: { timeoutMs: 5000, retryWindowMs: 3_600_000, maxQueue: 10_000, scheduleEvents: false },
} satisfies ConstructorParameters<typeof SchedulerConfig>[0];

/**
 * Builds the OpenAPI document from the code, without starting any runtime (preview mode): the
 * general one (the committed openapi.json), or, with `served`, as a scheduler with these
 * settings serves it.
 */
export async function generateOpenApiDocument(served?: {
  apiToken?: string;
  runtime?: 'local' | 'kubernetes';
  requestCommand?: boolean;
}): Promise<OpenAPIObject> {
  const config = new SchedulerConfig({
    ...DESCRIBED,
    http: { ...DESCRIBED.http, apiToken: served?.apiToken },
    runtime: served?.runtime ?? 'local',
    local: { ...DESCRIBED.local, requestCommand: served?.requestCommand ?? false },
  });
  const app = await NestFactory.create(await AppModule.forScheduler(config), { preview: true, logger: false });
  try {
    return buildOpenApiDocument(app, { general: served === undefined });
  } finally {
    await app.close();
  }
}

export function serialize(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
