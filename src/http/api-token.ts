import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { RequestRefusedError } from './http.errors.js';

/** Paths the token guards: the API, however its case is written (Express routes without regard to it). */
const GUARDED = /^\/api(\/|$)/i;
/** Where a browser's EventSource reads, which cannot send headers: the token may come as `?access_token=`. */
const TOKEN_IN_QUERY = /^\/api\/v1\/events\/?$/i;

/**
 * With JOB_SCHEDULER_API_TOKEN set, every request under /api needs `Authorization: Bearer
 * <token>`. It runs before the body is read and before any route is looked up, so that a
 * caller without the token learns nothing (not even a 405, a 413 or a 422). Log lines name the
 * path only, so a token in a query string never reaches one. Without the setting nothing is checked.
 */
export function apiToken(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!expected || !GUARDED.test(request.path)) return next();
    const inQuery = request.method === 'GET' && TOKEN_IN_QUERY.test(request.path) ? request.query.access_token : undefined;
    const presented =
      /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? (typeof inQuery === 'string' ? inQuery : undefined);
    // Comparing digests keeps both the token and its length out of the timing.
    if (presented && timingSafeEqual(digest(presented), expected)) return next();
    next(
      new RequestRefusedError('Unauthorized', 'missing or wrong bearer token (Authorization: Bearer <token>)', {
        'WWW-Authenticate': 'Bearer',
      }),
    );
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
