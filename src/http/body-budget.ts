import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RequestRefusedError } from './http.errors.js';

/**
 * At most `max` bytes of request bodies read and held at once, so that the bodies the server
 * takes together fit its memory (a parsed body costs about five times its size until the
 * request is answered). A body counts from its arrival to its answer, at its Content-Length,
 * or at its route's limit when it comes chunked with no length. One that does not fit is a
 * 503 with Retry-After, before it is parsed: the server is busy, the body not wrong.
 */
export function bodyBudget(max: number, limitFor: (path: string) => number): RequestHandler {
  let held = 0;
  return (request: Request, response: Response, next: NextFunction) => {
    const length = request.headers['content-length'];
    const bytes = length !== undefined ? Number(length) || 0 : request.headers['transfer-encoding'] ? limitFor(request.path) : 0;
    if (bytes === 0) return next();
    // The connection stays: Node reads the refused body off and drops it, so the client, still
    // sending, gets its 503 rather than a broken pipe.
    if (held + bytes > max)
      return next(
        new RequestRefusedError(
          'ServiceUnavailable',
          `the scheduler is reading ${held} bytes of request bodies, and ${bytes} more would pass its limit of ${max} (JOB_SCHEDULER_MAX_BODY_BYTES_IN_FLIGHT); retry later`,
          { 'Retry-After': '1' },
        ),
      );
    held += bytes;
    response.once('close', () => (held -= bytes));
    next();
  };
}
