import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SchedulerMetrics } from './scheduler-metrics.js';

/**
 * Times every request by the route it matched (`/api/v1/jobs/:jobName`, never the name
 * itself, so that the series stay few); what matched no route counts as `unmatched`.
 */
export function httpMetrics(metrics: SchedulerMetrics, definition: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    response.once('finish', () => {
      const path = (request.route as { path?: unknown } | undefined)?.path;
      // A handler in front of Nest's router (jobListFastPath) names its route in `locals`.
      const named = (response.locals as { route?: unknown }).route;
      const route = typeof path === 'string' ? `${request.baseUrl}${path}` : typeof named === 'string' ? named : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.httpDuration.observe(
        { job_definition: definition, route, method: request.method, code: String(response.statusCode) },
        seconds,
      );
    });
    next();
  };
}
