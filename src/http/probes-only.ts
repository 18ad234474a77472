import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RequestRefusedError } from './http.errors.js';

const PROBES = /^\/(health\/(live|ready)|metrics)\/?$/i;

/**
 * The request path of a job without a schedulerPort: its schedules start its runs and it
 * serves no API, as in Radix; only the probes and the metrics answer.
 */
export function probesOnly(job: string): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (PROBES.test(request.path)) return next();
    next(
      new RequestRefusedError(
        'NotFound',
        `job ${job} serves no API (radixconfig.yaml gives it no schedulerPort; its schedules start its runs): only /health/live, /health/ready and /metrics answer here`,
      ),
    );
  };
}
