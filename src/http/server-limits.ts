import type { Server } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServerLimits } from '../config/server-limits.config.js';
import { onProbeReserve } from './connection-budget.js';
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

/** Requests held open until something happens: the event stream, a followed log, a wait. */
function isHeld(request: Request): boolean {
  if (/^\/api\/v1\/events\/?$/i.test(request.path)) return true;
  const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1 || request.url.length));
  return query.get('follow') === 'true' || Number(query.get('wait')) > 0;
}

const busy = (message: string) => new RequestRefusedError('ServiceUnavailable', message, { 'Retry-After': '1' });

/**
 * At most `limits.maxConcurrentRequests` requests served at once, from their arrival until
 * their answer has ended or the client has gone; of them at most `limits.maxStreams` held
 * open (streams, followed logs, waits), so that open streams leave room for the rest. One
 * more is a 503 with Retry-After: the server is busy, not the caller wrong, and 503 is what
 * load balancers and clients retry elsewhere or later (429 says this caller sent too many,
 * which we cannot tell). A connection on the probes' reserve (see applyConnectionBudget)
 * gets its probe answered, anything else a 503, and is then closed.
 */
export function concurrencyLimit(limits: Pick<ServerLimits, 'maxConcurrentRequests' | 'maxStreams'>): RequestHandler {
  let inFlight = 0;
  let held = 0;
  return (request: Request, response: Response, next: NextFunction) => {
    const reserve = onProbeReserve(request.socket);
    if (reserve) response.set('Connection', 'close');
    if (UNCOUNTED.test(request.path)) return next();
    if (reserve) return next(busy('the scheduler has all the connections it takes (JOB_SCHEDULER_MAX_CONNECTIONS); retry later'));
    if (inFlight >= limits.maxConcurrentRequests)
      return next(
        busy(
          `the scheduler is serving ${limits.maxConcurrentRequests} requests, its limit (JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS); retry later`,
        ),
      );
    const holds = isHeld(request);
    if (holds && held >= limits.maxStreams)
      return next(
        busy(`the scheduler holds ${limits.maxStreams} streams and waits open, its limit (JOB_SCHEDULER_MAX_STREAMS); retry later`),
      );
    inFlight++;
    if (holds) held++;
    response.once('close', () => {
      inFlight--;
      if (holds) held--;
    });
    next();
  };
}
