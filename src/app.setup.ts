import type { LoggerService } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json } from 'express';
import { AppModule } from './app.module.js';
import { SchedulerConfig } from './config/scheduler.config.js';
import { ConsoleAssets } from './console/console-assets.js';
import { apiToken } from './http/api-token.js';
import { browserGuard } from './http/browser-guard.js';
import { bodyBudget } from './http/body-budget.js';
import { answerClientErrors } from './http/client-errors.js';
import { applyConnectionBudget } from './http/connection-budget.js';
import { declaredLength } from './http/declared-length.js';
import { swaggerPageHeaders } from './http/page-headers.js';
import { probesOnly } from './http/probes-only.js';
import { RequestValidationPipe } from './http/request-validation.pipe.js';
import { RouteTable } from './http/route-table.js';
import { applyServerTimeouts, concurrencyLimit } from './http/server-limits.js';
import { StatusFilter } from './http/status.filter.js';
import { setupSwagger } from './http/swagger.js';
import { requireUtf8 } from './http/utf8-body.js';
import { JobListJson } from './jobs/job-list-json.js';
import { jobListFastPath } from './jobs/job-list.fast-path.js';
import { JobsService } from './jobs/jobs.service.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { SchedulerMetrics } from './metrics/scheduler-metrics.js';

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

/** The server, the request path, pipes, the filter and Swagger; main.ts and the e2e tests both use it. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(SchedulerConfig);
  answerClientErrors(app.getHttpServer());
  applyServerTimeouts(app.getHttpServer(), config.limits);
  applyConnectionBudget(app.getHttpServer(), config.limits);
  // Express would hash every body for an ETag that no client of a job API sends back; a list of
  // a thousand jobs is 400 KB of hashing per request.
  app.set('etag', false);
  // Names the framework to anyone probing for its known flaws, and tells a client nothing it needs.
  app.disable('x-powered-by');
  const routes = new RouteTable(() => app.get(ModulesContainer));
  const filter = new StatusFilter(routes);
  const servesApi = config.job.schedulerPort !== undefined;
  for (const step of servesApi ? requestPath(app, config, routes, filter) : probesPath(app, config, filter)) app.use(step);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(filter);
  if (servesApi) setupSwagger(app);
}

/** A job its schedules alone start (no schedulerPort) serves no API: its probes and metrics only. */
function probesPath(app: NestExpressApplication, config: SchedulerConfig, filter: StatusFilter): (RequestHandler | ErrorRequestHandler)[] {
  return [httpMetrics(app.get(SchedulerMetrics), config.job.name), probesOnly(config.job.name), filter.middleware];
}

/**
 * Every request goes through these steps, in this order, and then to Nest's routes (the
 * controllers, their validation pipe, and the one filter for what they throw). A step sees only
 * what the steps before it let through, so the order is the design:
 * 1. metrics time everything, refusals included;
 * 2. limits on requests in flight and on streams held open (probes and metrics never count),
 *    and probes only on a connection past the connection budget;
 * 3. guards: what a browser sends for a page of another site, then the token, so that a caller
 *    without it learns nothing else (not even a 405, 413 or 422);
 * 4. a declared body length over the limit, refused before a byte is read, and a body that
 *    would pass the bytes of bodies held at once (503);
 * 5. the fast path: the whole job list, the read pollers repeat, answered without the router;
 * 6. a literal route owns its path (`GET /api/v1/jobs/stop` is a 405, not a job named stop);
 * 7. the console: its assets, and its page for a GET of any path no route has; Swagger UI's
 *    pages get the console's page headers;
 * 8. body parsing: any content type is read as JSON (clients such as `curl -d` omit the header;
 *    browsers must say application/json, step 3 sees to that), batches with their own limit;
 * 9. errors of the steps above become Status bodies, as the filter makes them for routes.
 */
function requestPath(
  app: NestExpressApplication,
  config: SchedulerConfig,
  routes: RouteTable,
  filter: StatusFilter,
): (RequestHandler | ErrorRequestHandler)[] {
  const consoleAssets = new ConsoleAssets(config);
  // Not strict: a body of `123` or `"x"` is JSON, and is refused as "not an object" by name. The
  // first parser that reads a body marks it read, and the next one passes it by.
  const parsing = { type: () => true, strict: false, verify: requireUtf8 };
  const batchBody = json({ ...parsing, limit: config.batches.maxBodyBytes });
  const bodyLimit = (path: string) => (BATCHES.test(path) ? config.batches.maxBodyBytes : config.limits.maxBodyBytes);
  return [
    httpMetrics(app.get(SchedulerMetrics), config.job.name),
    concurrencyLimit(config.limits),
    browserGuard(config.http),
    apiToken(config.http.apiToken),
    declaredLength(bodyLimit),
    bodyBudget(config.limits.maxBodyBytesInFlight, bodyLimit),
    jobListFastPath(app.get(JobsService), app.get(JobListJson)),
    routes.middleware,
    consoleAssets.files(),
    consoleAssets.pages((path) => routes.methodsFor(path).length > 0),
    swaggerPageHeaders(),
    ((request, response, next) => (BATCHES.test(request.path) ? batchBody(request, response, next) : next())) satisfies RequestHandler,
    json({ ...parsing, limit: config.limits.maxBodyBytes }),
    filter.middleware,
  ];
}
