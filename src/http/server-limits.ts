import type { Server } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServerLimits } from '../config/server-limits.config.js';
import { RequestRefusedError } from './http.errors.js';

/**
 * Node's own timeouts for a request to arrive. Node checks them every
 * `connectionsCheckingInterval` (30 s by default, read when the server starts listening), so a
 * short timeout gets a check often enough to bite near its time.
 */
export function applyServerTimeouts(server: Server, limits: ServerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // A createServer option that Node's types omit as a property; it is read on 'listening'.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    30_000,
    Math.max(100, limits.headersTimeoutMs / 4),
  );
}

/** Paths that are never refused for load: a probe that fails under load would restart a busy scheduler. */
const UNCOUNTED = /^\/(health\/|metrics$)/;

/**
 * At most `max` requests served at once, from their arrival until their answer has ended or
 * the client has gone; streams and waits hold their slot while open. One more is a 503 with
 * Retry-After: the server is busy, not the caller wrong, and 503 is what load balancers and
 * clients retry elsewhere or later (429 says this caller sent too many, which we cannot tell).
 */
export function concurrencyLimit(max: number): RequestHandler {
  let inFlight = 0;
  return (request: Request, response: Response, next: NextFunction) => {
    if (UNCOUNTED.test(request.path)) return next();
    if (inFlight >= max)
      return next(
        new RequestRefusedError(
          'ServiceUnavailable',
          `the scheduler is serving ${max} requests, its limit (JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS); retry later`,
          { 'Retry-After': '1' },
        ),
      );
    inFlight++;
    response.once('close', () => inFlight--);
    next();
  };
}
