import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PayloadTooLargeError } from '../jobs/jobs.errors.js';

/**
 * A body whose Content-Length is over the limit is refused at once, before a byte of it is
 * read, and the connection is closed: the body parser would otherwise read all of it off
 * before answering, and a client that declared 1 TB and sent nothing would hold the
 * connection until the request timeout.
 */
export function declaredLength(limitFor: (path: string) => number): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const limit = limitFor(request.path);
    if (!(declared > limit)) return next();
    response.set('Connection', 'close');
    next(new PayloadTooLargeError(`request body is larger than ${limit} bytes`));
  };
}
