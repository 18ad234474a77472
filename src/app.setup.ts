import type { LoggerService } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { SchedulerConfig } from './config/scheduler.config.js';
import { ConsoleAssets } from './console/console-assets.js';
import { apiToken } from './http/api-token.js';
import { answerClientErrors } from './http/client-errors.js';
import { browserGuard } from './http/browser-guard.js';
import { declaredLength } from './http/declared-length.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { SchedulerMetrics } from './metrics/scheduler-metrics.js';
import { RequestValidationPipe } from './http/request-validation.pipe.js';
import { RouteTable } from './http/route-table.js';
import { StatusFilter } from './http/status.filter.js';
import { setupSwagger } from './http/swagger.js';
import { requireUtf8 } from './http/utf8-body.js';
import { json } from 'express';
import { JobListJson } from './jobs/job-list-json.js';
import { jobListFastPath } from './jobs/job-list.fast-path.js';
import { JobsService } from './jobs/jobs.service.js';
import { applyServerTimeouts, concurrencyLimit } from './http/server-limits.js';

/** Where a batch's bigger limit applies. */
const BATCHES = /^\/api\/v1\/batches(\/|$)/i;

export async function createSchedulerApp(
  config: SchedulerConfig,
  logger?: LoggerService,
  metrics?: SchedulerMetrics,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forScheduler(config, metrics), {
    bodyParser: false,
    logger: logger ?? ['error', 'warn'],
  });
  configureApp(app);
  return app;
}

/** Pipes, filter, body parsing and Swagger; main.ts and the e2e tests both use it. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(SchedulerConfig);
  answerClientErrors(app.getHttpServer());
  applyServerTimeouts(app.getHttpServer(), config.limits);
  // Express would hash every body for an ETag that no client of a job API sends back; a list of
  // a thousand jobs is 400 KB of hashing per request.
  app.set('etag', false);
  const consoleAssets = new ConsoleAssets(config);
  const routes = new RouteTable(() => app.get(ModulesContainer));
  const filter = new StatusFilter(routes, consoleAssets);
  app.use(httpMetrics(app.get(SchedulerMetrics), config.job.name));
  app.use(concurrencyLimit(config.limits.maxConcurrentRequests));
  // Before any work: what a browser sends for an untrusted page is refused.
  app.use(browserGuard(config.http));
  // Then the token, then a declared length: a caller without the token learns nothing else.
  app.use(apiToken(config.http.apiToken));
  app.use(declaredLength((path) => (BATCHES.test(path) ? config.batches.maxBodyBytes : config.limits.maxBodyBytes)));
  // Past the guards, the hot read (the whole list, no query) skips Nest's route path.
  app.use(jobListFastPath(app.get(JobsService), app.get(JobListJson)));
  // A literal route owns its path: `GET /api/v1/jobs/stop` is a 405, not a lookup of a job named stop.
  app.use(routes.middleware);
  app.use(consoleAssets.files());
  // Any content type is read as JSON: clients such as `curl -d` omit the header. Browsers
  // (requests with an Origin) must say application/json; browserGuard sees to that.
  // Not strict: a body of `123` or `"x"` is JSON, and is refused as "not an object" by name.
  // A batch carries many payloads, so its limit is its own setting; the first parser that
  // reads a body marks it read, and the next one passes it by.
  const parsing = { type: () => true, strict: false, verify: requireUtf8 };
  app.use(BATCHES, json({ ...parsing, limit: config.batches.maxBodyBytes }));
  app.useBodyParser('json', { ...parsing, limit: config.limits.maxBodyBytes });
  app.use(filter.middleware);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(filter);
  setupSwagger(app);
}
